import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createAlembicProject } from '../support/alembic-project.js';
import { runDriver } from '../support/alembic-driver.js';
import { CHECK_FIXTURES } from '../support/check-fixtures.js';
import { runCli } from '../support/cli.js';
import { unwrapDoBlocks } from '../support/do-block-statements.js';

// squawk (squawk-cli from npm, the field's PostgreSQL migration linter) over the offline SQL of
// every generated example: the example specs and check's generated history, each migration's
// upgrade and downgrade. squawk does not look inside DO blocks, so it also reads the same SQL with
// every DO block replaced by the statements it runs (their guards and retry loops left out). Every
// finding must be on the allow-list below, each entry with its reason, and every entry is used.

const adminUrl = inject('adminUrl');
const python = inject('python');
const ROOT = resolve(import.meta.dirname, '../..');
const SQUAWK = join(ROOT, 'node_modules', '.bin', 'squawk');

function yamlFiles(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(directory, name));
}

/** The specs generated-clean generates a history from, in the same order. */
const SPECS = [...yamlFiles(join(ROOT, 'examples/history')), ...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(join(CHECK_FIXTURES, 'generated'))];

type Read = 'as written' | 'unwrapped';

interface Allowed {
  readonly rule: string;
  /** Migrations (file name prefixes) where it is found. */
  readonly in: readonly string[];
  /** As Alembic prints the SQL, or with the DO blocks unwrapped, or both. */
  readonly read: readonly Read[];
  readonly reason: string;
}

const BOTH: readonly Read[] = ['as written', 'unwrapped'];
const UNWRAPPED: readonly Read[] = ['unwrapped'];
const ALL = ['001', '002', '003', '004', '005', '006', '007', '008', '009'] as const;

const STATEMENT_TIMEOUT =
  'statement_timeout is set only when the spec or configuration asks for it: long work (concurrent builds, VALIDATE, backfills) must not be cancelled halfway, and every catalog update waits at most lock_timeout for its lock';

