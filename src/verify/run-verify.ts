import { CreateMigrationError } from '../errors.js';
import { history, openAlembicSession, sessionError, Teardown, throwawayServer, type SessionRequest } from './alembic-session.js';
import { verifyMigration, type MigrationResult, type OfflineState, type RunDatabase } from './cycle.js';
import { withScheme, type SchemeChoice } from './database-url.js';
import type { HelloAnswer } from './driver-protocol.js';
import { chainFrom, linearChain, type ChainLink } from './history.js';
import type { CycleStep } from './judge-cycle.js';
import { createThrowawayDatabase, serverVersion, type ThrowawayDatabase } from './throwaway-database.js';

export interface VerifyRequest extends SessionRequest {
  /** alembic.ini, and the directory Alembic runs in (its prepend_sys_path is relative to it). */
  readonly config: string;
  readonly from?: string;
  readonly offline: boolean;
  onStart?(run: RunInfo): void;
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

/**
 * Proves each migration from --from to head on databases made for the run, in order, and
 * removes everything it made: the databases, the embedded server, the driver process.
 */
export async function runVerify(request: VerifyRequest): Promise<VerifyReport> {
  const started = performance.now();
  const teardown = new Teardown();
  const { signal } = request;
  try {
    request.onPhase?.('reading the history with Alembic');
    const { driver, found, scheme } = await openAlembicSession(request, teardown);
    const migrations = chainFrom(linearChain(await history(driver, request.config)), request.from);
    const info: RunInfo = { python: { ...found, source: request.python.source }, scheme, migrations };
    request.onStart?.(info);
    const results: MigrationResult[] = [];
    if (migrations.length === 0) return { ...info, server: undefined, results, seconds: (performance.now() - started) / 1000 };

    const server = await throwawayServer(request, teardown);
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
    throw sessionError(error, signal);
  } finally {
    await teardown.run();
  }
}
