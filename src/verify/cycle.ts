import { relative } from 'node:path';
import type { DriverProcess } from './driver-process.js';
import type { CatalogSnapshot, DriverAnswer, DriverError } from './driver-protocol.js';
import type { ChainLink } from './history.js';
import { CYCLE_STEPS, judgeSnapshots, type CycleSnapshots, type CycleStep, type Problem } from './judge-cycle.js';
import { replayWithPsql } from './psql.js';

/** A database of the run: its URL for env.py (the chosen scheme) and for the driver's own queries. */
export interface RunDatabase {
  readonly envUrl: string;
  readonly url: string;
}

export interface CycleContext {
  readonly driver: DriverProcess;
  readonly config: string;
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

class StepFailed extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

function stepError(step: CycleStep, error: DriverError, projectDir: string): Problem {
  const where = error.kind === 'python' && error.location ? ` (${relative(projectDir, error.location.file) || error.location.file} line ${error.location.line})` : '';
  return { step, message: `${error.message}${where}`, error };
}

function checked(step: CycleStep, answer: DriverAnswer, projectDir: string): DriverAnswer {
  if (!answer.ok) throw new StepFailed(stepError(step, answer.error!, projectDir));
  return answer;
}

type Steps = ReturnType<typeof stepsOf>;
type Taken = { -readonly [K in keyof CycleSnapshots]?: CycleSnapshots[K] };

/** The driver calls of one migration's cycle, each failing as the step it belongs to. */
function stepsOf(context: CycleContext) {
  const { driver, config, urlEnv, projectDir } = context;
  return {
    alembic: async (step: CycleStep, args: string[], database: RunDatabase, capture = false): Promise<DriverAnswer> =>
      checked(step, await driver.request({ alembic: args, config, url: database.envUrl, url_env: urlEnv, capture }), projectDir),
    snapshot: async (step: CycleStep, database: RunDatabase): Promise<CatalogSnapshot> =>
      checked(step, await driver.request({ snapshot: step, url: database.url }), projectDir).snapshot!,
    begin: (step: CycleStep): CycleStep => {
      context.signal.throwIfAborted();
      context.onStep(step);
      return step;
    },
  };
}

async function onlineSteps(steps: Steps, link: ChainLink, database: RunDatabase, taken: Taken): Promise<void> {
  const { revision, previous } = link;
  taken.before = await steps.snapshot(steps.begin('upgrade'), database);
  await steps.alembic('upgrade', ['upgrade', revision], database);
  taken.upgraded = await steps.snapshot('upgrade', database);
  const reUpgrade = steps.begin('re-upgrade');
  await steps.alembic(reUpgrade, ['stamp', previous], database);
  await steps.alembic(reUpgrade, ['upgrade', revision], database);
  taken.reUpgraded = await steps.snapshot(reUpgrade, database);
  const downgrade = steps.begin('downgrade');
  await steps.alembic(downgrade, ['downgrade', previous], database);
  taken.downgraded = await steps.snapshot(downgrade, database);
  const reDowngrade = steps.begin('re-downgrade');
  await steps.alembic(reDowngrade, ['stamp', revision], database);
  await steps.alembic(reDowngrade, ['downgrade', previous], database);
  taken.reDowngraded = await steps.snapshot(reDowngrade, database);
  const again = steps.begin('upgrade again');
  await steps.alembic(again, ['upgrade', revision], database);
  taken.upgradedAgain = await steps.snapshot(again, database);
}

/** The offline SQL from the parent to the migration, replayed with psql on the offline database. */
async function offlineStep(steps: Steps, link: ChainLink, database: RunDatabase, signal: AbortSignal, taken: Taken): Promise<void> {
  const step = steps.begin('offline');
  const range = link.previous === 'base' ? link.revision : `${link.previous}:${link.revision}`;
  const sql = (await steps.alembic(step, ['upgrade', range, '--sql'], database, true)).output ?? '';
  const replayed = await replayWithPsql(database.url, sql, signal);
  if (!replayed.ok) throw new StepFailed({ step, message: `psql: ${replayed.message}` });
  taken.offline = await steps.snapshot(step, database);
}

async function failureOf(work: () => Promise<void>): Promise<Problem | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    if (error instanceof StepFailed) return error.problem;
    throw error;
  }
}

/** Set once an offline replay fails: the offline database no longer follows the history. */
export interface OfflineState {
  broken?: string;
}

/**
 * The cycle for one migration, from the database at its parent: upgrade; stamp back and upgrade
 * again; downgrade; stamp forward and downgrade again; upgrade again (and, with --offline, the
 * offline SQL replayed with psql on the other database). Leaves the database at the migration.
 */
export async function verifyMigration(context: CycleContext, link: ChainLink, offline: OfflineState): Promise<MigrationResult> {
  const started = performance.now();
  const steps = stepsOf(context);
  const taken: Taken = {};
  const notes: string[] = [];
  let failure = await failureOf(() => onlineSteps(steps, link, context.online, taken));
  if (context.offline && failure === undefined) {
    if (offline.broken) {
      notes.push(`offline not checked: ${offline.broken}`);
    } else {
      failure = await failureOf(() => offlineStep(steps, link, context.offline!, context.signal, taken));
      if (failure) offline.broken = `the offline step of ${link.revision} failed`;
    }
  }

  const order = (problem: Problem): number => CYCLE_STEPS.indexOf(problem.step);
  const judged = taken.before ? judgeSnapshots({ ...taken, before: taken.before }) : [];
  const problems = [...judged, ...(failure ? [failure] : [])].sort((a, b) => order(a) - order(b));
  return {
    revision: link.revision,
    path: link.path,
    status: problems.length === 0 ? 'ok' : 'failed',
    problems,
    ...(taken.upgraded && { schemaChanged: JSON.stringify(taken.upgraded) !== JSON.stringify(taken.before) }),
    seconds: (performance.now() - started) / 1000,
    halted: failure !== undefined && failure.step !== 'offline',
    notes,
  };
}
