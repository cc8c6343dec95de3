import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { runDriver } from '../support/alembic-driver.js';
import { createAlembicProject } from '../support/alembic-project.js';
import { createDatabase, withClient } from '../support/databases.js';
import { generateFromSpec } from '../support/generate-case.js';
import { lintPython } from '../support/python-lint.js';

const adminUrl = inject('adminUrl');
const python = inject('python');

const SETUP = `
  CREATE TYPE public.user_status AS ENUM ('ACTIVE', 'INACTIVE');
  CREATE TABLE public.users (id integer PRIMARY KEY, status public.user_status NOT NULL DEFAULT 'ACTIVE', score integer);
  INSERT INTO public.users VALUES (1, 'ACTIVE', 10);
  CREATE TABLE public.temp_imports (id bigint PRIMARY KEY);
`;

/** Generates `spec`, upgrades twice, then tries the downgrade: returns its error text, or undefined when it succeeded. */
async function upgradeThenDowngrade(spec: object, betweenSql: string[] = []): Promise<{ error: string | undefined; text: string; stderr: string; url: string; retry: (sql: string[]) => void }> {
  const project = createAlembicProject();
  const generated = generateFromSpec(project, spec);
  expect(lintPython(python, [generated.path])).toEqual([]);
  const database = await createDatabase(adminUrl);
  onTestFinished(() => database.drop());
  const run = (steps: Parameters<typeof runDriver>[1]['steps']) => runDriver(python, { config: project.config, url: database.url, steps });
  run([{ sql: [SETUP] }, { alembic: ['upgrade', 'head'] }, { alembic: ['stamp', 'base'] }, { alembic: ['upgrade', 'head'] }, ...(betweenSql.length > 0 ? [{ sql: betweenSql }] : [])]);
  let error: string | undefined;
  try {
    run([{ alembic: ['downgrade', 'base'] }]);
  } catch (failure) {
    error = (failure as Error).message;
  }
  return { error, text: generated.text, stderr: generated.stderr, url: database.url, retry: (sql) => void run([{ sql }, { alembic: ['downgrade', 'base'] }]) };
}

describe('downgrades that cannot be written refuse, saying why, and change nothing', () => {
  it('an irreversible execute', async () => {
    const { error, text } = await upgradeThenDowngrade({
      message: 'backfill scores',
      operations: [{ op: 'execute', upgrade: 'UPDATE public.users SET score = 0 WHERE score IS NULL', irreversible: true }],
    });
    expect(text).toContain('raise NotImplementedError(');
    expect(error).toContain('NotImplementedError: This migration cannot be undone: an execute operation was marked irreversible. Restore the database from a backup taken before the upgrade.');
  });

  it('a drop_table without its columns', async () => {
    const { error, stderr } = await upgradeThenDowngrade({ message: 'drop imports', operations: [{ op: 'drop_table', table: 'temp_imports' }] });
    expect(stderr).toContain('without columns the downgrade cannot re-create it');
    expect(error).toContain('drop_table dropped temp_imports without its columns in the spec, so it cannot be re-created');
  });

  it('an alter_column type change without from_type', async () => {
    const { error, stderr } = await upgradeThenDowngrade({ message: 'widen score', operations: [{ op: 'alter_column', table: 'users', column: 'score', type: 'bigint' }] });
    expect(stderr).toContain('without from_type the downgrade cannot restore the old type of users.score');
    expect(error).toContain('changed the type of users.score to bigint without from_type');
  });
});

describe('removing an enum value again', () => {
  it('stops with a clear message while rows hold the value, and succeeds once they do not', async () => {
    const spec = { message: 'add locked', operations: [{ op: 'add_enum_value', enum: 'user_status', value: 'LOCKED' }] };
    const { error, retry, url } = await upgradeThenDowngrade(spec, ["INSERT INTO public.users VALUES (2, 'LOCKED', NULL)"]);
    expect(error).toContain("cannot remove LOCKED from enum public.user_status: 1 row(s) of users.status hold it");
    expect(error).toContain('Change or delete those rows, then run the downgrade again; nothing was changed.');
    retry(['DELETE FROM public.users WHERE id = 2']);
    const labels = await withClient(url, (client) => client.query<{ labels: string[] }>("SELECT enum_range(NULL::public.user_status)::text[] AS labels"));
    expect(labels.rows[0]!.labels).toEqual(['ACTIVE', 'INACTIVE']);
  });

  it('stops before changing anything, naming them, while a view or a function uses the type; succeeds once they are gone', async () => {
    const spec = { message: 'add locked', operations: [{ op: 'add_enum_value', enum: 'user_status', value: 'LOCKED' }] };
    const users = [
      'CREATE INDEX ix_users_active ON public.users (id) WHERE status = \'ACTIVE\'',
      'CREATE VIEW public.active_users AS SELECT id, status FROM public.users',
      'CREATE FUNCTION public.is_active(s public.user_status) RETURNS boolean LANGUAGE sql AS $$ SELECT s = \'ACTIVE\' $$',
    ];
    const { error, retry, url } = await upgradeThenDowngrade(spec, users);
    expect(error).toContain('cannot remove LOCKED from enum public.user_status: it is used by column status of view active_users, function is_active(user_status)');
    expect(error).toContain('nothing was changed');
    const catalog = (client: Parameters<Parameters<typeof withClient>[1]>[0]) =>
      client.query<{ labels: string[]; indexes: string[] }>(
        "SELECT enum_range(NULL::public.user_status)::text[] AS labels, ARRAY(SELECT indexdef FROM pg_indexes WHERE tablename = 'users' ORDER BY 1) AS indexes",
      );
    const before = await withClient(url, catalog);
    expect(before.rows[0]!.labels).toEqual(['ACTIVE', 'INACTIVE', 'LOCKED']);
    expect(before.rows[0]!.indexes).toContain("CREATE INDEX ix_users_active ON public.users USING btree (id) WHERE (status = 'ACTIVE'::user_status)");
    retry(['DROP VIEW public.active_users', 'DROP FUNCTION public.is_active(public.user_status)']);
    const after = await withClient(url, catalog);
    expect(after.rows[0]!.labels).toEqual(['ACTIVE', 'INACTIVE']);
    expect(after.rows[0]!.indexes).toEqual(before.rows[0]!.indexes);
  });
});
