import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { lockModeOf, type LockMode } from '../../src/sql/lock-modes.js';
import { loadSqlParser, statementsOf } from '../../src/sql/sql-parser.js';

// The lock probe: a migration's offline SQL run statement by statement on a database whose tables
// hold rows, with what each statement holds measured from pg_locks and whether it read the whole
// table measured from PostgreSQL's own per-transaction scan counters (pg_stat_get_xact_numscans),
// while a second connection keeps reading and writing those tables, timing every call.
//
// A statement that can run in a transaction block is run in one (its own, or the migration's) and
// measured before that transaction ends: the locks its transaction holds, and the sequential scans
// of each table it made. One that cannot (CREATE INDEX CONCURRENTLY, a DO block that COMMITs) runs
// as it is, while a third connection samples pg_locks for its backend until it is done.

export interface ProbedTable {
  readonly name: string;
  readonly oid: number;
}

export interface MeasuredStatement {
  readonly sql: string;
  /** Run in a transaction block and measured there (else sampled from another connection). */
  readonly measuredInTransaction: boolean;
  /** Per probed table: the lock modes held (granted) once it ran, and whether it scanned the table. */
  readonly tables: readonly { readonly table: string; readonly modes: readonly LockMode[]; readonly scanned: boolean }[];
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface ProberCall {
  readonly table: string;
  readonly kind: 'read' | 'write';
  readonly startedAt: number;
  readonly ms: number;
  readonly error?: string;
}

/** The statements of an offline (--sql) run, Alembic's BEGIN and COMMIT included, without the comments before them. */
export async function offlineStatements(offlineSql: string): Promise<string[]> {
  const result = (await loadSqlParser()).parse(offlineSql);
  if ('error' in result) throw new Error(`cannot split SQL: ${result.error}\n${offlineSql}`);
  return statementsOf(result.tree, offlineSql).map((statement) => statement.text.replace(/^(\s*--[^\n]*\n)+/, '').trim());
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

const MEASURE = `
  SELECT o::oid AS oid, pg_stat_get_xact_numscans(o) AS scans,
         ARRAY(SELECT l.mode FROM pg_locks l WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.relation = o AND l.granted) AS modes
  FROM unnest($1::oid[]) o`;

type Measure = Map<number, { scans: number; modes: string[] }>;

async function measure(client: pg.Client, oids: readonly number[]): Promise<Measure> {
  const { rows } = await client.query<{ oid: number; scans: string; modes: string[] }>(MEASURE, [oids]);
  return new Map(rows.map((row) => [Number(row.oid), { scans: Number(row.scans), modes: row.modes }]));
}

/** A statement PostgreSQL refuses inside a transaction block. */
function standalone(sql: string): boolean {
  return /\bCONCURRENTLY\b/i.test(sql) || (/^DO\b/i.test(sql) && /\n\s*COMMIT;/.test(sql));
}

/** Samples the locks `pid` holds on `oids` until stopped. */
function sampleLocks(client: pg.Client, pid: number, oids: readonly number[]): { stop(): Promise<Map<number, Set<string>>> } {
  const seen = new Map<number, Set<string>>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ relation: number; mode: string }>("SELECT relation::oid AS relation, mode FROM pg_locks WHERE pid = $1 AND locktype = 'relation' AND granted AND relation = ANY($2::oid[])", [pid, oids]);
      for (const row of rows) {
        const modes = seen.get(Number(row.relation)) ?? new Set<string>();
        modes.add(row.mode);
        seen.set(Number(row.relation), modes);
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}

/** Reads and writes each table by its primary key (`id`, from 1 to `rows`) in a loop, timing every call, until stopped. */
function keepReadingAndWriting(client: pg.Client, tables: readonly { readonly name: string; readonly rows: number }[]): { stop(): Promise<ProberCall[]> } {
  const calls: ProberCall[] = [];
  let running = true;
  const loop = (async () => {
    for (let n = 0; running; n += 1) {
      const table = tables[n % tables.length]!;
      const id = 1 + ((n * 7919) % table.rows);
      for (const kind of ['read', 'write'] as const) {
        const sql = kind === 'read' ? `SELECT id FROM ${table.name} WHERE id = $1` : `UPDATE ${table.name} SET id = id WHERE id = $1`;
        const startedAt = performance.now();
        try {
          await client.query(sql, [id]);
          calls.push({ table: table.name, kind, startedAt, ms: performance.now() - startedAt });
        } catch (error) {
          calls.push({ table: table.name, kind, startedAt, ms: performance.now() - startedAt, error: (error as Error).message });
        }
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return calls;
    },
  };
}

/**
 * Runs `statements` (an offline run's, Alembic's BEGIN and COMMIT included) on `url`, measuring
 * each on the `probed` tables, while another connection reads and writes `traffic`.
 */
export async function probeStatements(
  url: string,
  statements: readonly string[],
  probed: readonly ProbedTable[],
  traffic: readonly { readonly name: string; readonly rows: number }[],
): Promise<{ measured: MeasuredStatement[]; calls: ProberCall[] }> {
  const runner = await connect(url);
  const monitor = await connect(url);
  const prober = await connect(url);
  const oids = probed.map((table) => table.oid);
  const name = new Map(probed.map((table) => [table.oid, table.name]));
  const measured: MeasuredStatement[] = [];
  const traffic$ = keepReadingAndWriting(prober, traffic);
  try {
    const { rows } = await runner.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const pid = rows[0]!.pid;
    let inTransaction = false;
    for (const sql of statements) {
      if (/^BEGIN\b/i.test(sql)) {
        await runner.query('BEGIN');
        inTransaction = true;
        continue;
      }
      if (/^COMMIT\b/i.test(sql)) {
        await runner.query('COMMIT');
        inTransaction = false;
        continue;
      }
      const startedAt = performance.now();
      if (!inTransaction && standalone(sql)) {
        const sampler = sampleLocks(monitor, pid, oids);
        await runner.query(sql);
        const seen = await sampler.stop();
        const tables = oids.map((oid) => ({ table: name.get(oid)!, modes: [...(seen.get(oid) ?? [])].map((mode) => lockModeOf(mode)!), scanned: false }));
        measured.push({ sql, measuredInTransaction: false, tables, startedAt, endedAt: performance.now() });
        continue;
      }
      const own = !inTransaction;
      if (own) await runner.query('BEGIN');
      const before = await measure(runner, oids);
      await runner.query(sql);
      const after = await measure(runner, oids);
      if (own) await runner.query('COMMIT');
      const tables = oids.map((oid) => ({
        table: name.get(oid)!,
        modes: (after.get(oid)?.modes ?? []).map((mode) => lockModeOf(mode)!),
        scanned: (after.get(oid)?.scans ?? 0) > (before.get(oid)?.scans ?? 0),
      }));
      measured.push({ sql, measuredInTransaction: true, tables, startedAt, endedAt: performance.now() });
    }
    if (inTransaction) await runner.query('COMMIT');
    return { measured, calls: await traffic$.stop() };
  } finally {
    await traffic$.stop().catch(() => undefined);
    for (const client of [runner, monitor, prober]) await client.end().catch(() => undefined);
  }
}
