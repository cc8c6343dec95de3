import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadProjectSettings } from '../../src/project/settings.js';
import { createAlembicProject } from '../support/alembic-project.js';
import { runCli } from '../support/cli.js';

const SPEC = `message: add preferences
operations:
  - op: add_column
    table: users
    column: {name: preferences, type: jsonb}
`;

/** An Alembic project with `files` (pyproject.toml, create-migration.config.json, ...) at its root. */
function projectWith(files: Record<string, string>) {
  const project = createAlembicProject();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(project.root, name), text);
  writeFileSync(join(project.root, 'spec.yaml'), SPEC);
  return project;
}

describe('where the migration goes: --dir, then versions_dir, then alembic.ini', () => {
  it('takes versions_dir from pyproject.toml, relative to the project', () => {
    const project = projectWith({ 'pyproject.toml': '[project]\nname = "app"\n\n[tool.create-migration]\nversions_dir = "db/versions"\n' });
    mkdirSync(join(project.root, 'db/versions'), { recursive: true });
    const result = runCli(['generate', '--spec', 'spec.yaml'], { cwd: project.root });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('db/versions/001_add_preferences.py\n');
    expect(project.files()).toEqual([]);
  });

  it('lets create-migration.config.json win over pyproject.toml, and --dir over both', () => {
    const project = projectWith({
      'pyproject.toml': '[tool.create-migration]\nversions_dir = "from_toml"\n',
      'create-migration.config.json': '{"versions_dir": "from_json"}',
    });
    for (const name of ['from_toml', 'from_json', 'from_flag']) mkdirSync(join(project.root, name));
    expect(runCli(['generate', '--spec', 'spec.yaml'], { cwd: project.root }).stdout).toBe('from_json/001_add_preferences.py\n');
    expect(runCli(['add-column', 'users', 'x:text', '--dir', 'from_flag'], { cwd: project.root }).stdout).toBe('from_flag/001_add_x_to_users.py\n');
    expect(readdirSync(join(project.root, 'from_toml'))).toEqual([]);
  });
});

describe('spec defaults from the configuration', () => {
  it('uses the configured schema unless the spec or --schema names one', () => {
    const project = projectWith({ 'pyproject.toml': '[tool.create-migration]\nschema = "migration"\n' });
    const configured = runCli(['generate', '--spec', 'spec.yaml', '--dry-run'], { cwd: project.root });
    expect(configured.stdout).toContain('ALTER TABLE migration.users');
    writeFileSync(join(project.root, 'own.yaml'), `schema: app\n${SPEC}`);
    expect(runCli(['generate', '--spec', 'own.yaml', '--dry-run'], { cwd: project.root }).stdout).toContain('ALTER TABLE app.users');
    const flag = runCli(['add-column', 'users', 'x:text', '--schema', 'audit', '--dry-run'], { cwd: project.root });
    expect(flag.stdout).toContain('ALTER TABLE audit.users');
  });

  it('derives names with the configured patterns and accepts configured extension types', () => {
    const project = projectWith({
      'create-migration.config.json': JSON.stringify({ naming: { index: 'idx_{table}__{columns}', unique: 'uniq_{table}_{columns}' }, extension_types: ['vector'] }),
    });
    const index = runCli(['create-index', 'users', 'email'], { cwd: project.root });
    expect(index.stderr).toBe('');
    expect(readFileSync(join(project.root, index.stdout.trim()), 'utf8')).toContain('CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users__email');
    const column = runCli(['add-column', 'items', 'embedding:vector(3):unique'], { cwd: project.root });
    expect(column.stderr).toBe('');
    const text = readFileSync(join(project.root, column.stdout.trim()), 'utf8');
    expect(text).toContain('ADD COLUMN IF NOT EXISTS embedding vector(3)');
    expect(text).toContain('ADD CONSTRAINT uniq_items_embedding UNIQUE USING INDEX uniq_items_embedding');
  });

  it('sets the configured lock_timeout, lock_retries and backfill_batch_size in the migration unless the spec sets its own', () => {
    const project = projectWith({ 'pyproject.toml': '[tool.create-migration]\nlock_timeout = "5s"\nlock_retries = 2\nbackfill_batch_size = 500\n' });
    const configured = runCli(['alter-column', 'users', 'a', '--not-null', '--backfill', "''", '--dry-run'], { cwd: project.root });
    expect(configured.stdout).toContain("SET LOCAL lock_timeout = '5s';");
    expect(configured.stdout).toContain('FOR attempt IN 1 .. 3 LOOP');
    expect(configured.stdout).toContain('(500 * c.relpages / c.reltuples)');
    writeFileSync(join(project.root, 'own.yaml'), `lock_timeout: 1s\nlock_retries: 0\n${SPEC}`);
    const own = runCli(['generate', '--spec', 'own.yaml', '--dry-run'], { cwd: project.root });
    expect(own.stdout).toContain("SET LOCAL lock_timeout = '1s';");
    expect(own.stdout).not.toContain('FOR attempt');
    expect(own.stdout).not.toContain("'5s'");
  });

  it('sets lock_timeout 2s, 5 retries and batches of 1000 rows when nothing says otherwise', () => {
    const project = projectWith({});
    const built = runCli(['alter-column', 'users', 'a', '--not-null', '--backfill', "''", '--dry-run'], { cwd: project.root });
    expect(built.stdout).toContain("SET LOCAL lock_timeout = '2s';");
    expect(built.stdout).toContain('FOR attempt IN 1 .. 6 LOOP');
    expect(built.stdout).toContain('(1000 * c.relpages / c.reltuples)');
  });

  it('carries the timeouts to the spec defaults, merged key by key with the JSON file winning', () => {
    const project = projectWith({
      'pyproject.toml': '[tool.create-migration]\nlock_timeout = "5s"\nstatement_timeout = "10min"\nschema = "migration"\n\n[tool.create-migration.naming]\ncheck = "chk_{table}_{columns}"\n',
      'create-migration.config.json': '{"lock_timeout": 2000, "naming": {"index": "idx_{table}_{columns}"}}',
    });
    const { defaults } = loadProjectSettings(project.root);
    expect(defaults.lockTimeout).toBe('2000');
    expect(defaults.statementTimeout).toBe('10min');
    expect(defaults.schema).toBe('migration');
    expect(defaults.naming).toEqual({
      primaryKey: 'pk_{table}',
      unique: 'uq_{table}_{columns}',
      check: 'chk_{table}_{columns}',
      index: 'idx_{table}_{columns}',
      foreignKey: 'fk_{table}_{columns}_{referred_table}',
    });
  });
});

