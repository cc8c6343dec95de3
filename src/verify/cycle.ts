import { relative } from 'node:path';
import type { DriverProcess } from './driver-process.js';
import type { AlembicFiles, CatalogSnapshot, CycleAnswer, CycleSnapshotName, DriverError } from './driver-protocol.js';
import type { HistoryStep } from './history.js';
import { CYCLE_STEPS, judgeSnapshots, type CycleSnapshots, type CycleStep, type Problem } from './judge-cycle.js';
import { replayWithPsql } from './psql.js';

/** A database of the run: its URL for env.py (the chosen scheme) and for the driver's own queries. */
export interface RunDatabase {
  readonly envUrl: string;
  readonly url: string;
}

export interface CycleContext {
  readonly driver: DriverProcess;
  readonly files: AlembicFiles;
  readonly urlEnv: string;
  readonly projectDir: string;
  readonly online: RunDatabase;
  /** Present with --offline: a second database that only ever gets the offline SQL, replayed with psql. */
  readonly offline?: RunDatabase;
  readonly signal: AbortSignal;
  onStep(step: CycleStep): void;
}

export interface MigrationResult {
  readonly revision: string;
  readonly path: string;
  readonly status: 'ok' | 'failed' | 'not run';
  readonly problems: readonly Problem[];
  /** False when the upgrade changed nothing in the catalog (a data migration, or a no-op). */
  readonly schemaChanged?: boolean;
  readonly seconds: number;
  /** A step failed: the database is in an unknown state and later migrations cannot be verified. */
  readonly halted: boolean;
  readonly notes: readonly string[];
}

function stepError(step: CycleStep, error: DriverError, projectDir: string): Problem {
  const where = error.kind === 'python' && error.location ? ` (${relative(projectDir, error.location.file) || error.location.file} line ${error.location.line})` : '';
  return { step, message: `${error.message}${where}`, error };
}

const SNAPSHOT_KEYS: Readonly<Record<CycleSnapshotName, keyof CycleSnapshots>> = {
  before: 'before',
  upgrade: 'upgraded',
  're-upgrade': 'reUpgraded',
  downgrade: 'downgraded',
  're-downgrade': 'reDowngraded',
  'upgrade again': 'upgradedAgain',
};

/**
 * The cycle's snapshots as the judge reads them. The driver sends only those that differ from
 * what they must equal; every other one is the very object it equals (a stand-in when that one
 * was not sent either), so the judge sees identical snapshots without parsing them.
 */
function snapshotsOf(answer: CycleAnswer): { -readonly [K in keyof CycleSnapshots]?: CycleSnapshots[K] } {
  const documents = new Map<CycleSnapshotName, CatalogSnapshot>();
  const documentOf = (name: CycleSnapshotName): CatalogSnapshot => {
    let document = documents.get(name);
    if (document === undefined) {
      const equal = answer.same[name];
      document = answer.snapshots[name] ?? (equal !== undefined ? documentOf(equal) : {});
      documents.set(name, document);
    }
    return document;
  };
  return Object.fromEntries(answer.taken.map((name) => [SNAPSHOT_KEYS[name], documentOf(name)]));
}

/** The offline SQL of the migration, replayed with psql on the offline database, and its catalog compared with the upgrade's. */
async function offlineStep(context: CycleContext, sql: string, snapshots: { upgraded?: CatalogSnapshot; offline?: CatalogSnapshot }): Promise<Problem | undefined> {
  const database = context.offline!;
  context.onStep('offline');
  const replayed = await replayWithPsql(database.url, sql, context.signal);
  if (!replayed.ok) return { step: 'offline', message: `psql: ${replayed.message}` };
  const answer = await context.driver.request({ snapshot: 'offline', url: database.url, compare_to: 'upgrade' });
  if (!answer.ok) return stepError('offline', answer.error!, context.projectDir);
  if (answer.same === true) {
    snapshots.offline = snapshots.upgraded;
  } else {
    // The upgrade's snapshot may have been a stand-in: it gets its contents now.
    if (snapshots.upgraded !== undefined && Object.keys(snapshots.upgraded).length === 0) Object.assign(snapshots.upgraded, answer.expected as CatalogSnapshot);
    snapshots.offline = answer.snapshot!;
  }
  return undefined;
}

/** Set once an offline replay fails: the offline database no longer follows the history. */
export interface OfflineState {
  broken?: string;
}

/**
 * The cycle for one migration, from the database as the migrations before it left it: upgrade;
 * the version table set back to its parents and upgrade again; downgrade; the version table set
 * forward and downgrade again; upgrade again (and, with --offline, its offline SQL replayed with
 * psql on the other database). Leaves the database at the migration.
 */
export async function verifyMigration(context: CycleContext, step: HistoryStep, offline: OfflineState): Promise<MigrationResult> {
  const started = performance.now();
  const notes: string[] = [];
  context.signal.throwIfAborted();
  context.onStep('upgrade');
  const withOffline = context.offline !== undefined && offline.broken === undefined;
  const reply = await context.driver.request({ cycle: step.revision, ...context.files, url: context.online.envUrl, url_env: context.urlEnv, offline: withOffline });
  const answer = reply.ok ? (reply as unknown as CycleAnswer) : undefined;
  let failure: Problem | undefined;
  if (!answer) failure = stepError('upgrade', reply.error!, context.projectDir);
  else if (answer.failure) failure = stepError(answer.failure.step as CycleStep, answer.failure.error, context.projectDir);
  const snapshots = answer ? snapshotsOf(answer) : {};

  if (context.offline && !failure) {
    if (offline.broken) notes.push(`offline not checked: ${offline.broken}`);
    else {
      failure = await offlineStep(context, answer!.offline_sql ?? '', snapshots);
      if (failure) offline.broken = `the offline step of ${step.revision} failed`;
    }
  } else if (failure?.step === 'offline') {
    offline.broken = `the offline step of ${step.revision} failed`;
  }

  const order = (problem: Problem): number => CYCLE_STEPS.indexOf(problem.step);
  const judged = snapshots.before ? judgeSnapshots({ ...snapshots, before: snapshots.before }) : [];
  const problems = [...judged, ...(failure ? [failure] : [])].sort((a, b) => order(a) - order(b));
  return {
    revision: step.revision,
    path: step.path,
    status: problems.length === 0 ? 'ok' : 'failed',
    problems,
    ...(typeof answer?.schema_changed === 'boolean' && { schemaChanged: answer.schema_changed }),
    seconds: (performance.now() - started) / 1000,
    halted: failure !== undefined && failure.step !== 'offline',
    notes,
  };
}
