import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { ensureVenv, type PythonEnv } from '../support/python-env.js';

const adminUrl = inject('adminUrl');
const python = inject('python');
const EXAMPLES = resolve(import.meta.dirname, '../../examples');

interface Revision {
  readonly id: string;
  readonly down: string | readonly string[] | null;
  readonly labels?: readonly string[];
  readonly dependsOn?: string;
  readonly upgrade?: string;
  readonly downgrade?: string;
}

/** A migration as `alembic revision` writes one, with its SQL (or nothing, for a merge). */
function migrationText(revision: Revision): string {
  const literal = (value: string | readonly string[] | null | undefined): string =>
    value === null || value === undefined ? 'None' : typeof value === 'string' ? `"${value}"` : `(${value.map((item) => `"${item}"`).join(', ')},)`;
  const body = (sql: string | undefined): string => (sql === undefined ? '    pass' : `    op.execute("${sql}")`);
  return `"""${revision.id}"""\n\nfrom alembic import op\n\nrevision = "${revision.id}"\ndown_revision = ${literal(revision.down)}\nbranch_labels = ${literal(revision.labels)}\ndepends_on = ${literal(revision.dependsOn)}\n\n\ndef upgrade():\n${body(revision.upgrade)}\n\n\ndef downgrade():\n${body(revision.downgrade)}\n`;
}

const table = (name: string): Pick<Revision, 'upgrade' | 'downgrade'> => ({ upgrade: `CREATE TABLE IF NOT EXISTS public.${name} (id integer)`, downgrade: `DROP TABLE IF EXISTS public.${name}` });
const column = (name: string): Pick<Revision, 'upgrade' | 'downgrade'> => ({ upgrade: `ALTER TABLE public.base ADD COLUMN IF NOT EXISTS ${name} text`, downgrade: `ALTER TABLE public.base DROP COLUMN IF EXISTS ${name}` });

/**
 * Two merges, a branch point whose branches are proved one after the other, a labelled
 * expand/contract pair (contract depending on expand), and a second base with its own label.
 */
const BRANCHED: readonly Revision[] = [
  { id: '001_base', down: null, ...table('base') },
  { id: '002_left', down: '001_base', ...table('left_side') },
  { id: '003_right', down: '001_base', ...table('right_side') },
  { id: '004_merge', down: ['002_left', '003_right'] },
  { id: '005_expand', down: '004_merge', labels: ['expand'], ...column('new_name') },
  { id: '006_contract', down: '004_merge', labels: ['contract'], dependsOn: '005_expand', ...column('contract_marker') },
  { id: '007_expand_more', down: '005_expand', ...column('more') },
  { id: '008_merge_again', down: ['007_expand_more', '006_contract'] },
  { id: '009_audit', down: null, labels: ['audit'], ...table('audit_log') },
];

/** A project made by `alembic init -t TEMPLATE` with `env` as its Python, holding `revisions`. */
function project(env: PythonEnv, template: 'generic' | 'async' | 'pyproject', revisions: readonly Revision[] = []): string {
  const root = mkdtempSync(join(tmpdir(), `cm-verify-${template}-`));
  execFileSync(join(dirname(env.python), 'alembic'), ['init', '-t', template, 'alembic'], { cwd: root, stdio: 'ignore' });
  for (const revision of revisions) writeFileSync(join(root, 'alembic', 'versions', `${revision.id}.py`), migrationText(revision));
  return root;
}

/** Alembic's own order for `alembic upgrade heads`, from the SQL it prints offline. */
function alembicOrder(root: string): string[] {
  const ini = join(root, 'alembic.ini');
  writeFileSync(ini, readFileSync(ini, 'utf8').replace('driver://user:pass@localhost/dbname', 'postgresql+psycopg2://app@localhost/app'));
  const sql = execFileSync(join(dirname(python.python), 'alembic'), ['upgrade', 'heads', '--sql'], { cwd: root, encoding: 'utf8' });
  return [...sql.matchAll(/^-- Running upgrade .*-> (\S+)$/gm)].map((match) => match[1]!);
}

function verify(root: string, env: PythonEnv, args: string[] = []) {
  return runCli(['verify', '--alembic', env.python, '--database-url', adminUrl, ...args], { cwd: root, env: { DATABASE_URL: '' } });
}

