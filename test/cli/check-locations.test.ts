import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { directoryState } from '../support/directory-state.js';

/** A migration file that changes nothing, with the given links. */
function migration(revision: string, down: string | null, extra = ''): string {
  return `revision = "${revision}"\ndown_revision = ${down === null ? 'None' : `"${down}"`}\n${extra}\n\ndef upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n`;
}

function versions(files: Record<string, string>): string {
  const directory = join(mkdtempSync(join(tmpdir(), 'cm-locations-')), 'versions');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(directory, name, '..'), { recursive: true });
    writeFileSync(join(directory, name), text);
  }
  return directory;
}

const check = (directory: string, ...args: string[]) => runCli(['check', '--no-cache', '--dir', directory, ...args], { cwd: directory });

describe('check and renumber read version locations as Alembic does', () => {
  const recursiveHistory = () =>
    versions({
      '001_base.py': migration('001_base', null),
      '2025/002_users.py': migration('002_users', '001_base'),
      '2026/q1/003_orders.py': migration('003_orders', '002_users'),
    });

  it('reads subdirectories with --recursive (recursive_version_locations): one chain across them', () => {
    const result = check(recursiveHistory(), '--recursive');
    expect(result.stdout).toBe('3 files checked: 0 errors, 0 warnings\n');
    expect(result.code).toBe(0);
  });

  it('without it, never reads a subdirectory silently: each one holding .py files is named', () => {
    const result = check(recursiveHistory());
    expect(result.stdout).toContain('2025/002_users.py:1: warning: 2025/ holds 1 .py file that neither Alembic (without recursive_version_locations) nor check reads [unread-subdirectory]');
    expect(result.stdout).toContain('2026/q1/003_orders.py:1: warning: 2026/ holds 1 .py file');
    expect(result.stdout).toContain('1 file checked: 0 errors, 2 warnings');
  });

  it('checks several version locations (version_locations) as one history', () => {
    const root = mkdtempSync(join(tmpdir(), 'cm-locations-'));
    const [core, reports] = [join(root, 'core'), join(root, 'reports')];
    mkdirSync(core);
    mkdirSync(reports);
    writeFileSync(join(core, '001_base.py'), migration('001_base', null));
    writeFileSync(join(reports, '002_report.py'), migration('002_report', '001_base'));
    const both = runCli(['check', '--no-cache', '--dir', core, '--dir', reports], { cwd: root });
    expect(both.stdout).toBe('2 files checked: 0 errors, 0 warnings\n');
    const alone = runCli(['check', '--no-cache', '--dir', reports], { cwd: root });
    expect(alone.stdout).toContain('reports/002_report.py:2: error: down_revision "001_base" names no revision in this directory [dangling-down-revision]');
  });

  it('accepts labelled branches with their own heads and a depends_on across them; renumber leaves them be', () => {
    const directory = versions({
      '001_base.py': migration('001_base', null),
      'a1_expand.py': migration('a1_expand', '001_base', 'branch_labels = ("expand",)\n'),
      'c1_contract.py': migration('c1_contract', '001_base', 'branch_labels = ("contract",)\ndepends_on = "a1_expand"\n'),
    });
    expect(check(directory).stdout).toBe('3 files checked: 0 errors, 0 warnings\n');
    const before = directoryState(directory);
    const renumber = runCli(['renumber', '--write', '--dir', directory], { cwd: directory });
    expect(renumber.stdout).toBe('Nothing to renumber: no branch has several heads, and no chain repeats a number.\n');
    expect(directoryState(directory)).toEqual(before);
  });

  it('renumbers a fork inside a recursive location within its subdirectory', () => {
    const directory = versions({
      '001_base.py': migration('001_base', null),
      '2025/002_main.py': migration('002_main', '001_base'),
      '2026/002_side.py': migration('002_side', '001_base'),
    });
    const result = runCli(['renumber', '--write', '--recursive', '--dir', directory], { cwd: directory });
    expect(result.code).toBe(0);
    expect(readdirSync(join(directory, '2026'))).toEqual(['003_side.py']);
    expect(check(directory, '--recursive').stdout).toBe('3 files checked: 0 errors, 0 warnings\n');
  });
});

describe('check on filesystem faults: a finding naming the file, never a crash', () => {
  it.each([
    ['a directory named like a migration', (directory: string) => mkdirSync(join(directory, '002_oops.py')), '002_oops.py:1: error: 002_oops.py is a directory, not a regular file [unreadable-file]'],
    ['a link that loops', (directory: string) => symlinkSync('002_loop.py', join(directory, '002_loop.py')), '002_loop.py:1: error: 002_loop.py is a symbolic link that loops back on itself (ELOOP) [unreadable-file]'],
    ['a dangling link', (directory: string) => symlinkSync('gone.py', join(directory, '002_gone.py')), '002_gone.py:1: error: 002_gone.py is a symbolic link to a file that does not exist [unreadable-file]'],
    ['a FIFO (never read, so never waited on)', (directory: string) => execFileSync('mkfifo', [join(directory, '002_fifo.py')]), '002_fifo.py:1: error: 002_fifo.py is a FIFO (named pipe), not a regular file [unreadable-file]'],
    [
      'a file that is not UTF-8 and says no other encoding',
      (directory: string) => writeFileSync(join(directory, '002_latin.py'), Buffer.from('# Caf\xe9\nrevision = "002_latin"\ndown_revision = "001_base"\n', 'latin1')),
      '002_latin.py:1: error: 002_latin.py is not valid UTF-8 (and declares no other encoding): byte 0xE9 on line 1 [unreadable-file]',
    ],
  ])('%s', (_name, make, message) => {
    const directory = versions({ '001_base.py': migration('001_base', null) });
    make(directory);
    const result = check(directory);
    expect(result.stdout).toContain(message);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
  });

  it('a cache directory that cannot be written only costs speed', () => {
    const directory = versions({ '001_base.py': migration('001_base', null) });
    const blocker = join(directory, '..', 'not-a-directory');
    writeFileSync(blocker, '');
    const result = runCli(['check', '--dir', directory, '--cache-dir', join(blocker, 'cache')], { cwd: directory });
    expect(result).toEqual({ code: 0, stdout: '1 file checked: 0 errors, 0 warnings\n', stderr: '' });
  });

  it('a versions directory that cannot be listed is named, exit 2', () => {
    const root = mkdtempSync(join(tmpdir(), 'cm-locations-'));
    symlinkSync('versions', join(root, 'versions'));
    const result = runCli(['check', '--no-cache', '--dir', 'versions'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: .*versions/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
