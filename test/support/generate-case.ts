import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { AlembicProject } from './alembic-project.js';
import { runCli } from './cli.js';

/** Writes `spec` as JSON into the project and runs `generate` on it from the project's root. */
export function generateFromSpec(project: AlembicProject, spec: unknown, name = 'spec.json', extraArgs: readonly string[] = []): { revision: string; path: string; text: string; stderr: string } {
  const specPath = join(project.root, name);
  writeFileSync(specPath, JSON.stringify(spec, null, 2));
  const result = runCli(['generate', '--spec', specPath, '--json', ...extraArgs], { cwd: project.root });
  expect(result.stderr.replace(/^warning: .*\n/gm, ''), 'generate wrote errors').toBe('');
  expect(result.code, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout) as { path: string; revision: string };
  const path = join(project.root, report.path);
  return { revision: report.revision, path, text: readFileSync(path, 'utf8'), stderr: result.stderr };
}

/** Runs `generate` on a spec that must be refused: returns standard error, after checking exit 1 and that nothing was written. */
export function refusedSpec(project: AlembicProject, spec: unknown, extraArgs: readonly string[] = []): string {
  const before = project.files();
  const specPath = join(project.root, 'refused.json');
  writeFileSync(specPath, JSON.stringify(spec, null, 2));
  const result = runCli(['generate', '--spec', specPath, ...extraArgs], { cwd: project.root });
  expect(result.code, result.stderr).toBe(1);
  expect(project.files()).toEqual(before);
  return result.stderr;
}
