import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RULES } from '../../src/check/rules/index.js';
import { OPERATION_NAMES } from '../../src/operations/registry.js';
import { createAlembicProject } from '../support/alembic-project.js';
import { SPECS } from '../support/specs.js';
import { runCli } from '../support/cli.js';


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

  /** check of every file, parsed; its findings as JSON. */
  const parsedCheck = () => {
    const result = runCli(['check', '--no-cache', '--no-stamps', '--format', 'json'], { cwd: project.root });
    expect(result.stderr).toBe('');
    return { code: result.code, report: JSON.parse(result.stdout) as { files: number; errors: number; findings: { file: string; rule: string; severity: string; message: string }[] } };
  };

  it('is clean: check, parsing every file, finds no error, and warns only of locks a spec left at their blocking default', () => {
    const { code, report } = parsedCheck();
    expect(report.files).toBe(SPECS.length);
    expect(report.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    const lockRules = new Set(RULES.filter((rule) => rule.lockSafety).map((rule) => rule.id));
    expect(report.findings.filter((finding) => !lockRules.has(finding.rule))).toEqual([]);
    expect(code).toBe(0);
  });

  it('is clean of every finding, warnings too, where the spec asks for the safe forms (concurrently, not_valid, lock_timeout)', () => {
    const safe = project.files().find((name) => name.includes('safe_forms_on_live_tables'));
    expect(safe).toBeDefined();
    expect(parsedCheck().report.findings.filter((finding) => finding.file.endsWith(safe!))).toEqual([]);
  });

  it('is known unedited by its stamps, until a file is edited: that one is parsed again', () => {
    expect(runCli(['check', '--no-cache'], { cwd: project.root }).stdout).toBe(`${SPECS.length} files checked (${SPECS.length} unedited since create-migration wrote them): 0 errors, 0 warnings\n`);
    const [edited] = project.files().filter((name) => readFileSync(join(project.versions, name), 'utf8').includes('CREATE TABLE IF NOT EXISTS'));
    const path = join(project.versions, edited!);
    writeFileSync(path, readFileSync(path, 'utf8').replace('CREATE TABLE IF NOT EXISTS', 'CREATE TABLE'));
    const result = runCli(['check', '--no-cache'], { cwd: project.root });
    expect(result.stdout).toMatch(new RegExp(`${SPECS.length} files checked \\(${SPECS.length - 1} unedited since create-migration wrote them\\): 1 error, \\d+ warnings?\n`));
    expect(result.stdout).toContain(`${edited}:`);
    expect(result.code).toBe(1);
  });
});