describe('verify on histories Alembic accepts beyond a single line', () => {
  it('proves two merges, a labelled expand/contract pair with depends_on and a second base, in the order Alembic applies them', () => {
    const root = project(python, 'generic', BRANCHED);
    const result = verify(root, python, ['--json']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { summary: object; migrations: { revision: string; status: string; schema_changed: boolean }[] };
    expect(report.summary).toEqual({ total: 9, ok: 9, failed: 0, not_run: 0 });
    expect(report.migrations.map((migration) => migration.revision)).toEqual(alembicOrder(root));
    // The merges change nothing; every other migration does.
    expect(report.migrations.filter((migration) => !migration.schema_changed).map((migration) => migration.revision).sort()).toEqual(['004_merge', '008_merge_again']);
  });

  it("downgrades a merge back to all of its parents, and reports a merge whose downgrade takes a parent's table with it", () => {
    const broken = BRANCHED.map((revision) => (revision.id === '004_merge' ? { ...revision, downgrade: 'DROP TABLE IF EXISTS public.left_side' } : revision));
    const result = verify(project(python, 'generic', broken), python);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAILED   004_merge\n         downgrade removed: table public.left_side\n');
  });

  it('runs every step in a session of its own: a temporary table or a setting of one step is gone in the next', () => {
    const sessionState: Revision = {
      id: '001_session_state',
      down: null,
      // Read-only from the next transaction of the session on: harmless to this step, fatal to a next one that inherited it.
      upgrade: 'CREATE TABLE IF NOT EXISTS public.kept (id integer); SET default_transaction_read_only = on',
      downgrade: 'CREATE TEMP TABLE scratch (id integer); DROP TABLE IF EXISTS public.kept',
    };
    const result = verify(project(python, 'generic', [sessionState, { id: '002_next', down: '001_session_state', ...table('next_one') }]), python);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it('starts --from in the middle of the order, after applying what comes before it', () => {
    const root = project(python, 'generic', BRANCHED);
    const order = alembicOrder(root);
    const result = verify(root, python, ['--from', '006_contract']);
    expect(result.code, result.stderr).toBe(0);
    const proved = result.stdout.trimEnd().split('\n').slice(0, -1).map((line) => line.split(/\s+/)[1]);
    expect(proved).toEqual(order.slice(order.indexOf('006_contract')));
  });
});

describe("verify runs each kind of project with the project's own driver", () => {
  const history = (root: string): void => {
    for (const file of ['001_create_users.py', '002_create_assets.py']) copyFileSync(join(EXAMPLES, 'versions', file), join(root, 'alembic', 'versions', file));
  };

  it.each([
    { template: 'generic', driver: 'psycopg2', env: () => python, scheme: { scheme: 'postgresql+psycopg2', reason: 'psycopg2 is the PostgreSQL driver installed' } },
    { template: 'generic', driver: 'psycopg 3', env: () => ensureVenv('psycopg3', ['alembic', 'psycopg[binary]']), scheme: { scheme: 'postgresql', reason: "SQLAlchemy's default driver (psycopg) is installed" } },
    { template: 'async', driver: 'asyncpg', env: () => ensureVenv('asyncpg', ['alembic', 'asyncpg', 'greenlet']), scheme: { scheme: 'postgresql+asyncpg', reason: 'env.py runs on an async engine, and asyncpg is installed' } },
    { template: 'pyproject', driver: 'psycopg2', env: () => python, scheme: { scheme: 'postgresql+psycopg2', reason: 'psycopg2 is the PostgreSQL driver installed' } },
  ] as const)('alembic init -t $template with $driver', ({ template, env, scheme }) => {
    const venv = env();
    const root = project(venv, template);
    history(root);
    const result = verify(root, venv, ['--json', '--offline']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.summary).toEqual({ total: 2, ok: 2, failed: 0, not_run: 0 });
    expect(report.url_scheme).toEqual(scheme);
  });

  it('takes the scheme from alembic.ini, and says what to install when the driver is missing', () => {
    const root = project(python, 'generic');
    history(root);
    const ini = join(root, 'alembic.ini');
    writeFileSync(ini, readFileSync(ini, 'utf8').replace('driver://user:pass@localhost/dbname', 'postgresql+asyncpg://app@db/app'));
    const result = verify(root, python);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toBe(
      `error: the URL scheme postgresql+asyncpg (the scheme of alembic.ini's sqlalchemy.url) needs the asyncpg driver, which ${python.python} cannot import: install it in the project's environment (pip install asyncpg), or pass --url-scheme with an installed driver (psycopg2)\n`,
    );
  });

  it('keeps the old meaning of --dir (the directory of alembic.ini) for one release, saying so', () => {
    const root = project(python, 'generic');
    history(root);
    const result = runCli(['verify', '--alembic', python.python, '--database-url', adminUrl, '--dir', root], { cwd: tmpdir(), env: { DATABASE_URL: '' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('warning: verify --dir DIR naming the directory of alembic.ini is deprecated; use --project DIR (--dir is the versions directory, as for every other command)\n');
    const withProject = runCli(['verify', '--alembic', python.python, '--database-url', adminUrl, '--project', root, '--dir', join(root, 'alembic', 'versions')], { cwd: tmpdir(), env: { DATABASE_URL: '' } });
    expect([withProject.code, withProject.stderr]).toEqual([0, '']);
  });
});
