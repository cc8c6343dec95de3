import { CreateMigrationError, UsageError } from '../errors.js';
import { verifyMigration, type MigrationResult, type OfflineState, type RunDatabase } from './cycle.js';
import { chooseUrlScheme, withScheme, type SchemeChoice } from './database-url.js';
import { DriverExited, DriverProcess } from './driver-process.js';
import type { HelloAnswer, HistoryAnswer } from './driver-protocol.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import type { FoundPython } from './find-python.js';
import { chainFrom, linearChain, type ChainLink } from './history.js';
import type { CycleStep } from './judge-cycle.js';
import { createThrowawayDatabase, serverVersion, type ThrowawayDatabase } from './throwaway-database.js';

export interface VerifyRequest {
  /** alembic.ini, and the directory Alembic runs in (its prepend_sys_path is relative to it). */
  readonly config: string;
  readonly projectDir: string;
  readonly python: FoundPython;
  readonly urlEnv: string;
  readonly urlScheme?: string;
  /** A server to create the throwaway databases on; without it an embedded server is started. */
  readonly databaseUrl?: string;
  readonly from?: string;
  readonly offline: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  onStart?(run: RunInfo): void;
  /** Setting up, before the first migration: "starting an embedded PostgreSQL server". */
  onPhase?(what: string): void;
  onStep?(index: number, link: ChainLink, step: CycleStep | 'setup'): void;
  onMigration?(result: MigrationResult, index: number): void;
}

export interface RunInfo {
  readonly python: HelloAnswer & { readonly source: string };
  readonly scheme: SchemeChoice;
  readonly migrations: readonly ChainLink[];
}

export interface VerifyReport extends RunInfo {
  readonly server: { readonly embedded: boolean; readonly version: string } | undefined;
  readonly results: readonly MigrationResult[];
  readonly seconds: number;
}

/** Whatever was set up is torn down in reverse order, each step on its own, even after an error. */
export class Teardown {
  private readonly steps: (() => Promise<void> | void)[] = [];

  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await Promise.resolve().then(step).catch(() => undefined);
  }
}

export async function hello(driver: DriverProcess, python: FoundPython): Promise<HelloAnswer> {
  const answer = await driver.request({ hello: true });
  if (!answer.ok) {
    throw new UsageError(`${python.python} (found from ${python.source}) cannot run Alembic: ${answer.error!.message}; pass --alembic with the project's virtual environment`);
  }
  return answer as unknown as HelloAnswer;
}

export async function history(driver: DriverProcess, config: string): Promise<HistoryAnswer> {
  const answer = await driver.request({ history: true, config });
  if (!answer.ok) throw new CreateMigrationError(`Alembic cannot read the history of ${config}: ${answer.error!.message}`);
  return answer as unknown as HistoryAnswer;
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
    const scheme = chooseUrlScheme(request.urlScheme, request.env[request.urlEnv], request.urlEnv, { defaultDriver: found.default_driver, drivers: found.drivers });
    const migrations = chainFrom(linearChain(await history(driver, request.config)), request.from);
    const info: RunInfo = { python: { ...found, source: request.python.source }, scheme, migrations };
    request.onStart?.(info);
    const results: MigrationResult[] = [];
    if (migrations.length === 0) return { ...info, server: undefined, results, seconds: (performance.now() - started) / 1000 };

    signal.throwIfAborted();
    request.onPhase?.(request.databaseUrl !== undefined ? 'creating a database' : 'starting an embedded PostgreSQL server');
    const server = request.databaseUrl !== undefined ? { adminUrl: request.databaseUrl, stop: async () => {} } : await startEmbeddedPostgres();
    teardown.add(() => server.stop());
    signal.throwIfAborted();
    const version = await serverVersion(server.adminUrl);
    const database = async (): Promise<RunDatabase> => {
      const made: ThrowawayDatabase = await createThrowawayDatabase(server.adminUrl, 'cm_verify');
      teardown.add(() => made.drop());
      signal.throwIfAborted();
      return { url: made.url, envUrl: withScheme(made.url, scheme.scheme) };
    };
    const online = await database();
    const offline = request.offline ? await database() : undefined;

    const first = migrations[0]!;
    if (first.previous !== 'base') {
      request.onStep?.(0, first, 'setup');
      for (const target of offline ? [online, offline] : [online]) {
        const answer = await driver.request({ alembic: ['upgrade', first.previous], config: request.config, url: target.envUrl, url_env: request.urlEnv });
        if (!answer.ok) throw new CreateMigrationError(`cannot upgrade to ${first.previous}, where --from ${request.from} starts: ${answer.error!.message}`);
      }
    }

    const offlineState: OfflineState = {};
    let halted: string | undefined;
    for (const [index, link] of migrations.entries()) {
      if (halted !== undefined) {
        const result: MigrationResult = { revision: link.revision, path: link.path, status: 'not run', problems: [], seconds: 0, halted: false, notes: [`not run: ${halted} failed a step`] };
        results.push(result);
        request.onMigration?.(result, index);
        continue;
      }
      const context = {
        driver,
        config: request.config,
        urlEnv: request.urlEnv,
        projectDir: request.projectDir,
        online,
        ...(offline && { offline }),
        signal,
        onStep: (step: CycleStep) => request.onStep?.(index, link, step),
      };
      const result = await verifyMigration(context, link, offlineState);
      if (result.halted) halted = link.revision;
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
