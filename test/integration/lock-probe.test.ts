import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { planMigration, type Plan } from '../../src/migration/plan.js';
import { OPERATION_NAMES } from '../../src/operations/registry.js';
import { emptyModel } from '../../src/schema/model.js';
import { BUILT_IN_DEFAULTS, readSpec } from '../../src/spec-file/read-spec.js';
import { blocksByNature, statementLocks } from '../../src/migration/lock-summary.js';
import { blocksTraffic } from '../../src/sql/lock-facts.js';
import { loadSqlParser } from '../../src/sql/sql-parser.js';
import type { Statement } from '../../src/sql/statement.js';
import { createAlembicProject } from '../support/alembic-project.js';
import { runDriver } from '../support/alembic-driver.js';
import { createDatabase, withClient, type TestDatabase } from '../support/databases.js';
import { generateFromSpec } from '../support/generate-case.js';
import { offlineStatements, probeStatements, type MeasuredStatement, type ProberCall } from '../support/lock-probe.js';
import { PROBE_SETUP, PROBE_SPECS, PROBED_TABLES, TRAFFIC } from './lock-probe-specs.js';

// The lock probe (issue 13): every operation and option, on tables that hold rows, upgrade then
// downgrade, each statement measured on PostgreSQL while a second connection reads and writes
// those tables. A statement blocks by nature when it holds a lock that keeps reads or writes
// waiting while it scans, builds or rewrites a table that existed before: pg_locks says which
// locks its transaction holds, and PostgreSQL's per-transaction scan counter whether it read the
// whole table meanwhile. What the probe finds blocking must be exactly what generate declares
// (its warnings), and exactly what README.md lists as blocking by nature.

const adminUrl = inject('adminUrl');
const python = inject('python');
const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

/** Waits of the second connection longer than this, while no statement that blocks by nature runs, fail the probe. */
const WAIT_BOUND_MS = 1500;

/** A statement that runs this long gives the second connection time to read and write meanwhile. */
const LONG_MS = 40;

let template: TestDatabase;

beforeAll(async () => {
  template = await createDatabase(adminUrl);
  await withClient(template.url, async (client) => {
    await client.query(PROBE_SETUP);
    await client.query('VACUUM ANALYZE');
  });
});
afterAll(() => template?.drop());

/** A database holding the template's tables and rows. */
async function cloneTemplate(): Promise<TestDatabase> {
  const clone = await createDatabase(adminUrl);
  await withClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE ${client.escapeIdentifier(clone.name)}`);
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(clone.name)} TEMPLATE ${client.escapeIdentifier(template.name)}`);
  });
  return clone;
}

const normal = (sql: string): string => sql.replace(/;\s*$/, '').replace(/\s+/g, ' ').trim();

interface Planned {
  readonly statement: Statement;
  readonly operation: number;
  readonly direction: 'upgrade' | 'downgrade';
  /** What generate declares blocking by nature: a lock blocking reads or writes on an existing table, held for a scan, build or rewrite. */
  readonly blocking: readonly string[];
}

/** The plan's statements, each with what generate declares blocking by nature in it (as its warnings and lock summary do). */
function planned(plan: Plan): Planned[] {
  const all: Planned[] = [];
  for (const direction of ['upgrade', 'downgrade'] as const) {
    const steps = direction === 'upgrade' ? plan.upgrade : 'refusals' in plan.downgrade ? [] : plan.downgrade;
    const created = new Set<string>();
    for (const step of steps) {
      for (const statement of step.statements) {
        const blocking = [...new Set(statementLocks(statement, created).filter(blocksByNature).map((entry) => entry.action))];
        if (step.operation !== undefined) all.push({ statement, operation: step.operation, direction, blocking });
      }
    }
  }
  return all;
}

