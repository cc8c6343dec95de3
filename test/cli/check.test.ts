import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/check/rules/index.js';
import { createAlembicProject } from '../support/alembic-project.js';
import { CHECK_FIXTURES } from '../support/check-fixtures.js';
import { runCli } from '../support/cli.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples/versions');

function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'create-migration-check-'));
}

/** A versions directory holding the given fixture files, each named for its revision and starting a history of its own. */
function versionsWith(...fixtures: string[]): string {
  const directory = join(temporaryDirectory(), 'versions');
  mkdirSync(directory);
  for (const fixture of fixtures) {
    const text = readFileSync(join(CHECK_FIXTURES, fixture), 'utf8').replace(/^down_revision = .*$/m, 'down_revision = None');
    const revision = /^revision = "(.+)"/m.exec(text)![1]!;
    writeFileSync(join(directory, `${revision}.py`), text);
  }
  return directory;
}

describe('create-migration check', () => {
  it('exits 0 on a clean directory found from alembic.ini', () => {
    const project = createAlembicProject();
    cpSync(EXAMPLES, project.versions, { recursive: true });
    expect(project.files()).toHaveLength(2);
    const result = runCli(['check', '--no-cache', '--no-stamps'], { cwd: project.root });
    expect(result).toEqual({ code: 0, stdout: '2 files checked: 0 errors, 0 warnings\n', stderr: '' });
  });

  it('exits 1 on errors, listing each with its place, rule and fix', () => {
    const directory = versionsWith('enum-not-dropped/bad_enums.py');
    const result = runCli(['check', '--no-cache', '--dir', directory], { cwd: directory });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        '050_enums.py:22: error: enum type migration.mood is created in upgrade() but downgrade() never drops it [enum-not-dropped]',
        '    fix: add DROP TYPE IF EXISTS migration.mood to downgrade(), after the tables that use it',
        '050_enums.py:31: error: enum type service_account_role_enum is created in upgrade() but downgrade() never drops it [enum-not-dropped]',
        '    fix: add DROP TYPE IF EXISTS service_account_role_enum to downgrade(), after the tables that use it',
        '050_enums.py:32: error: enum type service_account_status_enum is created in upgrade() but downgrade() never drops it [enum-not-dropped]',
        '    fix: add DROP TYPE IF EXISTS service_account_status_enum to downgrade(), after the tables that use it',
        '1 file checked: 3 errors, 0 warnings',
        '',
      ].join('\n'),
    );
  });

  it('exits 0 when there are only warnings', () => {
    const directory = versionsWith('get-bind-inspection/bad_get_bind.py');
    const result = runCli(['check', '--no-cache', '--dir', directory], { cwd: directory });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('070_bind.py:12: warning: this reads the database from Python');
    expect(result.stdout).toMatch(/1 file checked: 0 errors, \d+ warnings\n$/);
  });

  it('prints one JSON document with --format json', () => {
    const directory = versionsWith('empty-downgrade/bad_pass.py', 'get-bind-inspection/bad_get_bind.py');
    const result = runCli(['check', '--no-cache', '--dir', 'versions', '--format', 'json'], { cwd: resolve(directory, '..') });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: { severity: string }[] } & Record<string, unknown>;
    expect(report).toMatchObject({ directory: 'versions', files: 2, unedited: 0, errors: 3, warnings: report.findings.length - 3 });
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'versions/040_empty.py', line: 5, severity: 'error', rule: 'multiple-heads', message: 'revision 040_empty is one of 2 heads (040_empty, 070_bind)' }),
        expect.objectContaining({ file: 'versions/040_empty.py', line: 13, severity: 'error', rule: 'empty-downgrade', fix: expect.stringContaining('NotImplementedError') }),
        expect.objectContaining({ file: 'versions/070_bind.py', line: 6, severity: 'error', rule: 'multiple-heads' }),
        expect.objectContaining({ file: 'versions/070_bind.py', line: 12, severity: 'warning', rule: 'get-bind-inspection' }),
      ]),
    );
  });

  it('prints GitHub workflow annotations with --format github', () => {
    const directory = versionsWith('unguarded-sql/bad_sql.py');
    const result = runCli(['check', '--no-cache', '--dir', directory, '--format', 'github'], { cwd: directory });
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      '::error file=020_sql.py,line=10,title=unguarded-sql::CREATE TABLE migration.accounts has no existence guard, so it fails when the migration runs again. Fix: write CREATE TABLE IF NOT EXISTS',
    );
    expect(lines.filter((line) => line.includes('title=unguarded-sql'))).toHaveLength(9);
    for (const line of lines) expect(line).toMatch(/^::(error|warning) file=020_sql\.py,line=\d+,title=[a-z-]+::[^\n]+\. Fix: /);
  });

  it('reports lock-safety findings as errors with --strict-locks', () => {
    const directory = versionsWith('require-concurrent-index-deletion/bad_blocking_drops.py');
    expect(runCli(['check', '--no-cache', '--dir', directory], { cwd: directory }).code).toBe(0);
    const strict = runCli(['check', '--no-cache', '--strict-locks', '--dir', directory], { cwd: directory });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain(': error: DROP INDEX ix_accounts_name drops an index under an ACCESS EXCLUSIVE lock');
  });

  it('reuses findings of unchanged files from its cache, and re-reads a changed file', () => {
    const directory = versionsWith('empty-downgrade/good_irreversible.py');
    const cache = temporaryDirectory();
    const env = { CREATE_MIGRATION_CACHE_DIR: cache };
    expect(runCli(['check', '--dir', directory], { cwd: directory, env }).code).toBe(0);
    const [cacheFile] = readdirSync(cache);
    expect(cacheFile).toMatch(/^check-.*\.json$/);
    expect(Object.keys((JSON.parse(readFileSync(join(cache, cacheFile!), 'utf8')) as { entries: object }).entries)).toHaveLength(1);
    expect(runCli(['check', '--dir', directory], { cwd: directory, env }).code).toBe(0);

    const path = join(directory, '043_irreversible.py');
    writeFileSync(path, readFileSync(path, 'utf8').replace('raise NotImplementedError("the data change cannot be undone; restore from a backup")', 'pass'));
    const changed = runCli(['check', '--dir', directory], { cwd: directory, env });
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('[empty-downgrade]');
  });

  it.each([
    [['--format', 'xml'], '--format must be one of text, json, github, not "xml"'],
    [['--verbose'], "Unknown option '--verbose'"],
    [['--dir', '/nonexistent/versions'], 'versions directory /nonexistent/versions does not exist'],
    [[], 'no alembic.ini (nor pyproject.toml with [tool.alembic]) in'],
  ])('exits 2 on a usage error: %j', (args, message) => {
    const cwd = temporaryDirectory();
    const result = runCli(['check', ...args], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(existsSync(join(cwd, 'alembic.ini'))).toBe(false);
  });

  it('documents its options, exit codes and rules in --help', () => {
    const result = runCli(['check', '--help'], { cwd: temporaryDirectory() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--format FORMAT');
    expect(result.stdout).toContain('Exit codes: 0 no error (warnings allowed), 1 at least one error, 2 usage error');
    expect(result.stdout).toContain('--cache-dir DIR');
    for (const rule of RULES) expect(result.stdout).toMatch(new RegExp(`\\n  ${rule.id}\\s+${rule.severity}\\n`));
  });
});
