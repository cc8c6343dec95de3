import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by this setup: the bin the tests run (bin/ → dist/) is this checkout's code. */
    cliBuilt: boolean;
  }
}

// Each project loads its global setup anew, so "built already" is kept on the process they share.
const BUILT = Symbol.for('create-migration.test.cliBuilt');

/** Builds the CLI the tests execute, once per run however many projects need it. */
export function buildCli(project: TestProject): void {
  const shared = globalThis as { [BUILT]?: boolean };
  if (shared[BUILT] !== true) execFileSync(process.execPath, [resolve(import.meta.dirname, '../../scripts/build.mjs')], { stdio: 'inherit' });
  shared[BUILT] = true;
  project.provide('cliBuilt', true);
}

/** Global setup of the projects that run the built bin but need no database or Python. */
export default function setup(project: TestProject): void {
  buildCli(project);
}
