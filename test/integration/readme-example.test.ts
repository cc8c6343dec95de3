import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createAlembicProject } from '../support/alembic-project.js';
import { runCli } from '../support/cli.js';
import { expectConvergentCycle } from '../support/expect-cycle.js';
import { runMigrationCycle } from '../support/migration-cycle.js';
import { lintPython } from '../support/python-lint.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const adminUrl = inject('adminUrl');
const python = inject('python');

type Snapshot = Record<string, { name?: string; table?: string; [key: string]: unknown }[]>;

describe('the shipped example history (examples/)', () => {
  const project = createAlembicProject();
  for (const file of readdirSync(join(EXAMPLES, 'versions'))) cpSync(join(EXAMPLES, 'versions', file), join(project.versions, file));

  it('generates 003 from alembic.ini, after the single head 002', () => {
    const result = runCli(['generate', '--spec', join(EXAMPLES, 'add-user-preferences.yaml')], { cwd: project.root });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('alembic/versions/003_add_user_preferences.py\n');
    const text = readFileSync(join(project.versions, '003_add_user_preferences.py'), 'utf8');
    expect(text).toContain('down_revision = "002_create_assets"');
    expect(lintPython(python, project.files().map((name) => join(project.versions, name)))).toEqual([]);
  });

  it.each([
    ['001_create_users', 'base'],
    ['002_create_assets', '001_create_users'],
  ])('%s passes the full cycle', async (revision, previous) => {
    expectConvergentCycle(await runMigrationCycle({ project, adminUrl, python, revision, previous }));
  });

  it('003 passes the full cycle on tables that hold rows, and keeps the rows', async () => {
    const snapshots = await runMigrationCycle({
      project,
      adminUrl,
      python,
      revision: '003_add_user_preferences',
      previous: '002_create_assets',
      setupSql: readFileSync(join(EXAMPLES, 'setup.sql'), 'utf8'),
      rowsSql: 'SELECT u.id, u.email, u.status, a.custom_attributes FROM migration.users u JOIN migration.assets a USING (id) ORDER BY id',
    });
    expectConvergentCycle(snapshots);
    const upgraded = snapshots.upgraded as Snapshot;
    expect(upgraded.rows).toEqual([
      ['1', 'ada@example.com', 'active', "{'rack': 'A1'}"],
      ['2', 'grace@example.com', 'None', '{}'],
    ]);
    expect(upgraded.enums).toContainEqual({ name: 'migration.service_account_role', labels: ['ADMIN', 'USER'] });
    expect(upgraded.columns).toContainEqual(
      expect.objectContaining({ table: 'migration.users', name: 'preferences', type: 'jsonb', not_null: true, default: "'{}'::jsonb", comment: 'UI settings as JSON' }),
    );
    expect(upgraded.constraints).toContainEqual(
      expect.objectContaining({ table: 'migration.users', name: 'chk_users_status', type: 'c', validated: true }),
    );
    expect(upgraded.indexes).toContainEqual({
      name: 'migration.ix_assets_custom_attributes',
      definition: 'CREATE INDEX ix_assets_custom_attributes ON migration.assets USING gin (custom_attributes jsonb_path_ops) WITH (fastupdate=off) WHERE (deleted_at IS NULL)',
      valid: true,
    });
    // The statements the convergence step replayed one prefix at a time.
    expect(snapshots.statements.length).toBeGreaterThanOrEqual(8);
  });
});
