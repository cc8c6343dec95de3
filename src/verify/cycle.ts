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

/**
 * The cycle for one migration, from the database at its parent: upgrade; stamp back and upgrade
 * again; downgrade; stamp forward and downgrade again; upgrade again (and, with --offline, the
 * offline SQL replayed with psql on the other database). Leaves the database at the migration.
 */
export async function verifyMigration(context: CycleContext, link: ChainLink, offlineNote: { broken?: string }): Promise<MigrationResult> {
  const started = performance.now();
  const { driver, config, urlEnv, online, projectDir } = context;
  const { revision, previous } = link;
  const alembic = (step: CycleStep, args: string[], database = online, capture = false): Promise<DriverAnswer> =>
    driver.request({ alembic: args, config, url: database.envUrl, url_env: urlEnv, capture }).then((answer) => checked(step, answer, projectDir));
  const snapshot = async (step: CycleStep, database = online): Promise<CatalogSnapshot> =>
    checked(step, await driver.request({ snapshot: step, url: database.url }), projectDir).snapshot!;
  const step = (name: CycleStep): CycleStep => {
    context.signal.throwIfAborted();
    context.onStep(name);
    return name;
  };

  const snapshots: { -readonly [K in keyof CycleSnapshots]: CycleSnapshots[K] } = { before: await snapshot('upgrade') };
  const notes: string[] = [];
  let failure: Problem | undefined;
  try {
    let name = step('upgrade');
    await alembic(name, ['upgrade', revision]);
    snapshots.upgraded = await snapshot(name);
    name = step('re-upgrade');
    await alembic(name, ['stamp', previous]);
    await alembic(name, ['upgrade', revision]);
    snapshots.reUpgraded = await snapshot(name);
    name = step('downgrade');
    await alembic(name, ['downgrade', previous]);
    snapshots.downgraded = await snapshot(name);
    name = step('re-downgrade');
    await alembic(name, ['stamp', revision]);
    await alembic(name, ['downgrade', previous]);
    snapshots.reDowngraded = await snapshot(name);
    name = step('upgrade again');
    await alembic(name, ['upgrade', revision]);
    snapshots.upgradedAgain = await snapshot(name);
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    failure = error.problem;
  }

  if (context.offline && failure === undefined) {
    if (offlineNote.broken) {
      notes.push(`offline not checked: ${offlineNote.broken}`);
    } else {
      try {
        const name = step('offline');
        const range = previous === 'base' ? revision : `${previous}:${revision}`;
        const sql = (await alembic(name, ['upgrade', range, '--sql'], context.offline, true)).output ?? '';
        const replayed = await replayWithPsql(context.offline.url, sql, context.signal);
        if (!replayed.ok) {
          offlineNote.broken = `the offline SQL of ${revision} did not replay`;
          throw new StepFailed({ step: name, message: `psql: ${replayed.message}` });
        }
        snapshots.offline = await snapshot(name, context.offline);
      } catch (error) {
        if (!(error instanceof StepFailed)) throw error;
        failure = error.problem;
        offlineNote.broken ??= `the offline step of ${revision} failed`;
      }
    }
  }

  const order = (problem: Problem): number => CYCLE_STEPS.indexOf(problem.step);
  const problems = [...judgeSnapshots(snapshots), ...(failure ? [failure] : [])].sort((a, b) => order(a) - order(b));
  return {
    revision,
    path: link.path,
    status: problems.length === 0 ? 'ok' : 'failed',
    problems,
    ...(snapshots.upgraded && { schemaChanged: JSON.stringify(snapshots.upgraded) !== JSON.stringify(snapshots.before) }),
    seconds: (performance.now() - started) / 1000,
    halted: failure !== undefined && failure.step !== 'offline',
    notes,
  };
}
