import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

function migration(revision: string, down: string | null): string {
  const revises = down ?? '';
  return `"""${revision}\n\nRevision ID: ${revision}\nRevises: ${revises}\n"""\n\nrevision = "${revision}"\ndown_revision = ${down === null ? 'None' : `"${down}"`}\n\n\ndef upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n`;
}

/** A versions directory outside any git work tree, each file modified at the given day of 2026. */
function versions(files: [revision: string, down: string | null, day: number][]): string {
  const directory = join(mkdtempSync(join(tmpdir(), 'create-migration-renumber-')), 'versions');
  mkdirSync(directory);
  for (const [revision, down, day] of files) {
    const path = join(directory, `${revision}.py`);
    writeFileSync(path, migration(revision, down));
    const time = new Date(Date.UTC(2026, 0, day));
    utimesSync(path, time, time);
  }
  return directory;
}

describe('create-migration renumber', () => {
  it('outside git, moves the branch whose files were modified later', () => {
    const directory = versions([
      ['001_base', null, 1],
      ['002_left', '001_base', 5],
      ['002_right', '001_base', 3],
    ]);
    const result = runCli(['renumber', '--dir', directory, '--write'], { cwd: directory });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  keep: 002_right.py; first file modified 2026-01-03 00:00:00 UTC\n  move: 002_left.py; first file modified 2026-01-05 00:00:00 UTC\n');
    expect(readdirSync(directory).sort()).toEqual(['001_base.py', '002_right.py', '003_left.py']);
    expect(runCli(['check', '--no-cache', '--dir', directory], { cwd: directory }).code).toBe(0);
  });

  it('says there is nothing to do on a history with one head', () => {
    const directory = versions([['001_base', null, 1]]);
    expect(runCli(['renumber', '--dir', directory], { cwd: directory })).toEqual({
      code: 0,
      stdout: 'Nothing to renumber: no branch has several heads, and no chain repeats a number.\n',
      stderr: '',
    });
  });

  it.each([
    [['--keep', '009_nowhere'], 'error: --keep 009_nowhere names no revision or file of the branches (heads: 002_right, 002_left)'],
    [['--database-url', 'postgresql://nobody@127.0.0.1:1/none'], 'error: cannot read alembic_version through --database-url: '],
  ])('refuses with exit 1 and changes nothing: %j', (args, message) => {
    const directory = versions([
      ['001_base', null, 1],
      ['002_left', '001_base', 5],
      ['002_right', '001_base', 3],
    ]);
    const result = runCli(['renumber', '--dir', directory, '--write', ...args], { cwd: directory });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain('    at ');
    expect(readdirSync(directory).sort()).toEqual(['001_base.py', '002_left.py', '002_right.py']);
  });

  it.each([
    [['--force'], "Unknown option '--force'"],
    [['--dir', '/nonexistent/versions'], 'versions directory /nonexistent/versions does not exist'],
  ])('exits 2 on a usage error: %j', (args, message) => {
    const result = runCli(['renumber', ...args], { cwd: tmpdir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
