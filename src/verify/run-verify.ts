import { CreateMigrationError } from '../errors.js';
import { history, openAlembicSession, sessionError, Teardown, throwawayServer, upgradeThrough, type SessionRequest } from './alembic-session.js';
import { verifyMigration, type MigrationResult, type OfflineState, type RunDatabase } from './cycle.js';
import { withScheme, type SchemeChoice } from './database-url.js';
import type { HelloAnswer } from './driver-protocol.js';
import type { UrlEnvChoice } from './env-py.js';
import { stepsFrom, upgradeOrder, type HistoryStep } from './history.js';
import type { CycleStep } from './judge-cycle.js';
import { clusterState } from './cluster-state.js';
import type { DriverProcess } from './driver-process.js';
import { proveInSegments } from './prove-segments.js';
import { planSegments } from './segments.js';
import { createThrowawayDatabase, serverVersion, type ThrowawayDatabase } from './throwaway-database.js';

export interface VerifyRequest extends SessionRequest {
  readonly from?: string;
  readonly offline: boolean;
  /** How many segments of the history may be proved at once (--jobs; default 1). */
  readonly jobs?: number;
  onStart?(run: RunInfo): void;
  onStep?(index: number, step: HistoryStep, name: CycleStep | 'setup'): void;
  onMigration?(result: MigrationResult, index: number): void;
}

export interface RunInfo {
  readonly python: HelloAnswer & { readonly source: string };
  readonly urlEnv: UrlEnvChoice;
  readonly scheme: SchemeChoice;
  readonly migrations: readonly HistoryStep[];
}

export interface VerifyReport extends RunInfo {
  readonly server: { readonly embedded: boolean; readonly version: string } | undefined;
  readonly results: readonly MigrationResult[];
  /** How many segments of the history the results come from, proved at once (see prove-segments.ts). */
  readonly segments: number;
  readonly seconds: number;
}

interface RunDatabases {
  readonly version: string;
  readonly adminUrl: string;
  readonly online: string;
  readonly offline: string | undefined;
  /** One more database of the run (torn down with the others). */
  another(): Promise<string>;
}

/**
 * The server (the embedded one started, or --database-url's) and the run's databases on it,
 * each torn down by `teardown`; what killed runs left there is removed first.
 */
async function prepareDatabases(request: VerifyRequest, teardown: Teardown): Promise<RunDatabases> {
  const { signal } = request;
  const server = await throwawayServer(request, teardown, 'cm_verify');
  const version = await serverVersion(server.adminUrl);
  const database = async (): Promise<string> => {
    const made: ThrowawayDatabase = await createThrowawayDatabase(server.adminUrl, 'cm_verify');
    teardown.add(() => made.drop());
    signal.throwIfAborted();
    return made.url;
  };
  const online = await database();
  return { version, adminUrl: server.adminUrl, online, offline: request.offline ? await database() : undefined, another: database };
}

/** A database as env.py is handed it: in the URL scheme chosen for the project's Python. */
function runDatabase(url: string, scheme: SchemeChoice): RunDatabase {
  return { url, envUrl: withScheme(url, scheme.scheme) };
}

interface Session {
  readonly driver: DriverProcess;
  readonly urlEnv: UrlEnvChoice;
  readonly files: VerifyRequest['files'];
}

/** The revisions before --from, applied (not proved) on each database. */
async function applyBefore(session: Session, before: readonly HistoryStep[], targets: readonly RunDatabase[], from: string | undefined): Promise<void> {
  if (before.length === 0) return;
  for (const target of targets) {
    const answer = await upgradeThrough(session.driver, session.files, session.urlEnv.name, before, target.envUrl);
    if (!answer.ok) throw new CreateMigrationError(`cannot upgrade through the ${before.length} revisions before --from ${from}: ${answer.error!.message}`);
  }
}

