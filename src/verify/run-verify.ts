import { CreateMigrationError } from '../errors.js';
import { history, openAlembicSession, sessionError, Teardown, throwawayServer, type SessionRequest } from './alembic-session.js';
import { verifyMigration, type MigrationResult, type OfflineState, type RunDatabase } from './cycle.js';
import { withScheme, type SchemeChoice } from './database-url.js';
import type { HelloAnswer } from './driver-protocol.js';
import type { UrlEnvChoice } from './env-py.js';
import { stepsFrom, upgradeOrder, type HistoryStep } from './history.js';
import type { CycleStep } from './judge-cycle.js';
import { createThrowawayDatabase, serverVersion, type ThrowawayDatabase } from './throwaway-database.js';

export interface VerifyRequest extends SessionRequest {
  readonly from?: string;
  readonly offline: boolean;
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
  readonly seconds: number;
}

interface RunDatabases {
  readonly version: string;
  readonly online: string;
  readonly offline: string | undefined;
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
  return { version, online, offline: request.offline ? await database() : undefined };
}

/** A database as env.py is handed it: in the URL scheme chosen for the project's Python. */
function runDatabase(url: string, scheme: SchemeChoice): RunDatabase {
  return { url, envUrl: withScheme(url, scheme.scheme) };
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
    const session = openAlembicSession(request, teardown);
    databases = prepareDatabases(request, teardown);
    databases.catch(() => undefined);
    const { driver, found, urlEnv, scheme } = await session;
    const { before, proved: migrations } = stepsFrom(upgradeOrder(await history(driver, request)), request.from);
    const info: RunInfo = { python: { ...found, source: request.python.source }, urlEnv, scheme, migrations };
    request.onStart?.(info);
    const results: MigrationResult[] = [];
    if (migrations.length === 0) return { ...info, server: undefined, results, seconds: (performance.now() - started) / 1000 };

    const prepared = await databases;
    const { version } = prepared;
    const online = runDatabase(prepared.online, scheme);
    const offline = prepared.offline === undefined ? undefined : runDatabase(prepared.offline, scheme);
    if (before.length > 0) {
      request.onStep?.(0, migrations[0]!, 'setup');
      for (const target of offline ? [online, offline] : [online]) {
        const steps = before.map((step) => [step.revision, 'up'] as const);
        const answer = await driver.request({ steps, ...request.files, url: target.envUrl, url_env: urlEnv.name });
        if (!answer.ok) throw new CreateMigrationError(`cannot upgrade through the ${before.length} revisions before --from ${request.from}: ${answer.error!.message}`);
      }
    }

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
        driver,
        files: request.files,
        urlEnv: urlEnv.name,
        projectDir: request.projectDir,
        online,
        ...(offline && { offline }),
        signal,
        onStep: (name: CycleStep) => request.onStep?.(index, step, name),
      };
      const result = await verifyMigration(context, step, offlineState);
      if (result.halted) halted = step.revision;
      results.push(result);
      request.onMigration?.(result, index);
    }
    return { ...info, server: { embedded: request.databaseUrl === undefined, version }, results, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    // Killing the driver on an interrupt makes the step in flight fail; the interrupt is what happened.
    throw sessionError(error, signal);
  } finally {
    await databases?.catch(() => undefined);
    await teardown.run();
  }
}
