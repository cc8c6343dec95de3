import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { replayWithPsql } from '../../src/verify/psql.js';
import { runDriver, type CatalogSnapshot, type DriverStep } from '../support/alembic-driver.js';
import { createAlembicProject } from '../support/alembic-project.js';
import { createDatabase } from '../support/databases.js';
import { FRAGMENTS, quoted } from './hostile-values.js';
import { lintDefault } from './lint-default.js';

// A sample of fuzzed specs (fixed seed) with hostile values where values go (comments, enum
// labels, defaults, a comment set by execute whose text spans lines with CRLF) taken through real
// Alembic on PostgreSQL as one history: each migration upgraded, upgraded again, downgraded,
// downgraded again and upgraded again, the catalog compared each time; the whole history replayed
// offline with psql. What PostgreSQL stored is compared byte for byte with what the spec said.

const adminUrl = inject('adminUrl');
const python = inject('python');
const SAMPLES = 30;

// Letters newer than Unicode 13.0 after a colon are refused by design (tested elsewhere): not here.
const VALUE_FRAGMENTS = FRAGMENTS.filter((fragment) => fragment !== '\x00' && !fragment.includes('\u{2ebf0}'));
const value = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...VALUE_FRAGMENTS) }, { weight: 1, arbitrary: fc.string({ maxLength: 5, unit: 'grapheme' }) }), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('').replaceAll('\x00', ''))
  .filter((text) => text.length > 0 && Buffer.byteLength(text) <= 60);
const sample = fc.record({ tableComment: value, columnComment: value, labels: fc.uniqueArray(value, { minLength: 1, maxLength: 3 }), defaultText: value.filter((text) => !/[\u0000-\u001f\u007f]/.test(text)), executed: value.map((text) => `${text}\r\n${text}`.replaceAll('\t', ' ')) });
// (Alembic's offline mode writes every tab as four spaces, inside quoted text too: a raw tab in
// execute SQL cannot survive `--sql`, so the executed text here has none. The tool's own literals
// escape tabs as E'\\t', which the comments and labels above prove.)
type Sample = typeof sample extends fc.Arbitrary<infer T> ? T : never;

function specOf(index: number, values: Sample): Record<string, unknown> {
  const table = `fz${index}_t`;
  return {
    message: `fuzz sample ${index}`,
    operations: [
      { op: 'create_enum', name: `fz${index}_kind`, values: values.labels },
      {
        op: 'create_table',
        table,
        comment: values.tableComment,
        columns: [
          { name: 'id', type: 'bigint', primary_key: true },
          { name: 'kind', type: `fz${index}_kind` },
          { name: 'label', type: 'text', server_default: quoted(values.defaultText), comment: values.columnComment },
          { name: 'note', type: 'text' },
        ],
      },
      { op: 'execute', upgrade: `COMMENT ON COLUMN ${table}.note IS ${quoted(values.executed)}`, downgrade: 'SELECT 1' },
    ],
  };
}

/** What PostgreSQL stored of the samples: comments, labels in order, and each default evaluated. */
const STORED = `
SELECT kind, name, value FROM (
  SELECT 'table' AS kind, c.relname::text AS name, obj_description(c.oid, 'pg_class') AS value
    FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname LIKE 'fz%'
  UNION ALL
  SELECT 'column', c.relname || '.' || a.attname, col_description(c.oid, a.attnum)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname LIKE 'fz%' AND a.attnum > 0 AND NOT a.attisdropped AND col_description(c.oid, a.attnum) IS NOT NULL
  UNION ALL
  SELECT 'label', t.typname || '.' || lpad(e.enumsortorder::text, 3, '0'), e.enumlabel::text
    FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname LIKE 'fz%'
  UNION ALL
  SELECT 'default', c.relname || '.' || a.attname, pg_get_expr(d.adbin, d.adrelid)
    FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
   WHERE c.relname LIKE 'fz%'
) stored ORDER BY kind, name`;

function expectedRows(index: number, values: Sample): string[][] {
  const table = `fz${index}_t`;
  return [
    ['column', `${table}.label`, values.columnComment],
    ['column', `${table}.note`, values.executed],
    ['default', `${table}.label`, `${quoted(values.defaultText)}::text`],
    ...values.labels.map((label, order) => ['label', `fz${index}_kind.${String(order + 1).padStart(3, '0')}`, label]),
    ['table', table, values.tableComment],
  ];
}

const rowsOf = (snapshot: CatalogSnapshot): string[][] => snapshot.rows as string[][];
const withoutRows = ({ rows: _rows, schemas: _schemas, ...rest }: CatalogSnapshot): CatalogSnapshot => rest;

