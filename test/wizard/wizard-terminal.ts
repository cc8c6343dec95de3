import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { GENERATOR_LIST } from '../../generators/index.js';
import type { AlembicProject } from '../support/alembic-project.js';
import { runCli } from '../support/cli.js';
import { Terminal } from '../support/terminal.js';

// What the wizard's terminal tests share.

/** The arrow keys that move the operation menu from its first entry to `op`. */
export function menuTo(op: string): string[] {
  const index = GENERATOR_LIST.findIndex((generator) => generator.op === op);
  expect(index, `${op} is in the menu`).toBeGreaterThanOrEqual(0);
  return Array<string>(index).fill('Down');
}

/** What `generate --spec` writes for `spec` in a fresh copy of the project's history. */
export function generatedFromSpec(project: AlembicProject, spec: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'create-migration-spec-')), 'spec.yaml');
  writeFileSync(file, spec);
  const result = runCli(['generate', '--spec', file, '--dry-run'], { cwd: project.root });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

/** `create-migration ...args` in a terminal of its own, closed after the test. */
export function terminals(): (args: readonly string[], options: Parameters<typeof Terminal.run>[1]) => Terminal {
  let open: Terminal[] = [];
  afterEach(() => {
    for (const terminal of open) terminal.close();
    open = [];
  });
  return (args, options) => {
    const terminal = Terminal.run(args, options);
    open.push(terminal);
    return terminal;
  };
}