const ALLOWED: readonly Allowed[] = [
  { rule: 'prefer-text-field', in: ['001', '003', '005'], read: BOTH, reason: 'the spec asks for varchar(n): the column type is the spec author\'s choice' },
  { rule: 'prefer-text-field', in: ['009'], read: UNWRAPPED, reason: 'alter_column type: varchar(2000), the spec author\'s choice' },
  { rule: 'prefer-bigint-over-int', in: ['001', '006', '009'], read: BOTH, reason: 'the spec asks for integer: the column type is the spec author\'s choice' },
  { rule: 'prefer-bigint-over-int', in: ['007'], read: UNWRAPPED, reason: 'add_column of an integer column, inside its retry loop: the spec author\'s choice' },
  ...['005', '006', '009'].map((migration) => ({ rule: 'require-statement-timeout', in: [migration], read: BOTH, reason: STATEMENT_TIMEOUT })),
  ...['001', '002', '003', '004', '007', '008'].map((migration) => ({ rule: 'require-statement-timeout', in: [migration], read: UNWRAPPED, reason: STATEMENT_TIMEOUT })),
  {
    rule: 'require-statement-timeout',
    in: ['001', '002', '003', '004', '007', '008'],
    read: ['as written'],
    reason: "the shape checks' helper functions, created in pg_temp (this session's own schema): a catalog write that locks no table",
  },
  {
    rule: 'adding-required-field',
    in: ['001', '002', '003', '005', '006', '009'],
    read: UNWRAPPED,
    reason: "create_table's completion of a table found without some of its columns: its shape check stops the migration first when the table holds rows and lacks a NOT NULL column without a default, so this runs on an empty table only",
  },
  {
    rule: 'adding-field-with-default',
    in: ['003'],
    read: UNWRAPPED,
    reason: "create_table's completion of a table found without a gen_random_uuid() column: its shape check stops the migration first when the table holds rows and adding the column would rewrite it, so this runs on an empty table only",
  },
  {
    rule: 'require-enum-value-ordering',
    in: ['003', '004', '005', '006'],
    read: UNWRAPPED,
    reason: "an enum found without some of its labels gets them in place: the last one at the end (the labels it has all come before it), each other one BEFORE the label after it",
  },
  { rule: 'adding-field-with-default', in: ['005'], read: BOTH, reason: 'gen_random_uuid() default on ticket_events, a table created earlier in the same migration (new, empty): squawk cannot tell' },
  { rule: 'ban-drop-table', in: ['001', '002', '003', '005', '006', '009'], read: UNWRAPPED, reason: 'the downgrade drops the table its upgrade created (or drop_table asks for it)' },
  { rule: 'ban-drop-table', in: ['009'], read: BOTH, reason: 'drop_table asks for it (generate warns that its rows go); on a table created earlier in the same migration it is a plain statement' },
  { rule: 'ban-drop-column', in: ['003', '007', '009'], read: UNWRAPPED, reason: 'the downgrade drops the column its upgrade added (or drop_column asks for it, and generate warns that its data goes)' },
  { rule: 'ban-drop-column', in: ['009'], read: BOTH, reason: 'drop_column asks for it (generate warns that its data goes); on a table created earlier in the same migration it is a plain statement' },
  { rule: 'ban-drop-not-null', in: ['007', '008', '009'], read: UNWRAPPED, reason: 'the downgrade gives back the nullability the column had before the upgrade' },
  {
    rule: 'prefer-robust-stmts',
    in: ['003', '005', '006', '007', '008', '009'],
    read: UNWRAPPED,
    reason: 'unwrapped, ADD CONSTRAINT, DROP INDEX and the like lose the pg_constraint / pg_index lookup of their DO block that guards them (as written, squawk finds nothing)',
  },
  {
    rule: 'adding-serial-primary-key-field',
    in: ['001', '002', '003', '005', '006', '009'],
    read: UNWRAPPED,
    reason: 'ADD CONSTRAINT ... PRIMARY KEY on a table created earlier in the same migration (new, empty): squawk cannot tell',
  },
  {
    rule: 'require-concurrent-index-deletion',
    in: ['003', '005', '006', '007', '009'],
    read: UNWRAPPED,
    reason: 'DROP INDEX of an INVALID index an interrupted concurrent build left behind, under its lookup and after lock_timeout: CONCURRENTLY cannot run in the DO block the lookup needs',
  },
  { rule: 'require-concurrent-index-deletion', in: ['008'], read: UNWRAPPED, reason: 'the downgrade of create_index with concurrently: false (opted out)' },
  { rule: 'require-concurrent-index-creation', in: ['008'], read: UNWRAPPED, reason: 'create_index with concurrently: false (opted out)' },
  { rule: 'constraint-missing-not-valid', in: ['008'], read: UNWRAPPED, reason: 'add_check, add_foreign_key with not_valid: false, add_unique with concurrently: false (opted out)' },
  { rule: 'adding-foreign-key-constraint', in: ['008'], read: UNWRAPPED, reason: 'add_foreign_key with not_valid: false (opted out)' },
  { rule: 'disallowed-unique-constraint', in: ['008'], read: UNWRAPPED, reason: 'add_unique with concurrently: false (opted out)' },
  { rule: 'adding-not-nullable-field', in: ['008'], read: UNWRAPPED, reason: 'alter_column nullable: false with not_valid: false (opted out)' },
  { rule: 'changing-column-type', in: ['009'], read: UNWRAPPED, reason: 'alter_column type: blocking by nature (generate warns, naming the rewrite)' },
  { rule: 'renaming-column', in: ['009'], read: UNWRAPPED, reason: 'rename_column, on a table created earlier in the same migration; a rename is dangerous by nature (generate warns)' },
];

interface Finding {
  readonly migration: string;
  readonly read: Read;
  readonly rule: string;
  readonly line: string;
}