describe(`a sample of ${SAMPLES} fuzzed specs on PostgreSQL`, () => {
  it('upgrades, re-upgrades, downgrades, re-downgrades and upgrades each, replays offline, and stores every literal exactly', async () => {
    const samples = fc.sample(sample, { seed: 20251122, numRuns: SAMPLES });
    const project = createAlembicProject();
    const revisions: string[] = [];
    for (const [index, values] of samples.entries()) {
      writeFileSync(join(project.root, 'spec.json'), JSON.stringify(specOf(index, values)));
      let stdout = '';
      let stderr = '';
      const code = await main(['generate', '--spec', 'spec.json', '--json'], {
        cwd: project.root,
        env: { SOURCE_DATE_EPOCH: '1763812800', CI: 'true' },
        stdinIsTTY: false,
        stdoutIsTTY: false,
        stderrIsTTY: false,
        readStdin: () => Buffer.alloc(0),
        stdout: (text) => void (stdout += text),
        stderr: (text) => void (stderr += text),
      });
      expect(code, `${JSON.stringify(values)}\n${stderr}`).toBe(0);
      revisions.push((JSON.parse(stdout) as { revision: string }).revision);
    }
    expect(lintDefault(python, project.files().map((name) => join(project.versions, name)))).toEqual([]);

    const online = await createDatabase(adminUrl);
    const offline = await createDatabase(adminUrl);
    try {
      const steps: DriverStep[] = [{ snapshot: 'before-0' }];
      revisions.forEach((revision, index) => {
        const previous = index === 0 ? 'base' : revisions[index - 1]!;
        steps.push(
          { alembic: ['upgrade', revision] },
          { snapshot: `upgraded-${index}` },
          { alembic: ['stamp', previous] },
          { alembic: ['upgrade', revision] },
          { snapshot: `reupgraded-${index}` },
          { alembic: ['downgrade', previous] },
          { snapshot: `downgraded-${index}` },
          { alembic: ['stamp', revision] },
          { alembic: ['downgrade', previous] },
          { snapshot: `redowngraded-${index}` },
          { alembic: ['upgrade', revision] },
          { snapshot: `before-${index + 1}` },
        );
      });
      steps.push({ alembic: ['upgrade', `base:${revisions.at(-1)}`, '--sql'], capture: true });
      const results = runDriver(python, { config: project.config, url: online.url, rowsSql: STORED, steps });
      const snapshots = new Map(results.filter((result) => result.snapshot).map((result) => [result.label!, result.snapshot!]));
      const get = (label: string): CatalogSnapshot => snapshots.get(label)!;

      const storedSoFar: string[][] = [];
      for (const [index, values] of samples.entries()) {
        const upgraded = get(`upgraded-${index}`);
        expect(withoutRows(get(`reupgraded-${index}`)), `${index}: upgrade run twice`).toEqual(withoutRows(upgraded));
        expect(withoutRows(get(`before-${index + 1}`)), `${index}: upgrade after downgrade`).toEqual(withoutRows(upgraded));
        expect(withoutRows(get(`downgraded-${index}`)), `${index}: downgrade`).toEqual(withoutRows(get(`before-${index}`)));
        expect(withoutRows(get(`redowngraded-${index}`)), `${index}: downgrade run twice`).toEqual(withoutRows(get(`before-${index}`)));
        expect(rowsOf(get(`downgraded-${index}`)), `${index}: downgrade leaves the literals before it`).toEqual(rowsOf(get(`before-${index}`)));
        storedSoFar.push(...expectedRows(index, values));
        const sort = (rows: string[][]): string[][] => [...rows].sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));
        expect(sort(rowsOf(upgraded)), `${index}: what PostgreSQL stored, byte for byte`).toEqual(sort(storedSoFar));
      }

      const offlineSql = results.find((result) => typeof result.output === 'string')!.output!;
      const replayed = await replayWithPsql(offline.url, offlineSql);
      expect(replayed.ok, replayed.ok ? '' : replayed.message).toBe(true);
      const offlineSnapshot = runDriver(python, { config: project.config, url: offline.url, rowsSql: STORED, steps: [{ snapshot: 'offline' }] })[0]!.snapshot!;
      const { schemas: _a, ...offlineRest } = offlineSnapshot;
      const { schemas: _b, ...onlineRest } = get(`before-${samples.length}`);
      expect(offlineRest, 'offline --sql replayed with psql').toEqual(onlineRest);
    } finally {
      await online.drop();
      await offline.drop();
    }
  });
});
