import { upgradeThrough } from './alembic-session.js';
import type { DriverProcess } from './driver-process.js';
import type { AlembicFiles, CatalogSnapshot } from './driver-protocol.js';
import { verifyMigration, type MigrationResult, type RunDatabase } from './cycle.js';
import type { HistoryStep } from './history.js';
import type { CycleStep } from './judge-cycle.js';
import type { Segment } from './segments.js';

/** What proving a history in segments at once needs: the run's first driver and database, and how to make more. */
export interface SegmentsRequest {
  readonly plan: readonly Segment[];
  readonly migrations: readonly HistoryStep[];
  /** Revisions applied, not proved, before the first migration (--from). */
  readonly before: readonly HistoryStep[];
  readonly files: AlembicFiles;
  readonly urlEnv: string;
  readonly projectDir: string;
  readonly signal: AbortSignal;
  /** The first segment's driver and database (at the first migration's parents already). */
  readonly driver: DriverProcess;
  readonly database: RunDatabase;
  openDriver(): Promise<DriverProcess>;
  newDatabase(): Promise<RunDatabase>;
  /** The server's shared objects (roles, tablespaces), as a digest: see cluster-state.ts. */
  clusterState(): Promise<string>;
  /** `done` migrations of all segments proved so far; `step` is under way. */
  onStep(done: number, step: HistoryStep, name: CycleStep | 'setup'): void;
}

async function snapshotOf(driver: DriverProcess, database: RunDatabase, label: string): Promise<string | undefined> {
  const answer = await driver.request({ snapshot: label, url: database.envUrl });
  return answer.ok ? JSON.stringify(answer.snapshot as CatalogSnapshot) : undefined;
}

/**
 * Proves the history's segments at once, each with a driver and a database of its own: the first
 * on the run's database; each other one on a new database that one env.py run upgrades through
 * every migration before the segment (as `alembic upgrade` would). Every step of every migration
 * still runs, and is compared, as in a proof one after the other. The results stand only when
 * that proof would give the same: every migration passed, each segment started from the very
 * catalog the one before it ended with, and the server's shared objects (roles, tablespaces),
 * which segments could see each other change, are as they were. Otherwise (a problem anywhere,
 * a setup that failed) undefined: the caller proves the history again, one migration after the
 * other, and reports what that finds.
 */
export async function proveInSegments(request: SegmentsRequest): Promise<MigrationResult[] | undefined> {
  const { plan, migrations, files, urlEnv, projectDir, signal } = request;
  const results: MigrationResult[] = new Array<MigrationResult>(migrations.length);
  const starts: (string | undefined)[] = [];
  const ends: (string | undefined)[] = [];
  const sharedBefore = await request.clusterState();
  let stopped = false;
  let done = 0;

  const setUp = async (segment: Segment): Promise<{ driver: DriverProcess; database: RunDatabase } | undefined> => {
    const [driver, database] = await Promise.all([request.openDriver(), request.newDatabase()]);
    request.onStep(done, migrations[segment.start]!, 'setup');
    const answer = await upgradeThrough(driver, files, urlEnv, [...request.before, ...migrations.slice(0, segment.start)], database.envUrl);
    return answer.ok ? { driver, database } : undefined;
  };

  const prove = async (segment: Segment, index: number): Promise<boolean> => {
    const run = index === 0 ? { driver: request.driver, database: request.database } : await setUp(segment);
    if (run === undefined) return false;
    if (index > 0) starts[index] = await snapshotOf(run.driver, run.database, 'segment start');
    for (let position = segment.start; position < segment.end; position += 1) {
      if (stopped) return false;
      const step = migrations[position]!;
      const context = { ...run, online: run.database, files, urlEnv, projectDir, signal, onStep: (name: CycleStep) => request.onStep(done, step, name) };
      const result = await verifyMigration(context, step, {});
      results[position] = result;
      done += 1;
      if (result.status !== 'ok') {
        stopped = true;
        return false;
      }
    }
    if (index < plan.length - 1) ends[index] = await snapshotOf(run.driver, run.database, 'segment end');
    return true;
  };

  const outcomes = await Promise.all(
    plan.map((segment, index) =>
      prove(segment, index).catch((error: unknown) => {
        stopped = true;
        if (signal.aborted) throw error;
        return false;
      }),
    ),
  );
  if (!outcomes.every(Boolean)) return undefined;
  for (let index = 1; index < plan.length; index += 1) {
    if (starts[index] === undefined || starts[index] !== ends[index - 1]) return undefined;
  }
  if ((await request.clusterState()) !== sharedBefore) return undefined;
  return results;
}