function squawk(files: readonly string[]): { file: string; line: number; rule_name: string }[] {
  const run = spawnSync(SQUAWK, ['--reporter', 'json', ...files], { encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) throw new Error(`squawk failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout || '[]') as { file: string; line: number; rule_name: string }[];
}

describe('squawk on the offline SQL of every generated example', () => {
  it('finds nothing but what the allow-list names, with its reason', async () => {
    const project = createAlembicProject();
    mkdirSync(project.versions, { recursive: true });
    for (const spec of SPECS) expect(runCli(['generate', '--spec', spec], { cwd: project.root }).code, spec).toBe(0);
    const revisions = project.files().map((name) => name.replace(/\.py$/, ''));
    expect(revisions.map((revision) => revision.slice(0, 3))).toEqual(ALL);

    const sqlDir = join(project.root, 'sql');
    mkdirSync(sqlDir);
    const files = new Map<string, { migration: string; read: Read; text: string }>();
    // Each migration's offline upgrade and downgrade, as few Python processes as can be: a downgrade
    // that raises (an irreversible execute) ends its batch, and the next batch starts after it.
    const ranges = revisions.map((revision, index) => ({ revision, previous: index === 0 ? 'base' : revisions[index - 1]! }));
    const captured = (args: readonly string[][]): (string | undefined)[] => {
      const outputs: (string | undefined)[] = [];
      while (outputs.length < args.length) {
        try {
          const steps = args.slice(outputs.length).map((alembic) => ({ alembic: [...alembic, '--sql'], capture: true }));
          outputs.push(...runDriver(python, { config: project.config, url: adminUrl, steps }).map((result) => result.output!));
        } catch (error) {
          const failed = Number(/^Error: step (\d+) /.exec(String(error))?.[1]);
          if (!String(error).includes('NotImplementedError: This migration cannot be undone') || Number.isNaN(failed)) throw error;
          const before = args.slice(outputs.length, outputs.length + failed).map((alembic) => ({ alembic: [...alembic, '--sql'], capture: true }));
          const done = before.length > 0 ? runDriver(python, { config: project.config, url: adminUrl, steps: before }) : [];
          outputs.push(...done.map((result) => result.output!), undefined);
        }
      }
      return outputs;
    };
    const ups = captured(ranges.map(({ revision, previous }) => ['upgrade', `${previous}:${revision}`]));
    const downs = captured(ranges.map(({ revision, previous }) => ['downgrade', `${revision}:${previous}`]));
    const irreversible = revisions.filter((_, index) => downs[index] === undefined).map((revision) => revision.slice(0, 3));
    for (const [index, revision] of revisions.entries()) {
      for (const [direction, asWritten] of [['up', ups[index]], ['down', downs[index]]] as const) {
        if (asWritten === undefined) continue;
        for (const [read, text] of [['as written', asWritten], ['unwrapped', await unwrapDoBlocks(asWritten)]] as const) {
          const path = join(sqlDir, `${revision}.${direction}.${read === 'unwrapped' ? 'unwrapped.' : ''}sql`);
          writeFileSync(path, text);
          files.set(path, { migration: revision.slice(0, 3), read, text });
        }
      }
    }
    // The downgrade of an irreversible execute raises NotImplementedError before any SQL.
    expect(irreversible).toEqual(['004']);

    const findings: Finding[] = squawk([...files.keys()]).map((raw) => {
      const file = files.get(raw.file)!;
      return { migration: file.migration, read: file.read, rule: raw.rule_name, line: file.text.split('\n')[raw.line]?.trim() ?? '' };
    });
    const allowedBy = (finding: Finding): Allowed | undefined =>
      ALLOWED.find((entry) => entry.rule === finding.rule && entry.in.includes(finding.migration) && entry.read.includes(finding.read));
    expect(findings.filter((finding) => !allowedBy(finding))).toEqual([]);
    const unused = ALLOWED.flatMap((entry) =>
      entry.in
        .filter((migration) => !findings.some((finding) => finding.rule === entry.rule && finding.migration === migration && entry.read.includes(finding.read)))
        .map((migration) => `${entry.rule} in ${migration} (${entry.reason})`),
    );
    expect(unused, 'allow-list entries squawk no longer needs').toEqual([]);
    // The safe forms themselves pass: what squawk reports of locks is only where a spec opted out or asked for it.
    const lockRules = ['require-concurrent-index-creation', 'constraint-missing-not-valid', 'adding-foreign-key-constraint', 'disallowed-unique-constraint', 'adding-not-nullable-field'];
    expect(new Set(findings.filter((finding) => lockRules.includes(finding.rule)).map((finding) => finding.migration))).toEqual(new Set(['008']));
  });
});
