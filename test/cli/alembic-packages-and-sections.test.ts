import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { directoryState } from '../support/directory-state.js';
import { menuTo, terminals } from '../wizard/wizard-terminal.js';

// Projects whose alembic.ini lives inside their Python package and names its migrations as a
// package resource (script_location = shop:server:database:_migrations), and files holding
// several Alembic setups in named sections ([core], [tenant], run as `alembic -n tenant`).
// Each is made by the real `alembic init`, then edited as such projects are.

const python = inject('python');
const adminUrl = inject('adminUrl');
const alembic = join(dirname(python.python), 'alembic');
const SPEC = 'message: add bio to users\noperations:\n  - {op: add_column, table: users, column: {name: bio, type: text}}\n';
const terminal = terminals();

/** Empty __init__.py files: `path` and each directory above it, under `root`, are packages. */
function makePackages(root: string, path: string): void {
  const parts = path.split('/');
  parts.forEach((_, index) => {
    const directory = join(root, ...parts.slice(0, index + 1));
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, '__init__.py'), '');
  });
}

/** Rewrites alembic.ini's script_location line (alembic init writes one, in [alembic]). */
function editIni(ini: string, edit: (text: string) => string): void {
  writeFileSync(ini, edit(readFileSync(ini, 'utf8')));
}

/** src/shop/server/database/alembic.ini naming its migrations shop:server:database:_migrations. */
function packagedProject(): { root: string; database: string } {
  const root = mkdtempSync(join(tmpdir(), 'cm-packaged-'));
  writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "shop"\nversion = "1"\n');
  const database = join(root, 'src', 'shop', 'server', 'database');
  makePackages(join(root, 'src'), 'shop/server/database');
  execFileSync(alembic, ['init', '_migrations'], { cwd: database, stdio: 'ignore' });
  editIni(join(database, 'alembic.ini'), (text) => text.replace(/^script_location = .*$/m, 'script_location = shop:server:database:_migrations'));
  writeFileSync(join(database, 'spec.yaml'), SPEC);
  return { root, database };
}

/** src/ops/alembic.ini with no script_location in [alembic], and [core] and [tenant] sections each naming a package resource. */
function sectionsProject(): { root: string; ops: string; versions: (section: string) => string } {
  const root = mkdtempSync(join(tmpdir(), 'cm-sections-'));
  const ops = join(root, 'src', 'ops');
  makePackages(join(root, 'src'), 'ops/database/revisions');
  for (const section of ['core', 'tenant']) {
    execFileSync(alembic, ['init', `database/revisions/${section}`], { cwd: ops, stdio: 'ignore' });
    renameSync(join(ops, 'alembic.ini'), join(ops, `${section}.ini`));
  }
  renameSync(join(ops, 'core.ini'), join(ops, 'alembic.ini'));
  editIni(join(ops, 'alembic.ini'), (text) =>
    text
      .replace(/^script_location = .*\n/m, '')
      .replace('[post_write_hooks]', '[core]\nscript_location = ops:database/revisions/core\nsqlalchemy.url = driver://core\n\n[tenant]\nscript_location = ops:database/revisions/tenant\nsqlalchemy.url = driver://tenant\n\n[post_write_hooks]'),
  );
  writeFileSync(join(ops, 'spec.yaml'), SPEC);
  return { root, ops, versions: (section) => join(ops, 'database', 'revisions', section, 'versions') };
}

/** Alembic's own view, with the package importable as an editable install makes it. */
function alembicHeads(cwd: string, root: string, args: readonly string[] = []): string {
  return execFileSync(alembic, [...args, 'heads'], { cwd, encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(root, 'src') } }).trim();
}

