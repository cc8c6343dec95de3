import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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

  /**
   * The only findings allowed, each where a spec asks for it: what is blocking by nature (there is
   * no safe form of it), or a safe form the spec opted out of. Every entry must still be found.
   */
  const ALLOWED: readonly { readonly file: string; readonly rule: string; readonly reason: string }[] = [
    { file: 'the_rest_of_the_catalogue', rule: 'changing-column-type', reason: 'alter_column type: text to varchar(2000) rewrites the table, upgrade and downgrade; the way around is a new column (expand/contract)' },
    { file: 'opted_out_of_safe_forms', rule: 'require-concurrent-index-creation', reason: 'create_index concurrently: false' },
    { file: 'opted_out_of_safe_forms', rule: 'constraint-missing-not-valid', reason: 'add_check not_valid: false' },
    { file: 'opted_out_of_safe_forms', rule: 'adding-foreign-key-constraint', reason: 'add_foreign_key not_valid: false' },
    { file: 'opted_out_of_safe_forms', rule: 'disallowed-unique-constraint', reason: 'add_unique concurrently: false' },
    { file: 'opted_out_of_safe_forms', rule: 'adding-not-nullable-field', reason: 'alter_column nullable: false with not_valid: false' },
  ];
  const allowed = (finding: { file: string; rule: string }): boolean => ALLOWED.some((entry) => finding.file.includes(entry.file) && finding.rule === entry.rule);

  it('is clean: check, parsing every file, finds nothing, warnings included, but what a spec asks for (blocking by nature, or a safe form opted out of)', () => {
    const { code, report } = parsedCheck();
    expect(report.files).toBe(SPECS.length);
    expect(report.findings.filter((finding) => !allowed(finding))).toEqual([]);
    for (const entry of ALLOWED) {
      expect(report.findings.some((finding) => finding.file.includes(entry.file) && finding.rule === entry.rule), `${entry.rule} in ${entry.file} (${entry.reason})`).toBe(true);
    }
    expect(report.findings.every((finding) => finding.severity === 'warning')).toBe(true);
    expect(code).toBe(0);
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
