import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHECK_FIXTURES } from './check-fixtures.js';

// Generated and hand-written migrations, mutated at random with Python and SQL fragments (broken,
// Python 2, hostile): the fuzz test's files, which the fast reader's differential test reads too.

/** mulberry32: small, seeded, good enough to pick mutations. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PYTHON_FRAGMENTS = [
  'print "upgrading"',
  'x = `1`',
  'exec "pass"',
  'except ValueError, e:',
  'import a.b import c',
  'op.execute(f"CREATE TABLE {name} AS SELECT 1")',
  'op.execute(f"{sql}")',
  'op.execute("%s" % (x,))',
  'op.execute("{} {}".format(a))',
  'op.execute("""',
  '"""',
  "'''",
  'f"{{{x!r:>{width}}}}"',
  'op.execute("\\N{LATIN SMALL LETTER A}\\x4\\u12\\777")',
  'with op.batch_alter_table(name) as batch_op:',
  'with op.batch_alter_table("t") as b:\n        b.add_column(sa.Column("c", sa.Enum(name="e")))',
  'batch_op.alter_column("c", new_column_name="d", nullable=False, type_=sa.Text())',
  'op.create_index(op.f("ix"), "t", ["a"], postgresql_concurrently=True)',
  'sa.Enum(name="e").create(op.get_bind(), checkfirst=x)',
  'if op.get_bind().dialect.name == "postgresql":',
  'bind = op.get_bind(); rows = bind.execute(sa.text("SELECT 1")).fetchall()',
  'op.bulk_insert(t, [{}])',
  'op.create_entity(x)',
  'def upgrade():',
  'def downgrade(): pass',
  'return',
  'raise NotImplementedError()',
  'lambda (a, b): a',
  'x = 0777L',
  'if a <> b: pass',
  '((((((((((((((((((((x))))))))))))))))))))',
  '[' + '['.repeat(50),
  '\u0000',
  '\r\n',
  '\t\t',
  '# -*- coding: latin-1 -*-',
  'revision = make()',
  'down_revision = ("a", "b",)',
  'branch_labels = ("x",)',
  'depends_on = "nowhere"',
];

const SQL_FRAGMENTS = [
  'CREATE TABLE t AS SELECT 1',
  'CREATE TEMP TABLE t AS SELECT 1',
  'CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT 1',
  'SELECT * INTO t2 FROM t',
  'DO $$ BEGIN CREATE TYPE e AS ENUM (\'a\'); END $$',
  'DO $$ BEGIN IF to_regclass(\'t\') IS NULL THEN EXECUTE \'CREATE TABLE t ()\'; END IF; END $$',
  'DO $$ DECLARE r record; BEGIN FOR r IN SELECT 1 LOOP COMMIT; END LOOP; END $$',
  'DO LANGUAGE plpython3u $$ pass $$',
  'DO $x$ BEGIN $x$',
  '$$',
  "ALTER TYPE e RENAME VALUE 'a' TO 'b'",
  'ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > 0)',
  'ALTER TABLE p ATTACH PARTITION p1 FOR VALUES IN (1)',
  'ALTER TABLE p DETACH PARTITION p2 CONCURRENTLY',
  'ALTER TABLE t ALTER COLUMN a ADD GENERATED ALWAYS AS IDENTITY',
  'ALTER TABLE t INHERIT u',
  'CREATE POLICY p ON t USING (true)',
  'CREATE RULE r AS ON INSERT TO t DO NOTHING',
  'CREATE PUBLICATION p FOR ALL TABLES',
  'CREATE CAST (int AS text) WITH INOUT',
  'ALTER TABLE t SET SCHEMA s',
  'DROP DATABASE d',
  'DROP FUNCTION f(int), g',
  'BEGIN; COMMIT; ROLLBACK; SAVEPOINT s',
  'VACUUM FULL t',
  'INSERT INTO t VALUES (%s, %(name)s, :bind, $1)',
  'TRUNCATE t CASCADE',
  'LOCK TABLE t IN ACCESS EXCLUSIVE MODE',
  'ALTER TABLE t ADD COLUMN c uuid NOT NULL DEFAULT gen_random_uuid() REFERENCES u (id) CHECK (c IS NOT NULL) UNIQUE',
  'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON t USING gin (a jsonb_path_ops) WHERE b',
  'COPY t FROM STDIN',
  'ALTER TABLE t ADD CONSTRAINT c CHECK (a IS NOT NULL) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT c; ALTER TABLE t ALTER a SET NOT NULL',
  'SET LOCAL lock_timeout = 0',
  "SELECT set_config('lock_timeout', '1s', true)",
  ';;;',
  '/* unterminated',
  "'unterminated",
  '"quoted ident',
  'E\'\\x\'',
];

/** Every fixture and generated migration this repository has: the files the mutations start from. */
export function corpus(): string[] {
  const files: string[] = [];
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && entry.name.endsWith('.py')) files.push(readFileSync(path, 'latin1'));
    }
  };
  visit(CHECK_FIXTURES);
  visit(resolve(import.meta.dirname, '../../examples/versions'));
  visit(resolve(import.meta.dirname, '../snapshots/__snapshots__'));
  return files;
}

/** One random change: a fragment inserted, a span cut or repeated, lines swapped, the text cut short. */
function mutate(text: string, next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const at = Math.floor(next() * (text.length + 1));
  switch (Math.floor(next() * 8)) {
    case 0:
      return `${text.slice(0, at)}\n    ${pick(PYTHON_FRAGMENTS)}\n${text.slice(at)}`;
    case 1:
      return `${text.slice(0, at)}${pick(PYTHON_FRAGMENTS)}${text.slice(at)}`;
    case 2:
      return `${text.slice(0, at)}${pick(SQL_FRAGMENTS)}${text.slice(at)}`;
    case 3:
      return `${text.slice(0, at)}\n    op.execute(${JSON.stringify(pick(SQL_FRAGMENTS))})\n${text.slice(at)}`;
    case 4:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + Math.floor(next() * 80)));
    case 5: {
      const lines = text.split('\n');
      const [a, b] = [Math.floor(next() * lines.length), Math.floor(next() * lines.length)];
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 6:
      return text.slice(0, at);
    default:
      return `${text.slice(0, at)}${String.fromCodePoint(Math.floor(next() * 0x2ffff))}${text.slice(at)}`;
  }
}

/** `count` mutated migrations, the same for the same seed: each from a corpus file, changed one to four times. */
export function mutatedMigrations(seed: number, count: number): string[] {
  const sources = corpus();
  const next = random(seed);
  return Array.from({ length: count }, () => {
    let text = sources[Math.floor(next() * sources.length)]!;
    const mutations = 1 + Math.floor(next() * 4);
    for (let step = 0; step < mutations; step += 1) text = mutate(text, next);
    return text;
  });
}