describe('configuration mistakes: exit 2, every problem with the path of its key', () => {
  it.each([
    [
      { 'pyproject.toml': '[tool.create-migration]\nversions_directory = "db"\n' },
      ['pyproject.toml [tool.create-migration].versions_directory: unknown field; did you mean "versions_dir"?'],
    ],
    [
      { 'pyproject.toml': '[tool.create-migration.naming]\nindex = "ix_{table}"\nunique = "uq_{table}_{column}"\n' },
      [
        'pyproject.toml [tool.create-migration].naming.unique: "uq_{table}_{column}" {column} is not a placeholder; use {table}, {columns}, {referred_table}',
        'pyproject.toml [tool.create-migration].naming.index: "ix_{table}" must contain {columns}, or two index names would be the same',
      ],
    ],
    [
      { 'create-migration.config.json': '{"schema": "", "lock_timeout": "soon", "extension_types": ["a.b.c"]}' },
      [
        'create-migration.config.json schema: "" is not a valid identifier: it must not be empty',
        'create-migration.config.json extension_types[0]: "a.b.c" must be a type name or schema.name, e.g. vector or public.citext',
        'create-migration.config.json lock_timeout: must be a duration such as 5s, 500ms or 1min (a bare number is milliseconds), not "soon"',
      ],
    ],
    [{ 'pyproject.toml': '[tool.create-migration]\nschema = \n' }, ['pyproject.toml: is not valid TOML (line 2, column 10): ']],
    [{ 'create-migration.config.json': '{"schema": "app",}' }, ['create-migration.config.json: is not valid JSON']],
    [{ 'create-migration.config.json': '["migration"]' }, ['create-migration.config.json: must be a table of settings: versions_dir, schema, naming, extension_types, lock_timeout, lock_retries, statement_timeout, backfill_batch_size']],
    [{ 'create-migration.config.json': '{"lock_retries": -1, "backfill_batch_size": "many"}' }, ['create-migration.config.json lock_retries: must be a whole number from 0 to 100, not -1', 'create-migration.config.json backfill_batch_size: must be a whole number from 1 to 1000000, not "many"']],
  ])('%j', (files, problems) => {
    const project = projectWith(files);
    const result = runCli(['generate', '--spec', 'spec.yaml'], { cwd: project.root });
    expect(result.code).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('error: the configuration is not valid; nothing was written:');
    expect(lines).toHaveLength(problems.length + 1);
    problems.forEach((problem, index) => expect(lines[index + 1]!.trim().startsWith(problem), lines[index + 1]).toBe(true));
    expect(project.files()).toEqual([]);
  });

  it('ignores a pyproject.toml without a [tool.create-migration] table', () => {
    const project = projectWith({ 'pyproject.toml': '[tool.ruff]\nline-length = 100\n' });
    expect(runCli(['generate', '--spec', 'spec.yaml'], { cwd: project.root }).stdout).toBe('alembic/versions/001_add_preferences.py\n');
  });

  it('is a ConfigError with the problems listed', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'create-migration-config-'));
    writeFileSync(join(cwd, 'create-migration.config.json'), '{"naming": {"primary_key": "pk"}}');
    expect(() => loadProjectSettings(cwd)).toThrow(ConfigError);
    try {
      loadProjectSettings(cwd);
    } catch (error) {
      expect((error as ConfigError).exitCode).toBe(2);
      expect((error as ConfigError).problems).toEqual([
        { path: 'create-migration.config.json naming.primary_key', message: '"pk" must contain {table}, or two primary key names would be the same' },
      ]);
    }
  });
});