/** The rows of README.md's list of what stays blocking (by nature, or opted into): `op | statement | direction`. */
function readmeBlocking(): Set<string> {
  const section = /<!-- stays-blocking:start[^\n]*\n([\s\S]*?)<!-- stays-blocking:end -->/.exec(README)?.[1];
  if (!section) throw new Error('README.md has no stays-blocking section');
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return new Set(
    rows.flatMap((row) => {
      const [operation, statement, directions] = row.split('|').slice(1, 4).map((cell) => cell.trim());
      const op = /`([a-z_]+)`/.exec(operation!)![1]!;
      return directions!.split(',').map((direction) => `${op} | ${statement} | ${direction.trim()}`);
    }),
  );
}

interface ProbeResult {
  readonly name: string;
  readonly found: Set<string>;
  readonly declared: Set<string>;
  readonly problems: string[];
  /** Long builds and scans under harmless locks during which the second connection read and wrote. */
  readonly trafficDuringLongWork: number;
  readonly operations: Set<string>;
}

const results: ProbeResult[] = [];

describe.each(PROBE_SPECS)('lock probe: $name', ({ name, spec }) => {
  it('blocks reads or writes during a scan, build or rewrite only where generate says so (its warnings), upgrade and downgrade', async () => {
    const project = createAlembicProject();
    const generated = generateFromSpec(project, spec);
    const sql = await loadSqlParser();
    const { migration } = readSpec(spec, sql, BUILT_IN_DEFAULTS, { model: emptyModel(false), source: 'nothing', strict: true });
    const statements = planned(planMigration(migration, BUILT_IN_DEFAULTS.naming));
    const byText = new Map(statements.map((item) => [normal(item.statement.sql), item]));

    const database = await cloneTemplate();
    try {
      const offline = (direction: string[]): Promise<string[]> => {
        const [result] = runDriver(python, { config: project.config, url: database.url, steps: [{ alembic: direction, capture: true }] });
        return offlineStatements(result!.output!);
      };
      const upgradeSql = await offline(['upgrade', generated.revision, '--sql']);
      const downgradeSql = await offline(['downgrade', `${generated.revision}:base`, '--sql']);
      const oids = await withClient(database.url, async (client) => {
        const { rows } = await client.query<{ name: string; oid: number }>('SELECT relname AS name, oid::int AS oid FROM pg_class WHERE relname = ANY($1) AND relnamespace = $2::regnamespace', [PROBED_TABLES, 'public']);
        return rows;
      });
      expect(oids.map((row) => row.name).sort()).toEqual([...PROBED_TABLES].sort());

      const problems: string[] = [];
      let trafficDuringLongWork = 0;
      const found = new Set<string>();
      const declared = new Set<string>();
      const seen = new Set<Planned>();
      for (const [direction, run] of [['upgrade', upgradeSql], ['downgrade', downgradeSql]] as const) {
        const { measured, calls } = await probeStatements(database.url, run, oids, TRAFFIC);
        for (const call of calls) if (call.error) problems.push(`${direction}: the second connection's ${call.kind} of ${call.table} failed: ${call.error}`);
        for (const result of measured) {
          const item = byText.get(normal(result.sql));
          const blockedWhileScanning = result.tables.filter((table) => table.scanned && table.modes.some(blocksTraffic));
          const blockingHeld = result.tables.filter((table) => table.modes.some(blocksTraffic));
          if (!item) {
            // Alembic's own statements (alembic_version) and the session settings around autocommit blocks.
            if (blockedWhileScanning.length > 0) problems.push(`${direction}: a statement no operation wrote blocks ${blockedWhileScanning.map((table) => table.table).join(', ')} while it scans: ${result.sql.slice(0, 200)}`);
            continue;
          }
          seen.add(item);
          const op = migration.operations[item.operation]!.op;
          if (!result.measuredInTransaction && blockingHeld.length > 0) {
            problems.push(`${direction}: operations[${item.operation}] (${op}) holds ${blockingHeld.map((table) => `${table.modes.join('/')} on ${table.table}`).join(', ')} outside a transaction: ${result.sql.slice(0, 200)}`);
          }
          for (const action of item.blocking) declared.add(`${op} | ${action} | ${direction}`);
          if (blockedWhileScanning.length > 0) {
            if (item.blocking.length === 0) problems.push(`${direction}: operations[${item.operation}] (${op}) blocks ${blockedWhileScanning.map((table) => table.table).join(', ')} while it scans, and generate does not say so: ${result.sql.slice(0, 300)}`);
            for (const action of item.blocking) found.add(`${op} | ${action} | ${direction}`);
          } else if (item.blocking.length > 0) {
            problems.push(`${direction}: operations[${item.operation}] (${op}) is declared blocking (${item.blocking.join(', ')}) but held no such lock while it scanned: ${result.sql.slice(0, 300)}`);
          }
          const waited = longestWait(calls, result);
          if (item.blocking.length === 0 && waited > WAIT_BOUND_MS) {
            problems.push(`${direction}: operations[${item.operation}] (${op}) kept a read or write of the second connection waiting ${Math.round(waited)} ms: ${result.sql.slice(0, 200)}`);
          }
        }
        expect(calls.filter((call) => !call.error).length, `${direction}: the second connection read and wrote`).toBeGreaterThan(0);
        // While a long build or scan ran under locks that let them through, reads and writes went on.
        for (const result of measured) {
          const harmless = result.tables.every((table) => !table.modes.some(blocksTraffic)) && result.endedAt - result.startedAt >= LONG_MS;
          const item = byText.get(normal(result.sql));
          if (!harmless || !item || (result.measuredInTransaction && !result.tables.some((table) => table.scanned))) continue;
          const within = calls.filter((call) => !call.error && call.startedAt >= result.startedAt && call.startedAt + call.ms <= result.endedAt);
          const kinds = new Set(within.map((call) => call.kind));
          if (!kinds.has('read') || !kinds.has('write')) problems.push(`${direction}: no read and write completed during the ${Math.round(result.endedAt - result.startedAt)} ms of: ${result.sql.slice(0, 200)}`);
          else trafficDuringLongWork += 1;
        }
      }
      const unseen = statements.filter((item) => !seen.has(item)).map((item) => `${item.direction} operations[${item.operation}]: ${item.statement.sql.slice(0, 120)}`);
      expect(unseen, 'statements of the plan the offline SQL did not run').toEqual([]);
      expect(problems).toEqual([]);
      expect(found).toEqual(declared);
      results.push({ name, found, declared, problems, trafficDuringLongWork, operations: new Set(migration.operations.map((operation) => operation.op)) });
    } finally {
      await database.drop();
    }
  });
});