describe('script_location as a package resource, alembic.ini inside the package', () => {
  it('every command finds the versions directory without running Python, and Alembic agrees', () => {
    const { root, database } = packagedProject();
    const made = runCli(['generate', '--spec', 'spec.yaml'], { cwd: database });
    expect(made, made.stderr).toMatchObject({ code: 0, stdout: '_migrations/versions/001_add_bio_to_users.py\n' });
    const oneLine = runCli(['add-column', 'users', 'nickname:text'], { cwd: database });
    expect(oneLine, oneLine.stderr).toMatchObject({ code: 0, stdout: '_migrations/versions/002_add_nickname_to_users.py\n' });
    const check = runCli(['check', '--no-cache'], { cwd: database });
    expect([check.code, check.stdout], check.stderr).toEqual([0, expect.stringMatching(/^2 files checked/)]);
    expect(runCli(['renumber'], { cwd: database }).stdout).toBe('Nothing to renumber: no branch has several heads, and no chain repeats a number.\n');
    expect(alembicHeads(database, root)).toBe('002_add_nickname_to_users (head)');
  });

  it('verify runs it through Alembic, which imports the package', () => {
    const { root, database } = packagedProject();
    expect(runCli(['create-table', 'users', 'id:bigint:pk'], { cwd: database }).code).toBe(0);
    expect(runCli(['generate', '--spec', 'spec.yaml'], { cwd: database }).code).toBe(0);
    const result = runCli(['verify', '--alembic', python.python, '--database-url', adminUrl, '--json'], { cwd: database, env: { PYTHONPATH: join(root, 'src') } });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { migrations: { revision: string; status: string }[] };
    expect(report.migrations.map((migration) => [migration.revision, migration.status])).toEqual([
      ['001_create_users', 'ok'],
      ['002_add_bio_to_users', 'ok'],
    ]);
  });

  it('a package this project does not hold: one message naming the value and --dir, nothing written', () => {
    const { database } = packagedProject();
    editIni(join(database, 'alembic.ini'), (text) => text.replace('shop:server:database:_migrations', 'vendored_elsewhere:migrations'));
    const before = directoryState(database);
    const result = runCli(['generate', '--spec', 'spec.yaml'], { cwd: database });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: alembic.ini \[alembic\] script_location is "vendored_elsewhere:migrations", a location inside the Python package vendored_elsewhere, which is not in the project \(looked in [^)]*\); a package installed elsewhere cannot be found without running Python: set versions_dir in \[tool.create-migration\] of pyproject.toml, or pass --dir path\/to\/versions\n$/,
    );
    expect(directoryState(database)).toEqual(before);
    const withDir = runCli(['generate', '--spec', 'spec.yaml', '--dir', '_migrations/versions'], { cwd: database });
    expect(withDir, withDir.stderr).toMatchObject({ code: 0, stdout: '_migrations/versions/001_add_bio_to_users.py\n' });
  });
});

