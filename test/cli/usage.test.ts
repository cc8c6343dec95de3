import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAlembicProject } from '../support/alembic-project.js';
import { runCli } from '../support/cli.js';
import { directoryState } from '../support/directory-state.js';

const SPEC = 'message: add bio\noperations:\n  - {op: add_column, table: users, column: {name: bio, type: text}}\n';

function bareDirectory(): string {
  const root = mkdtempSync(join(tmpdir(), 'cm-usage-'));
  mkdirSync(join(root, 'versions'));
  writeFileSync(join(root, 'spec.yaml'), SPEC);
  return root;
}

describe('usage errors exit 2 and write nothing', () => {
  it.each([
    ['no --spec', ['generate', '--dir', 'versions'], '--spec FILE is required'],
    ['a spec file that does not exist', ['generate', '--spec', 'missing.yaml', '--dir', 'versions'], 'spec file'],
    ['an unknown option', ['generate', '--spec', 'spec.yaml', '--dri', 'versions'], "Unknown option '--dri'"],
    ['a stray argument', ['generate', 'spec.yaml'], "Unexpected argument 'spec.yaml'"],
    ['no alembic.ini and no --dir', ['generate', '--spec', 'spec.yaml'], 'pass --dir path/to/versions'],
    ['a --dir that does not exist', ['generate', '--spec', 'spec.yaml', '--dir', 'nowhere'], 'does not exist; create it or pass --dir'],
    ['an unknown command', ['generat'], 'unknown command "generat"'],
  ])('%s', (_name, args, message) => {
    const root = bareDirectory();
    const before = directoryState(root);
    const result = runCli(args, { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
    expect(directoryState(root)).toEqual(before);
  });

  it('with no arguments and no terminal, shows the commands and exits 2 without waiting', () => {
    const result = runCli([], { cwd: bareDirectory() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: create-migration <command>');
  });
});

describe('the generate interface', () => {
  it('--help answers the questions a user has: options, output, exit codes', () => {
    const result = runCli(['generate', '--help'], { cwd: bareDirectory() });
    expect(result.code).toBe(0);
    for (const text of ['--spec FILE', '--dir DIR', '--dry-run', '--json', 'Exit codes', 'alembic.ini']) expect(result.stdout).toContain(text);
  });

  it('--version prints the package version', () => {
    const version = (JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;
    expect(runCli(['--version'], { cwd: bareDirectory() }).stdout).toBe(`${version}\n`);
  });

  it('--dry-run prints the file and writes nothing', () => {
    const root = bareDirectory();
    const before = directoryState(root);
    const result = runCli(['generate', '--spec', 'spec.yaml', '--dir', 'versions', '--dry-run'], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^"""add bio\n\nRevision ID: 001_add_bio\n/);
    expect(directoryState(root)).toEqual(before);
  });

  it('--json prints path, revision, down_revision and number', () => {
    const root = bareDirectory();
    const first = runCli(['generate', '--spec', 'spec.yaml', '--dir', 'versions', '--json'], { cwd: root });
    expect(JSON.parse(first.stdout)).toEqual({ path: 'versions/001_add_bio.py', revision: '001_add_bio', down_revision: null, number: 1 });
    writeFileSync(join(root, 'second.yaml'), SPEC.replaceAll('bio', 'motto'));
    const second = runCli(['generate', '--spec', 'second.yaml', '--dir', 'versions', '--json'], { cwd: root });
    expect(JSON.parse(second.stdout)).toEqual({ path: 'versions/002_add_motto.py', revision: '002_add_motto', down_revision: '001_add_bio', number: 2 });
  });

  it('reads the spec from standard input with -, and JSON by extension', () => {
    const root = bareDirectory();
    const fromStdin = runCli(['generate', '--spec', '-', '--dir', 'versions', '--dry-run'], { cwd: root, input: SPEC });
    expect(fromStdin.code).toBe(0);
    writeFileSync(join(root, 'spec.json'), JSON.stringify({ message: 'add bio', operations: [{ op: 'add_column', table: 'users', column: { name: 'bio', type: 'text' } }] }));
    const fromJson = runCli(['generate', '--spec', 'spec.json', '--dir', 'versions', '--dry-run'], { cwd: root });
    expect(fromJson.stdout).toBe(fromStdin.stdout);
  });

  it('prints warnings on standard error only, and still writes', () => {
    const root = bareDirectory();
    writeFileSync(join(root, 'spec.yaml'), 'message: m\noperations:\n  - {op: add_column, table: users, column: {name: c, type: text, nullable: false}}\n');
    const result = runCli(['generate', '--spec', 'spec.yaml', '--dir', 'versions'], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('versions/001_m.py\n');
    expect(result.stderr).toBe(
      'warning: operations[0].column.nullable: adding NOT NULL column "c" without a server_default fails if users has rows; give it a server_default, or add it nullable and backfill first\n',
    );
  });

  it('finds the versions directory from alembic.ini', () => {
    const project = createAlembicProject();
    writeFileSync(join(project.root, 'spec.yaml'), SPEC);
    const result = runCli(['generate', '--spec', 'spec.yaml'], { cwd: project.root });
    expect(result.stdout).toBe('alembic/versions/001_add_bio.py\n');
    expect(project.files()).toEqual(['001_add_bio.py']);
  });
});
