import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { inject } from 'vitest';

export const BIN = resolve(import.meta.dirname, '../../bin/create-migration.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The bin runs dist/, which only a project with the build setup (vitest.config.ts) makes sure is
 * this checkout's code: elsewhere a test would silently run a stale build.
 */
export function requireBuiltCli(): void {
  if (inject('cliBuilt') !== true) throw new Error('this test runs the built bin: put its file in a vitest project whose globalSetup builds it (vitest.config.ts)');
}

/** Runs the built create-migration bin as a user would, with no terminal attached. */
export function runCli(args: readonly string[], options: { cwd: string; input?: string; env?: Record<string, string> }): CliResult {
  requireBuiltCli();
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, SOURCE_DATE_EPOCH: '1763812800', ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