describe('alembic.ini with named sections, one Alembic setup each (alembic -n NAME)', () => {
  const sectionsMessage =
    'error: alembic.ini has no script_location in its [alembic] section, but its sections [core] and [tenant] do (one Alembic setup each, run as alembic -n NAME): pass --name core or --name tenant\n';

  it('without --name, every command that reads the configuration says which sections there are; nothing is written', () => {
    const { ops } = sectionsProject();
    const before = directoryState(ops);
    for (const args of [['generate', '--spec', 'spec.yaml'], ['add-column', 'users', 'bio:text'], ['check'], ['renumber'], ['autogenerate', '-m', 'x']]) {
      const result = runCli(args, { cwd: ops });
      expect([result.code, result.stderr], args.join(' ')).toEqual([2, sectionsMessage]);
    }
    const unknown = runCli(['generate', '--spec', 'spec.yaml', '--name', 'Tenant'], { cwd: ops });
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      "error: alembic.ini has no [Tenant] section, so Alembic's -n Tenant would fail too; its sections that set script_location: [core] and [tenant]\n",
    ]);
    expect(directoryState(ops)).toEqual(before);
  });

  it('--name (-n, or --ini-section where --name names a constraint) picks the setup, in every command; Alembic agrees', () => {
    const { root, ops, versions } = sectionsProject();
    expect(runCli(['generate', '--spec', 'spec.yaml', '-n', 'tenant'], { cwd: ops }).stdout).toBe('database/revisions/tenant/versions/001_add_bio_to_users.py\n');
    expect(runCli(['add-column', 'users', 'nickname:text', '--name', 'tenant'], { cwd: ops }).stdout).toBe('database/revisions/tenant/versions/002_add_nickname_to_users.py\n');
    const named = runCli(['add-check', 'users', 'id > 0', '--name', 'ck_users_positive_id', '--ini-section', 'core'], { cwd: ops });
    expect(named, named.stderr).toMatchObject({ code: 0, stdout: 'database/revisions/core/versions/001_add_ck_users_positive_id.py\n' });
    expect(readFileSync(join(versions('core'), '001_add_ck_users_positive_id.py'), 'utf8')).toContain('ck_users_positive_id');
    expect(readdirSync(versions('tenant')).filter((file) => file.endsWith('.py'))).toEqual(['001_add_bio_to_users.py', '002_add_nickname_to_users.py']);
    expect(runCli(['check', '--no-cache', '-n', 'tenant'], { cwd: ops }).stdout).toMatch(/^2 files checked/);
    expect(runCli(['check', '--no-cache', '--ini-section', 'core'], { cwd: ops }).stdout).toMatch(/^1 file checked/);
    expect(runCli(['renumber', '--name', 'tenant'], { cwd: ops }).code).toBe(0);
    const shortcut = runCli(['create-index', 'users', 'id', '-n', 'core'], { cwd: ops });
    expect([shortcut.code, shortcut.stderr]).toEqual([
      2,
      'error: -n: in create-index, --name names what it adds, so the section of alembic.ini is given as --ini-section SECTION\nsee: create-migration create-index --help\n',
    ]);
    const clash = runCli(['check', '-n', 'core', '--ini-section', 'tenant'], { cwd: ops });
    expect([clash.code, clash.stderr]).toEqual([2, 'error: --name and --ini-section name different sections (core, tenant); give one\n']);
    expect(alembicHeads(ops, root, ['-n', 'tenant'])).toBe('002_add_nickname_to_users (head)');
    expect(alembicHeads(ops, root, ['-n', 'core'])).toBe('001_add_ck_users_positive_id (head)');
  });

  it('verify --name runs Alembic with -n: the section its env.py reads, its migrations only', () => {
    const { root, ops } = sectionsProject();
    expect(runCli(['create-table', 'users', 'id:bigint:pk', '-n', 'tenant'], { cwd: ops }).code).toBe(0);
    expect(runCli(['create-table', 'accounts', 'id:bigint:pk', '-n', 'core'], { cwd: ops }).code).toBe(0);
    const env = { PYTHONPATH: join(root, 'src') };
    for (const [section, revision] of [['tenant', '001_create_users'], ['core', '001_create_accounts']] as const) {
      const result = runCli(['verify', '--alembic', python.python, '--database-url', adminUrl, '--name', section, '--json'], { cwd: ops, env });
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as { migrations: { revision: string; status: string }[] };
      expect(report.migrations.map((migration) => [migration.revision, migration.status])).toEqual([[revision, 'ok']]);
    }
    const none = runCli(['verify', '--alembic', python.python, '--database-url', adminUrl], { cwd: ops, env });
    expect([none.code, none.stderr]).toEqual([2, sectionsMessage]);
  });

  it('autogenerate --name compares that setup\'s models (its env.py, run by Alembic with -n) and writes into its versions', () => {
    const { root, ops, versions } = sectionsProject();
    const envPy = join(ops, 'database', 'revisions', 'tenant', 'env.py');
    editIni(envPy, (text) =>
      text.replace('target_metadata = None', 'import sqlalchemy as sa\n\ntarget_metadata = sa.MetaData()\nsa.Table("users", target_metadata, sa.Column("id", sa.BigInteger, primary_key=True))'),
    );
    const result = runCli(['autogenerate', '-m', 'create users', '-n', 'tenant', '--alembic', python.python, '--database-url', adminUrl], { cwd: ops, env: { PYTHONPATH: join(root, 'src') } });
    expect(result, result.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('database/revisions/tenant/versions/001_create_users.py') });
    expect(readFileSync(join(versions('tenant'), '001_create_users.py'), 'utf8')).toContain('CREATE TABLE IF NOT EXISTS public.users');
    expect(readdirSync(versions('core')).filter((file) => file.endsWith('.py'))).toEqual([]);
  });

  it('the wizard takes --name too', async () => {
    const { ops, versions } = sectionsProject();
    const term = terminal(['--name', 'tenant'], { cwd: ops });
    await term.choose('What do you want to do?', menuTo('create_enum'));
    await term.answer('Enum type name', 'mood');
    await term.answer('Values', 'happy, sad');
    await term.answer('Add another operation', '');
    await term.answer('Message', '');
    await term.answer('Write database/revisions/tenant/versions/001_create_enum_mood.py?', '');
    const { code } = await term.exit();
    expect(code).toBe(0);
    expect(readdirSync(versions('tenant'))).toContain('001_create_enum_mood.py');
    expect(readdirSync(versions('core')).filter((file) => file.endsWith('.py'))).toEqual([]);
  });
});