/** The longest call of the second connection that overlapped the statement's run. */
function longestWait(calls: readonly ProberCall[], statement: MeasuredStatement): number {
  return Math.max(0, ...calls.filter((call) => call.startedAt < statement.endedAt && call.startedAt + call.ms > statement.startedAt).map((call) => call.ms));
}

describe('the lock probe as a whole', () => {
  it('tried every operation, and found blocking exactly what README.md lists as staying blocking', () => {
    expect(results.map((result) => result.name)).toEqual(PROBE_SPECS.map((probe) => probe.name));
    const tried = new Set(results.flatMap((result) => [...result.operations]));
    expect(OPERATION_NAMES.filter((op) => !tried.has(op))).toEqual([]);
    expect([...results[0]!.found], 'every operation in its default form blocks nothing').toEqual([]);
    // Every long statement under harmless locks must have let reads and writes through (a problem
    // above otherwise); how many statements run that long depends on the machine's load, so this
    // only makes sure the check was not vacuous.
    expect(results[0]!.trafficDuringLongWork, 'concurrent builds, VALIDATE and backfills during which reads and writes went on').toBeGreaterThan(0);
    const found = new Set(results.flatMap((result) => [...result.found]));
    expect([...found].sort()).toEqual([...readmeBlocking()].sort());
  });
});

