// What the shape checks cost on PostgreSQL, side by side with their anchors in one run:
//   node bench/shape-checks.mjs [--database-url URL] [--calls N]
// Per check: a call on an object that exists (the intended definition is normalised on a scratch
// temporary table and compared), on one that does not (a catalog lookup), and next to them the
// catalog lookup that guarded the statement before (`SELECT EXISTS (...)` on the same object).
// Each call is a statement of its own, as in a migration; medians of rounds of N calls.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { importTypeScript } from './import-typescript.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const CALLS = Number(option('--calls', 200));
const ROUNDS = 5;

const checks = await importTypeScript(join(ROOT, 'src', 'sql', 'shape-checks.ts'));
const helpers = await importTypeScript(join(ROOT, 'src', 'sql', 'shape-helpers.ts'));
const queries = await importTypeScript(join(ROOT, 'src', 'sql', 'catalog-queries.ts'));
const types = await importTypeScript(join(ROOT, 'src', 'sql', 'pg-types.ts'));
const { default: pg } = await import('pg');

const type = (text) => types.resolveType(text, { schema: 'public', enums: new Set(), extensionTypes: [], knownEnum: () => true }).type;
const column = (name, sql, options = {}) => ({ name, type: type(sql), nullable: options.nullable ?? true, primaryKey: false, ...(options.default && { serverDefault: { text: options.default, columns: [], simple: false } }) });
const exists = (query) => `SELECT EXISTS (${query})`;

const TABLE = [column('id', 'integer', { nullable: false }), column('email', 'text', { nullable: false }), column('status', 'user_status', { nullable: false, default: "'ACTIVE'" }), column('nickname', 'varchar(20)'), column('is_published', 'boolean', { nullable: false, default: 'false' }), column('settings', 'jsonb'), column('statuses', 'user_status[]', { nullable: false, default: "'{ACTIVE}'" })];

const CASES = [
  {
    what: 'column',
    existing: checks.expectColumn('public', 'users', column('status', 'user_status', { nullable: false, default: "'ACTIVE'" })),
    missing: checks.expectColumn('public', 'users', column('preferences', 'jsonb', { nullable: false, default: "'{}'::jsonb" })),
    anchor: exists(queries.columnQuery('public', 'users', 'status')),
  },
  {
    what: 'table (7 columns)',
    existing: checks.expectTable('public', 'users', TABLE),
    missing: checks.expectTable('public', 'incidents', TABLE),
    anchor: "SELECT to_regclass('public.users') IS NOT NULL",
  },
  {
    what: 'CHECK constraint',
    existing: checks.expectConstraint('public', 'flow_steps', 'ck_flow_steps_position', 'CHECK (position > 0)'),
    missing: checks.expectConstraint('public', 'flow_steps', 'ck_other', 'CHECK (position > 0)'),
    anchor: exists(queries.constraintQuery('public', 'flow_steps', 'ck_flow_steps_position')),
  },
  {
    what: 'foreign key',
    existing: checks.expectForeignKey('public', 'flow_steps', 'fk_flow_steps_flow', checks.foreignKeyShape({ name: 'fk_flow_steps_flow', columns: ['flow_id'], refSchema: 'public', refTable: 'flows', refColumns: ['id'], onDelete: 'CASCADE' })),
    missing: checks.expectForeignKey('public', 'flow_steps', 'fk_other', checks.foreignKeyShape({ name: 'fk_other', columns: ['flow_id'], refSchema: 'public', refTable: 'flows', refColumns: ['id'] })),
    anchor: exists(queries.constraintQuery('public', 'flow_steps', 'fk_flow_steps_flow')),
  },
  {
    what: 'partial index',
    existing: checks.expectIndex('public', 'docs', 'ix_docs_title', false, 'USING btree (title) WHERE title IS NOT NULL'),
    missing: checks.expectIndex('public', 'docs', 'ix_other', false, 'USING btree (title) WHERE title IS NOT NULL'),
    anchor: "SELECT to_regclass('public.ix_docs_title') IS NOT NULL",
  },
  {
    what: 'enum',
    existing: checks.expectEnum('public', 'user_status', ['ACTIVE', 'INACTIVE']),
    missing: checks.expectEnum('public', 'severity', ['LOW', 'HIGH']),
    anchor: exists(queries.typeQuery('public', 'user_status')),
  },
];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** µs per call: each call its own statement, all in one transaction (as in a migration) or each committed on its own. */
async function timeCalls(client, sql, inTransaction) {
  const started = performance.now();
  if (inTransaction) await client.query('BEGIN');
  for (let call = 0; call < CALLS; call += 1) await client.query(sql);
  if (inTransaction) await client.query('COMMIT');
  return ((performance.now() - started) / CALLS) * 1000;
}

async function withServer(work) {
  const url = option('--database-url', undefined);
  if (url) return work(url);
  const { startEmbeddedPostgres } = await importTypeScript(join(ROOT, 'src', 'verify', 'embedded-postgres.ts'));
  const server = await startEmbeddedPostgres();
  try {
    return await work(server.adminUrl);
  } finally {
    await server.stop();
  }
}

const rows = await withServer(async (adminUrl) => {
  const name = `cm_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const client = new pg.Client({ connectionString: adminUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`) });
  try {
    await client.connect();
    await client.query(readFileSync(join(ROOT, 'test', 'fixtures', 'shop.sql'), 'utf8'));
    await client.query('ALTER TABLE public.flow_steps ADD CONSTRAINT fk_flow_steps_flow FOREIGN KEY (flow_id) REFERENCES public.flows (id) ON DELETE CASCADE');
    const version = (await client.query('SHOW server_version')).rows[0].server_version;
    for (const helper of helpers.createHelpers(CASES.flatMap((testCase) => [{ sql: testCase.existing }]))) await client.query(helper.sql);
    const results = [];
    for (const testCase of CASES) {
      const times = { existing: [], missing: [], anchor: [], autocommit: [] };
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const kind of ['anchor', 'existing', 'missing']) times[kind].push(await timeCalls(client, kind === 'anchor' ? testCase.anchor : `SELECT ${testCase[kind]}`, true));
        times.autocommit.push(await timeCalls(client, `SELECT ${testCase.existing}`, false));
      }
      results.push({ what: testCase.what, ...Object.fromEntries(Object.entries(times).map(([kind, values]) => [kind, median(values)])) });
    }
    return { version, results };
  } finally {
    await client.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
});

const us = (value) => `${value.toFixed(0)} µs`;
console.log(`Shape checks on PostgreSQL ${rows.version}: per call, medians of ${ROUNDS} rounds of ${CALLS} calls, each its own statement in one transaction (as in a migration) unless said; load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} at the end.\n`);
console.log('| check | object exists (normalised on a scratch table, compared) | the same, each call committed on its own | object missing | anchor: the catalog lookup it replaces | exists ÷ anchor |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const row of rows.results) console.log(`| ${row.what} | ${us(row.existing)} | ${us(row.autocommit)} | ${us(row.missing)} | ${us(row.anchor)} | ${(row.existing / row.anchor).toFixed(1)}× |`);
