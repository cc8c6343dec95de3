import { CreateMigrationError, UsageError } from '../errors.js';
import { verifyMigration, type MigrationResult, type OfflineState, type RunDatabase } from './cycle.js';
import { chooseUrlScheme, missingDriver, withScheme, type SchemeChoice } from './database-url.js';
import { DriverExited, DriverProcess } from './driver-process.js';
import type { AlembicFiles, HelloAnswer, HistoryAnswer } from './driver-protocol.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { chooseUrlEnv, type EnvPyHints, type UrlEnvChoice } from './env-py.js';
import type { FoundPython } from './find-python.js';
import { stepsFrom, upgradeOrder, type HistoryStep } from './history.js';
import type { CycleStep } from './judge-cycle.js';
import { createThrowawayDatabase, removeAbandonedDatabases, serverVersion, type ThrowawayDatabase } from './throwaway-database.js';

export interface VerifyRequest {
  /** The project's configuration files, and the directory Alembic runs in (relative paths of the configuration start there). */
  readonly files: AlembicFiles;
  readonly projectDir: string;
  readonly python: FoundPython;
  /** --url-env and --url-scheme, when given. */
  readonly urlEnv?: string;
  readonly urlScheme?: string;
  /** alembic.ini's sqlalchemy.url, and what env.py's text says (undefined when it cannot be read). */
  readonly configUrl?: string;
  readonly envPy?: EnvPyHints;
  /** A server to create the throwaway databases on; without it an embedded server is started. */
  readonly databaseUrl?: string;
  readonly from?: string;
  readonly offline: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  onStart?(run: RunInfo): void;
  /** Setting up, before the first migration: "starting an embedded PostgreSQL server". */
  onPhase?(what: string): void;
  /** Something the user should know that is no problem of the history: what earlier killed runs left, removed. */
  onNote?(line: string): void;
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

/** Whatever was set up is torn down in reverse order, each step on its own, even after an error. */
class Teardown {
  private readonly steps: (() => Promise<void> | void)[] = [];

  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await Promise.resolve().then(step).catch(() => undefined);
  }
}

async function hello(driver: DriverProcess, python: FoundPython): Promise<HelloAnswer> {
  const answer = await driver.request({ hello: true });
  if (!answer.ok) {
    throw new UsageError(`${python.python} (found from ${python.source}) cannot run Alembic: ${answer.error!.message}; pass --alembic with the project's virtual environment`);
  }
  return answer as unknown as HelloAnswer;
}

async function history(driver: DriverProcess, files: AlembicFiles, projectDir: string): Promise<HistoryAnswer> {
  const answer = await driver.request({ history: true, ...files });
  if (!answer.ok) throw new CreateMigrationError(`Alembic cannot read the history of ${projectDir}: ${answer.error!.message}`);
  return answer as unknown as HistoryAnswer;
}

/** How env.py is handed the URL: the variable and the scheme, refused when the project's Python lacks the driver. */
function urlChoice(request: VerifyRequest, found: HelloAnswer): { urlEnv: UrlEnvChoice; scheme: SchemeChoice } {
  const urlEnv = chooseUrlEnv(request.urlEnv, request.envPy);
  const python = { defaultDriver: found.default_driver, drivers: found.drivers, greenlet: found.greenlet, executable: found.executable };
  const asyncEnv = request.envPy?.async ?? false;
  const scheme = chooseUrlScheme(request.urlScheme, request.env[urlEnv.name], urlEnv.name, python, { asyncEnv, ...(request.configUrl !== undefined && { configUrl: request.configUrl }) });
  const missing = missingDriver(scheme, python);
  if (missing !== undefined) throw new UsageError(missing);
  return { urlEnv, scheme };
}

/**
 * The server (the embedded one started, or --database-url's) and the run's databases on it,
 * each torn down by `teardown`; what killed runs left there is removed first.
 */
async function prepareDatabases(request: VerifyRequest, scheme: SchemeChoice, teardown: Teardown): Promise<{ version: string; online: RunDatabase; offline: RunDatabase | undefined }> {
  const { signal } = request;
  signal.throwIfAborted();
  request.onPhase?.(request.databaseUrl !== undefined ? 'creating a database' : 'starting an embedded PostgreSQL server');
  const server = request.databaseUrl !== undefined ? { adminUrl: request.databaseUrl, stop: async () => {} } : await startEmbeddedPostgres(request.onNote);
  teardown.add(() => server.stop());
  signal.throwIfAborted();
  const version = await serverVersion(server.adminUrl);
  if (request.databaseUrl !== undefined) {
    const removed = await removeAbandonedDatabases(server.adminUrl, 'cm_verify');
    if (removed.length > 0) request.onNote?.(`dropped ${removed.length === 1 ? 'a database' : `${removed.length} databases`} that runs killed before they could drop ${removed.length === 1 ? 'it' : 'them'} left: ${removed.join(', ')}`);
  }
  const database = async (): Promise<RunDatabase> => {
    const made: ThrowawayDatabase = await createThrowawayDatabase(server.adminUrl, 'cm_verify');
    teardown.add(() => made.drop());
    signal.throwIfAborted();
    return { url: made.url, envUrl: withScheme(made.url, scheme.scheme) };
  };
  const online = await database();
  return { version, online, offline: request.offline ? await database() : undefined };
}

/**
 * Proves each migration from --from to head on databases made for the run, in order, and
 * removes everything it made: the databases, the embedded server, the driver process.
 */
export async function runVerify(request: VerifyRequest): Promise<VerifyReport> {
  const started = performance.now();
  const teardown = new Teardown();
  const { signal } = request;
  const driver = new DriverProcess(request.python.python, { cwd: request.projectDir, env: request.env });
  const kill = (): void => driver.kill();
  signal.addEventListener('abort', kill, { once: true });
  teardown.add(() => {
    signal.removeEventListener('abort', kill);
    driver.kill();
  });
  try {
    request.onPhase?.('reading the history with Alembic');
    const found = await hello(driver, request.python);
    const { urlEnv, scheme } = urlChoice(request, found);
    const { before, proved: migrations } = stepsFrom(upgradeOrder(await history(driver, request.files, request.projectDir)), request.from);
    const info: RunInfo = { python: { ...found, source: request.python.source }, urlEnv, scheme, migrations };
    request.onStart?.(info);
    const results: MigrationResult[] = [];
    if (migrations.length === 0) return { ...info, server: undefined, results, seconds: (performance.now() - started) / 1000 };

    const { version, online, offline } = await prepareDatabases(request, scheme, teardown);
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
    signal.throwIfAborted();
    if (error instanceof DriverExited) throw new CreateMigrationError(error.message);
    throw error;
  } finally {
    await teardown.run();
  }
}
