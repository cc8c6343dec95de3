import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OPERATION_NAMES } from '../../src/operations/registry.js';
import { createAlembicProject } from '../support/alembic-project.js';
import { CHECK_FIXTURES } from '../support/check-fixtures.js';
import { runCli } from '../support/cli.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');

function yamlFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'versions' ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

/** Every spec this repository ships or tests with: the examples (history first) and check's own. */
const SPECS = [...yamlFiles(join(EXAMPLES, 'history')).sort(), ...yamlFiles(EXAMPLES).filter((path) => !path.includes('/history/')), ...yamlFiles(join(CHECK_FIXTURES, 'generated'))];

describe('a history written by generate', () => {
  const project = createAlembicProject();
  mkdirSync(project.versions, { recursive: true });

  it('is written, one migration per spec', () => {
    for (const spec of SPECS) {
      const result = runCli(['generate', '--spec', spec], { cwd: project.root });
      expect(result.stderr.replace(/^warning: .*\n/gm, ''), spec).toBe('');
      expect(result.code, spec).toBe(0);
    }
    expect(project.files()).toHaveLength(SPECS.length);
  });

  it.each(OPERATION_NAMES)('uses operation %s somewhere (a new operation needs a spec here)', (name) => {
    const used = SPECS.flatMap((spec) => ((parse(readFileSync(spec, 'utf8')) as { operations?: { op: string }[] }).operations ?? []).map((operation) => operation.op));
    expect(used).toContain(name);
  });

  it('is clean: check finds nothing at all, not even a warning', () => {
    const result = runCli(['check', '--no-cache'], { cwd: project.root });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${SPECS.length} files checked: 0 errors, 0 warnings\n`);
    expect(result.code).toBe(0);
  });
});