/** Proves each migration in order on one database; after a migration whose step failed, the rest are not run. */
async function proveInOrder(
  session: Session & { readonly projectDir: string; readonly signal: AbortSignal },
  migrations: readonly HistoryStep[],
  online: RunDatabase,
  offline: RunDatabase | undefined,
  request: VerifyRequest,
): Promise<MigrationResult[]> {
  const results: MigrationResult[] = [];
    const offlineState: OfflineState = {};
    let halted: string | undefined;
    for (const [index, step] of migrations.entries()) {
      if (halted !== undefined) {
        const result: MigrationResult = { revision: step.revision, path: step.path, status: 'not run', problems: [], seconds: 0, halted: false, notes: [`not run: ${halted} failed a step`] };
        results.push(result);
        request.onMigration?.(result, index);
        continue;
      }
      const context = {
        driver: session.driver,
        files: session.files,
        urlEnv: session.urlEnv.name,
        projectDir: session.projectDir,
        online,
        ...(offline && { offline }),
        signal: session.signal,
        onStep: (name: CycleStep) => request.onStep?.(index, step, name),
      };
      const result = await verifyMigration(context, step, offlineState);
      if (result.halted) halted = step.revision;
      results.push(result);
      request.onMigration?.(result, index);
    }
  return results;
}

/**
 * Proves each migration from --from to head on databases made for the run, in order, and
 * removes everything it made: the databases, the embedded server, the driver process.
 */
export async function runVerify(request: VerifyRequest): Promise<VerifyReport> {
  const started = performance.now();
  const teardown = new Teardown();
  const { signal } = request;
  // The server and databases are made while the driver starts and Alembic reads the history
  // (each takes a few hundred milliseconds); settled before the teardown runs, whatever happens.
  let databases: Promise<RunDatabases> | undefined;
  try {
    request.onPhase?.('reading the history with Alembic');
    const opening = openAlembicSession(request, teardown);
    databases = prepareDatabases(request, teardown);
    databases.catch(() => undefined);
    const { driver, found, urlEnv, scheme } = await opening;
    const { before, proved: migrations } = stepsFrom(upgradeOrder(await history(driver, request)), request.from);
    const info: RunInfo = { python: { ...found, source: request.python.source }, urlEnv, scheme, migrations };
    request.onStart?.(info);
    const report = (results: readonly MigrationResult[], segments: number, server: VerifyReport['server']): VerifyReport => ({ ...info, server, results, segments, seconds: (performance.now() - started) / 1000 });
    if (migrations.length === 0) return report([], 1, undefined);

    const prepared = await databases;
    const server = { embedded: request.databaseUrl === undefined, version: prepared.version };
    const online = runDatabase(prepared.online, scheme);
    const offline = prepared.offline === undefined ? undefined : runDatabase(prepared.offline, scheme);
    if (before.length > 0) request.onStep?.(0, migrations[0]!, 'setup');
    await applyBefore({ driver, urlEnv, files: request.files }, before, offline ? [online, offline] : [online], request.from);

    const session = { driver, urlEnv, files: request.files, projectDir: request.projectDir, signal };
    let target = online;
    const plan = offline ? [] : planSegments(migrations.length, request.jobs ?? 1);
    if (plan.length > 1) {
      const proved = await proveInSegments({
        ...session,
        urlEnv: urlEnv.name,
        plan,
        migrations,
        before,
        database: online,
        openDriver: async () => (await openAlembicSession(request, teardown)).driver,
        newDatabase: async () => runDatabase(await prepared.another(), scheme),
        clusterState: () => clusterState(prepared.adminUrl),
        onStep: (done, step, name) => request.onStep?.(done, step, name),
      });
      if (proved !== undefined) {
        proved.forEach((result, index) => request.onMigration?.(result, index));
        return report(proved, plan.length, server);
      }
      request.onNote?.(`the history did not pass proved in ${plan.length} segments at once; proving it again one migration after the other, whose report is the one given`);
      target = runDatabase(await prepared.another(), scheme);
      await applyBefore(session, before, [target], request.from);
    }
    return report(await proveInOrder(session, migrations, target, offline, request), 1, server);
  } catch (error) {
    // Killing the driver on an interrupt makes the step in flight fail; the interrupt is what happened.
    throw sessionError(error, signal);
  } finally {
    await databases?.catch(() => undefined);
    await teardown.run();
  }
}
