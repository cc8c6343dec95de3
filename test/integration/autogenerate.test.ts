import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startEmbeddedPostgres, type PostgresServer } from '../../src/verify/embedded-postgres.js';
import { BIN, runCli } from '../support/cli.js';
import { ensureVenv } from '../support/python-env.js';
import { autogenerate, createModelsProject, editModels, leftovers, MODEL_STEPS, type ModelsProject } from './autogenerate-project.js';

const python = inject('python');
const NO_CHANGES = "no changes between the models and the history's head\n";
let server: PostgresServer;

beforeAll(async () => {
  // A server of this file's own for the throwaway databases (see autogenerate-project.ts).
  server = await startEmbeddedPostgres();
});

afterAll(async () => {
  if (server) expect(await leftovers(server)).toEqual([]);
  await server?.stop();
});

function editEnvPy(project: ModelsProject, from: string, to: string): void {
  const path = join(project.root, 'alembic', 'env.py');
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

/** A project whose history holds the initial migration of the shop's models. */
function projectAtInitial(): ModelsProject {
  const project = createModelsProject(python);
  const made = autogenerate(project, server, ['-m', 'create the shop']);
  expect(made.code, made.stderr).toBe(0);
  return project;
}

describe('autogenerate: the command line', () => {
  it('--help says what it needs: alembic.ini here and target_metadata in env.py', () => {
    const result = runCli(['autogenerate', '--help'], { cwd: tmpdir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('env.py that sets target_metadata to the models\' MetaData');
    expect(result.stdout).toContain('alembic.ini in the current\ndirectory');
    expect(runCli(['--help'], { cwd: tmpdir() }).stdout).toMatch(/^ {2}autogenerate +write the next migration from what Alembic's autogenerate finds/m);
  });

  it.each([
    [[], '-m/--message is required'],
    [['-m', '  '], '-m/--message is required'],
    [['-m', 'x', '--color'], "Unknown option '--color'"],
    [['-m', 'x', '--url-env', '1X'], '--url-env "1X" is not an environment variable name'],
    [['-m', 'x', '--database-url', 'mysql://h/db'], '--database-url must be a PostgreSQL URL'],
  ])('refuses %j as a usage error (exit 2), writing nothing', (args, message) => {
    const project = createModelsProject(python);
    const result = runCli(['autogenerate', ...args], { cwd: project.root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(project.files()).toEqual([]);
  });

  it('needs alembic.ini in the current directory', () => {
    const result = runCli(['autogenerate', '-m', 'x'], { cwd: mkdtempSync(join(tmpdir(), 'autogenerate-empty-')) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: no alembic\.ini \(nor pyproject\.toml with \[tool\.alembic\]\) in .*; autogenerate runs the project's Alembic setup, so run it where alembic\.ini is\n$/);
  });

  it('says to set target_metadata when env.py has none, and writes nothing', () => {
    const project = createModelsProject(python);
    editEnvPy(project, 'target_metadata = Base.metadata', 'target_metadata = None');
    const result = autogenerate(project, server, ['-m', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: Alembic's autogenerate failed: Can't proceed with --autogenerate option;");
    expect(result.stderr).toContain('; set target_metadata in env.py to the models\' MetaData (e.g. target_metadata = Base.metadata)\n');
    expect(project.files()).toEqual([]);
  });

  it('names the env.py or models line that fails', () => {
    const project = createModelsProject(python);
    editModels(project, [['class Base(DeclarativeBase):', 'class Base(DeclarativeBase, Missing):']]);
    const result = autogenerate(project, server, ['-m', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: Alembic's autogenerate failed: NameError: name 'Missing' is not defined \(.*\/app\/models\.py line \d+\)\n$/);
  });

  it('refuses a history with two heads before running anything', () => {
    const project = projectAtInitial();
    for (const name of ['002_a', '002_b']) {
      writeFileSync(join(project.versions, `${name}.py`), `revision = "${name}"\ndown_revision = "001_create_the_shop"\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n`);
    }
    const result = autogenerate(project, server, ['-m', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the history has 2 heads');
  });

  it('refuses a --dir whose history ends elsewhere than the one Alembic upgrades', () => {
    const project = projectAtInitial();
    const other = mkdtempSync(join(tmpdir(), 'autogenerate-other-versions-'));
    const result = autogenerate(project, server, ['-m', 'x', '--dir', other]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: Alembic (${project.config}) upgrades to 001_create_the_shop, but the versions directory the migration goes to ends at an empty history; run autogenerate where alembic.ini is, with --dir its versions directory\n`,
    );
    expect(readdirSync(other)).toEqual([]);
  });
});

describe('autogenerate: what it writes', () => {
  it('writes the same file generate writes from the spec it saved (--spec-out), and --dry-run writes no migration', () => {
    const project = createModelsProject(python);
    const specPath = join(project.root, 'review.json');
    const dry = autogenerate(project, server, ['-m', 'create the shop', '--dry-run', '--spec-out', 'review.json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(project.files()).toEqual([]);
    const spec = JSON.parse(readFileSync(specPath, 'utf8')) as { message: string; operations: unknown[] };
    expect(spec.message).toBe('create the shop');
    const fromSpec = runCli(['generate', '--spec', specPath, '--dry-run'], { cwd: project.root });
    expect(fromSpec.code, fromSpec.stderr).toBe(0);
    expect(dry.stdout).toBe(fromSpec.stdout);
    expect(dry.stdout).toContain('revision = "001_create_the_shop"');

    // The saved spec is never overwritten; YAML unless the name ends in .json.
    const again = autogenerate(project, server, ['-m', 'create the shop', '--spec-out', 'review.json']);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('error: --spec-out review.json exists; give a new file name (it is never overwritten)\n');
    expect(project.files()).toEqual([]);
    const yaml = autogenerate(project, server, ['-m', 'create the shop', '--spec-out', 'review.yaml']);
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(yaml.stdout).toBe('alembic/versions/001_create_the_shop.py\n');
    expect(readFileSync(join(project.root, 'review.yaml'), 'utf8')).toMatch(/^message: create the shop\nschema: public\noperations:\n {2}- op: create_table\n {4}table: customers\n/);
  });

  it('prints one JSON object, and {"changes": false} when the models and the head agree', () => {
    const project = projectAtInitial();
    const result = autogenerate(project, server, ['-m', 'x', '--json']);
    expect(result).toEqual({ code: 0, stdout: `${JSON.stringify({ changes: false, message: NO_CHANGES.trim() })}\n`, stderr: '' });
  });

  it('reports a probable rename with the command to use instead, and still writes the drop and the add', () => {
    const project = projectAtInitial();
    editModels(project, [['    note: Mapped[str | None] = mapped_column(Text, comment="Shown to the packer")', '    remark: Mapped[str | None] = mapped_column(Text)']]);
    const result = autogenerate(project, server, ['-m', 'note to remark', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      'warning: table orders: column note is dropped and remark added, both text: if remark is note renamed, this loses the data in note; rename it instead with `create-migration rename-column orders note remark`, then run autogenerate again for the other changes\n' +
        'warning: operations[1]: drops column orders.note and the data in it; the downgrade re-creates the column, not its data; code that still uses it breaks the moment the drop commits; the expand/contract way: stop using it in one release, drop it in a later one\n',
    );
    const report = JSON.parse(result.stdout) as { spec: { operations: { op: string }[] }; warnings: { path: string }[] };
    expect(report.spec.operations.map((operation) => operation.op)).toEqual(['add_column', 'drop_column']);
    expect(report.warnings.map((warning) => warning.path)).toEqual(['table orders', 'operations[1]']);
  });

  it('refuses what a spec cannot express, naming each model object, and writes nothing', () => {
    const project = projectAtInitial();
    const before = project.files();
    editModels(project, [
      ['from sqlalchemy import ForeignKey,', 'from sqlalchemy import Computed, ForeignKey, Identity,'],
      ['    # step: customer columns', '    number: Mapped[int] = mapped_column(Identity())\n    name_length: Mapped[int] = mapped_column(Computed("length(name)"))'],
    ]);
    const result = autogenerate(project, server, ['-m', 'x', '--spec-out', 'refused.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: the models need changes a create-migration spec cannot express; nothing was written:\n' +
        '  column customers.number: an identity column (GENERATED ... AS IDENTITY) has no spec form; use an integer primary key (SERIAL) or write this migration by hand\n' +
        '  column customers.name_length: a generated column (GENERATED ALWAYS AS (length(name))) has no spec form; write this migration by hand\n',
    );
    expect(project.files()).toEqual(before);
    expect(existsSync(join(project.root, 'refused.yaml'))).toBe(false);
  });

  it("honours env.py's include_object, and its process_revision_directives that drops an empty revision", () => {
    const project = createModelsProject(python);
    editEnvPy(
      project,
      'target_metadata = Base.metadata',
      `target_metadata = Base.metadata


def include_object(object, name, type_, reflected, compare_to):
    return not (type_ == "table" and name == "orders")


def process_revision_directives(context, revision, directives):
    if directives[0].upgrade_ops.is_empty():
        directives[:] = []`,
    );
    editEnvPy(project, 'connection=connection, target_metadata=target_metadata', 'connection=connection, target_metadata=target_metadata, include_object=include_object, process_revision_directives=process_revision_directives');
    const first = autogenerate(project, server, ['-m', 'customers only', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as { spec: { operations: { op: string; table?: string }[] } };
    // Without orders, its enum is no model's concern either.
    expect(report.spec.operations.map((operation) => `${operation.op} ${operation.table}`)).toEqual(['create_table customers']);
    expect(autogenerate(project, server, ['-m', 'x'])).toEqual({ code: 0, stdout: NO_CHANGES, stderr: '' });
  });
});

describe('autogenerate: the README', () => {
  it("shows the models, command and file of its worked example as they are", () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## From SQLAlchemy models: `autogenerate`'));
    const models = /```python\n(class Order[\s\S]*?)```/.exec(section)![1]!;
    const file = /<!-- autogenerate example: [^\n]*-->\n```python\n([\s\S]*?)```/.exec(section)![1]!;
    const project = projectAtInitial();
    editModels(project, MODEL_STEPS.find((step) => step.message === 'add order referrers')!.edits);
    expect(readFileSync(project.models, 'utf8')).toContain(models);
    const result = autogenerate(project, server, ['-m', 'add order referrers']);
    expect(result).toEqual({ code: 0, stdout: 'alembic/versions/002_add_order_referrers.py\n', stderr: '' });
    const written = readFileSync(join(project.versions, '002_add_order_referrers.py'), 'utf8');
    // The README leaves out the definitions of the shape checks' helper functions, after downgrade().
    const helpers = written.indexOf('\n\n\ndef _create_shape_helpers() -> None:\n');
    expect(helpers).toBeGreaterThan(0);
    const elided = `${written.slice(0, helpers)}\n\n\ndef _create_shape_helpers() -> None:\n    ...  # CREATE FUNCTION pg_temp.cm_... for each function the shape checks call\n`;
    expect(elided.slice(elided.indexOf('def upgrade()'))).toBe(file);
  });
});

describe('autogenerate: its throwaway database', () => {
  it('starts an embedded server when no --database-url is given, and leaves nothing in TMPDIR', () => {
    const project = createModelsProject(python);
    const temporary = mkdtempSync(join(tmpdir(), 'autogenerate-embedded-'));
    // As root, the server runs as the postgres user, which must reach the directory.
    chmodSync(temporary, 0o777);
    const result = runCli(['autogenerate', '-m', 'create the shop', '--alembic', python.python, '--url-scheme', 'postgresql+psycopg2'], { cwd: project.root, env: { TMPDIR: temporary } });
    expect(result.code, result.stderr).toBe(0);
    expect(project.files()).toEqual(['001_create_the_shop.py']);
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('drops its database when interrupted, and exits 130', async () => {
    const project = createModelsProject(python);
    writeFileSync(
      join(project.versions, '001_slow.py'),
      'from alembic import op\n\nrevision = "001_slow"\ndown_revision = None\n\n\ndef upgrade():\n    op.execute("SELECT pg_sleep(30)")\n\n\ndef downgrade():\n    pass\n',
    );
    const child = spawn(process.execPath, [BIN, 'autogenerate', '-m', 'x', '--alembic', python.python, '--database-url', server.adminUrl, '--url-scheme', 'postgresql+psycopg2'], {
      cwd: project.root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const ended = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const deadline = Date.now() + 60_000;
    while ((await leftovers(server)).length === 0) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`autogenerate never made its database:\n${stderr}`);
      await new Promise((wait) => setTimeout(wait, 100));
    }
    // Into the migration's pg_sleep: the driver is mid-statement.
    await new Promise((wait) => setTimeout(wait, 1000));
    child.kill('SIGINT');
    expect(await ended).toBe(130);
    expect(stderr).toBe('autogenerate: SIGINT received; removing the database it made...\n');
    expect(await leftovers(server)).toEqual([]);
    expect(project.files()).toEqual(['001_slow.py']);
  });

  it('runs a stock `alembic init -t async` project with only asyncpg installed, and asks PostgreSQL for the USING a type change needs', () => {
    const asyncpg = ensureVenv('asyncpg', ['alembic', 'asyncpg', 'greenlet']);
    const project = createModelsProject(asyncpg, 'async');
    const run = (args: string[]) => runCli(['autogenerate', '--alembic', asyncpg.python, '--database-url', server.adminUrl, ...args], { cwd: project.root, env: { DATABASE_URL: '' } });

    const first = run(['-m', 'create the shop']);
    expect(first.code, first.stderr).toBe(0);
    editModels(project, [['    name: Mapped[str] = mapped_column(String(200))', '    name: Mapped[int] = mapped_column()']]);
    const second = run(['-m', 'names are numbers', '--json']);
    expect(second.code, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout) as { spec: { operations: unknown[] } };
    expect(report.spec.operations).toEqual([{ op: 'alter_column', table: 'customers', column: 'name', type: 'integer', using: 'name::integer' }]);
  });
});
