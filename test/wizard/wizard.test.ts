import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createAlembicProject } from '../support/alembic-project.js';
import { runCli } from '../support/cli.js';
import { expectConvergentCycle } from '../support/expect-cycle.js';
import { runMigrationCycle } from '../support/migration-cycle.js';
import { lintPython } from '../support/python-lint.js';
import { generatedFromSpec, menuTo, terminals } from './wizard-terminal.js';

const adminUrl = inject('adminUrl');
const python = inject('python');

const terminal = terminals();

describe('the wizard in a terminal (create-migration with no arguments)', () => {
  it('creates an enum and a table with a column of that enum, and the file survives the real Alembic cycle', async () => {
    const project = createAlembicProject();
    const term = terminal([], { cwd: project.root });

    await term.choose('What do you want to do?', menuTo('create_enum'));
    await term.answer('Enum type name', 'service_account_role');
    await term.answer('Values, comma-separated', 'ADMIN, USER, AUDITOR');
    await term.answer('Add another operation to this migration?', 'y');
    await term.choose('What else?', menuTo('create_table'));
    await term.answer('Table name', 'service_accounts');
    await term.answer('Column name', 'id');
    await term.choose('Type', []); // uuid is offered first for a column named id
    await term.answer('Part of the primary key?', ''); // yes, offered for id
    await term.answer('References', '');
    await term.answer('Default, an SQL expression such as gen_random_uuid()', 'gen_random_uuid()');
    await term.answer('Comment', '');
    await term.answer('Next column name (empty when done)', 'role');
    await term.choose('Type', []); // the enum made above, named like the column
    await term.answer('Part of the primary key?', '');
    await term.answer('References', '');
    await term.answer('May it be NULL?', 'n');
    await term.answer("Default, an SQL expression such as 'ADMIN' (a label, quoted)", "'USER'");
    await term.answer('Unique?', '');
    await term.answer('Comment', 'What the account may do');
    await term.answer('Next column name (empty when done)', 'name');
    await term.choose('Type', ['Down']); // from text down to varchar(255)
    await term.answer('Part of the primary key?', '');
    await term.answer('References', '');
    await term.answer('May it be NULL?', 'n');
    await term.answer('Default, an SQL expression', '');
    await term.answer('Unique?', 'y');
    await term.answer('Comment', '');
    await term.answer('Next column name (empty when done)', '');
    await term.answer('Table comment', 'Machine users');
    await term.answer('Add another operation to this migration?', '');
    await term.answer('Message', ''); // the suggestion
    await term.answer('Write alembic/versions/001_create_service_accounts.py?', '');
    const { code, screen } = await term.exit();

    expect(code).toBe(0);
    for (const line of [
      '? Type service_account_role',
      '? Type varchar(255)',
      '? Message (the docstring, and the file name after the number) create service_accounts',
      "CREATE TYPE public.service_account_role AS ENUM ('ADMIN', 'USER', 'AUDITOR');",
      "role public.service_account_role NOT NULL DEFAULT 'USER'",
      'Wrote alembic/versions/001_create_service_accounts.py',
      'Next: review it, then run `alembic upgrade head`.',
    ]) {
      expect(screen).toContain(line);
    }
    expect(project.files()).toEqual(['001_create_service_accounts.py']);
    const written = readFileSync(join(project.versions, '001_create_service_accounts.py'), 'utf8');
    // The wizard's answers and this spec file make the same migration.
    expect(written).toBe(
      generatedFromSpec(
        createAlembicProject(),
        `message: create service_accounts
operations:
  - op: create_enum
    name: service_account_role
    values: [ADMIN, USER, AUDITOR]
  - op: create_table
    table: service_accounts
    comment: Machine users
    columns:
      - {name: id, type: uuid, primary_key: true, server_default: gen_random_uuid()}
      - {name: role, type: service_account_role, nullable: false, server_default: "'USER'", comment: What the account may do}
      - {name: name, type: varchar(255), nullable: false, unique: true}
`,
      ),
    );
    expect(lintPython(python, [join(project.versions, '001_create_service_accounts.py')])).toEqual([]);

    const snapshots = await runMigrationCycle({ project, adminUrl, python, revision: '001_create_service_accounts', previous: 'base' });
    expectConvergentCycle(snapshots);
    expect(snapshots.upgraded.enums).toContainEqual({ name: 'public.service_account_role', labels: ['ADMIN', 'USER', 'AUDITOR'] });
    expect(snapshots.upgraded.columns).toContainEqual(
      expect.objectContaining({ table: 'public.service_accounts', name: 'role', type: 'service_account_role', not_null: true }),
    );
  });

  it('adds a NOT NULL column with a default to a table that holds rows, refusing an unknown type first', async () => {
    const project = createAlembicProject();
    const first = runCli(['create-table', 'users', 'id:bigint:pk', 'email:text:not-null'], { cwd: project.root });
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('alembic/versions/001_create_users.py\n');

    const term = terminal([], { cwd: project.root });
    await term.choose('What do you want to do?', menuTo('add_column'));
    await term.choose('Table to add the column to', []); // the history's only table, users
    await term.answer('Column name', 'preferences');
    await term.choose('Type', ['Up']); // the list wraps around from text to "other type...", typed in place
    term.type('strng');
    term.keys('Enter');
    await term.waitFor('the unknown type to be refused', (screen) => screen.includes('>> unknown type "strng"; did you mean'));
    term.keys('C-u');
    term.type('jsonb');
    term.keys('Enter');
    // users has its primary key: "Primary key?" is not asked.
    await term.answer('References', '');
    await term.answer('May it be NULL?', 'n');
    await term.answer("Default, an SQL expression such as '{}'::jsonb", "'{}'::jsonb");
    await term.answer('Unique?', '');
    await term.answer('Comment', 'UI settings as JSON');
    await term.answer('Add another operation to this migration?', 'n');
    await term.answer('Message', '');
    await term.answer('Write alembic/versions/002_add_preferences_to_users.py?', 'y');
    const { code, screen } = await term.exit();

    expect(code).toBe(0);
    expect(screen).toContain('? Type jsonb');
    expect(screen).not.toContain('? Type other');
    expect(screen).not.toContain('Primary key?');
    expect(screen).toContain('? Message (the docstring, and the file name after the number) add preferences to users');
    expect(screen).toContain("ADD COLUMN IF NOT EXISTS preferences jsonb NOT NULL DEFAULT '{}'::jsonb");
    expect(screen).toContain('Wrote alembic/versions/002_add_preferences_to_users.py');
    const written = readFileSync(join(project.versions, '002_add_preferences_to_users.py'), 'utf8');
    expect(written).toContain('down_revision = "001_create_users"');
    expect(lintPython(python, project.files().map((name) => join(project.versions, name)))).toEqual([]);

    const snapshots = await runMigrationCycle({
      project,
      adminUrl,
      python,
      revision: '002_add_preferences_to_users',
      previous: '001_create_users',
      setupSql: "INSERT INTO public.users (id, email) VALUES (1, 'ada@example.com'), (2, 'grace@example.com')",
      rowsSql: 'SELECT id, email FROM public.users ORDER BY id',
    });
    expectConvergentCycle(snapshots);
    expect(snapshots.upgraded.columns).toContainEqual(
      expect.objectContaining({ table: 'public.users', name: 'preferences', type: 'jsonb', not_null: true, default: "'{}'::jsonb", comment: 'UI settings as JSON' }),
    );
    expect(snapshots.upgraded.rows).toEqual([
      ['1', 'ada@example.com'],
      ['2', 'grace@example.com'],
    ]);
  });

  it('refuses a bad identifier and a broken SQL expression where they are typed, then takes good ones', async () => {
    const project = createAlembicProject();
    expect(runCli(['create-table', 'users', 'id:bigint:pk', 'status:text'], { cwd: project.root }).code).toBe(0);
    const longName = 'u'.repeat(70);

    // Wide enough that inquirer does not break the refusal over two lines.
    const term = terminal([], { cwd: project.root, width: 200 });
    await term.choose('What do you want to do?', menuTo('add_check'));
    await term.choose('Table', ['Down']); // not users, the history's table: another one, typed in place
    term.type(longName);
    term.keys('Enter');
    await term.waitFor('the long name to be refused', (screen) =>
      screen.includes(`>> "${longName}" is not a valid identifier: it is 70 bytes long; PostgreSQL identifiers are at most 63 bytes`),
    );
    term.keys('C-u');
    term.type('users');
    term.keys('Enter');
    await term.answer('Condition, an SQL expression', "status IN ('pending', 'active'");
    await term.waitFor('the broken expression to be refused', (screen) => screen.includes('>> is not a valid SQL expression: syntax error'));
    term.keys('C-u');
    term.type("status IN ('pending', 'active') OR status IS NULL");
    term.keys('Enter');
    await term.answer('Constraint name', ''); // the derived name
    await term.answer('Add another operation to this migration?', '');
    await term.answer('Message', '');
    await term.answer('Write alembic/versions/002_add_ck_users_status_to_users.py?', '');
    const { code, screen } = await term.exit();

    expect(code).toBe(0);
    expect(screen).toContain('? Table users');
    expect(screen).not.toContain('? Table another');
    expect(screen).toContain('? Constraint name ck_users_status');
    expect(project.files()).toEqual(['001_create_users.py', '002_add_ck_users_status_to_users.py']);
    const written = readFileSync(join(project.versions, '002_add_ck_users_status_to_users.py'), 'utf8');
    expect(written).toContain("ADD CONSTRAINT ck_users_status CHECK (status IN ('pending', 'active') OR status IS NULL)");
    expectConvergentCycle(
      await runMigrationCycle({ project, adminUrl, python, revision: '002_add_ck_users_status_to_users', previous: '001_create_users' }),
    );
  });

  it('adds a foreign key with ON DELETE chosen from a list, NOT VALID then validated, through the cycle', async () => {
    const project = createAlembicProject();
    for (const args of [
      ['create-table', 'flows', 'id:bigint:pk'],
      ['create-table', 'flow_steps', 'id:bigint:pk', 'flow_id:bigint:not-null'],
    ]) {
      expect(runCli(args, { cwd: project.root }).code).toBe(0);
    }
    const term = terminal([], { cwd: project.root });
    await term.choose('What do you want to do?', menuTo('add_foreign_key'));
    await term.choose('Table that holds the reference', []); // flow_steps, first of the known tables
    await term.answer('Its columns', 'flow_id');
    await term.answer('Referenced', 'flows');
    await term.waitFor('the incomplete reference to be refused', (screen) => screen.includes('>> "flows" must be [SCHEMA.]TABLE.COLUMN[,COLUMN...], e.g. flows.id'));
    term.type('.id');
    term.keys('Enter');
    await term.choose('ON DELETE', ['Down', 'Down']); // NO ACTION, RESTRICT, CASCADE
    await term.answer('NOT VALID', 'y');
    await term.answer('Constraint name', ''); // the derived name
    await term.answer('Add another operation', '');
    await term.answer('Message', '');
    await term.answer('Write alembic/versions/003_link_flow_steps_to_flows.py?', '');
    const { code, screen } = await term.exit();

    expect(code).toBe(0);
    expect(screen).toContain('? ON DELETE (what happens to these rows when the referenced row is deleted) CASCADE');
    expect(screen).toContain('? Constraint name fk_flow_steps_flow_id_flows');
    const written = readFileSync(join(project.versions, '003_link_flow_steps_to_flows.py'), 'utf8');
    expect(written).toContain('FOREIGN KEY (flow_id) REFERENCES public.flows (id) ON DELETE CASCADE NOT VALID');
    expect(written).toContain('VALIDATE CONSTRAINT fk_flow_steps_flow_id_flows');
    expect(lintPython(python, project.files().map((name) => join(project.versions, name)))).toEqual([]);
    const snapshots = await runMigrationCycle({
      project,
      adminUrl,
      python,
      revision: '003_link_flow_steps_to_flows',
      previous: '002_create_flow_steps',
      setupSql: 'INSERT INTO public.flows (id) VALUES (1); INSERT INTO public.flow_steps (id, flow_id) VALUES (10, 1)',
      rowsSql: 'SELECT id, flow_id FROM public.flow_steps ORDER BY id',
    });
    expectConvergentCycle(snapshots);
    expect(snapshots.upgraded.constraints).toContainEqual(
      expect.objectContaining({ table: 'public.flow_steps', name: 'fk_flow_steps_flow_id_flows', validated: true }),
    );
  });

  it('drops a column the history describes without asking for its definition, and the downgrade restores it', async () => {
    const project = createAlembicProject();
    expect(runCli(['create-table', 'users', 'id:bigint:pk', "legacy:text:not-null:default='x'"], { cwd: project.root }).code).toBe(0);
    const term = terminal([], { cwd: project.root });
    await term.choose('What do you want to do?', menuTo('drop_column'));
    await term.waitFor('the history\'s tables offered', (screen) => /❯ users\s*\n\s*another table\.\.\./.test(screen));
    await term.choose('Table', []); // users, offered from the history
    await term.waitFor('its columns offered', (screen) => /❯ id\s*\n\s*legacy\s*\n\s*another column\.\.\./.test(screen));
    await term.choose('Column to drop', ['Down']);
    await term.answer('Add another operation', '');
    await term.answer('Message', '');
    await term.answer('Write alembic/versions/002_drop_legacy_from_users.py?', '');
    const { code, screen } = await term.exit();
    expect(code).toBe(0);
    expect(screen).not.toContain('Its type');
    expect(screen).toContain('warning: operations[0]: drops column users.legacy and the data in it');
    const written = readFileSync(join(project.versions, '002_drop_legacy_from_users.py'), 'utf8');
    expect(written).toContain("ADD COLUMN IF NOT EXISTS legacy text NOT NULL DEFAULT ('x')");
    expectConvergentCycle(
      await runMigrationCycle({
        project,
        adminUrl,
        python,
        revision: '002_drop_legacy_from_users',
        previous: '001_create_users',
        setupSql: 'INSERT INTO public.users (id) VALUES (1)',
        rowsSql: 'SELECT id FROM public.users ORDER BY id',
      }),
    );
  });

  it('writes nothing and exits 130 on Ctrl-C at a list', async () => {
    const project = createAlembicProject();
    const term = terminal([], { cwd: project.root });
    await term.choose('What do you want to do?', menuTo('create_table'));
    await term.answer('Table name', 'accounts');
    await term.answer('Column name', 'id');
    await term.question('Type');
    term.keys('C-c');
    const { code, screen } = await term.exit();
    expect(code).toBe(130);
    expect(screen).toContain('Cancelled; nothing was written.');
    expect(project.files()).toEqual([]);
  });

  it('writes nothing and exits 130 on Escape at a text prompt, even after the preview', async () => {
    const project = createAlembicProject();
    const term = terminal([], { cwd: project.root });
    await term.choose('What do you want to do?', menuTo('create_enum'));
    await term.answer('Enum type name', 'mood');
    await term.answer('Values', 'happy, sad');
    await term.answer('Add another operation', '');
    await term.answer('Message', '');
    await term.question('Write alembic/versions/001_create_enum_mood.py?');
    term.keys('Escape');
    const { code, screen } = await term.exit();
    expect(code).toBe(130);
    expect(screen).toContain("CREATE TYPE public.mood AS ENUM ('happy', 'sad')");
    expect(screen).toContain('Cancelled; nothing was written.');
    expect(project.files()).toEqual([]);
  });

  it('writes nothing and exits 1 when the preview is declined', async () => {
    const project = createAlembicProject();
    const term = terminal([], { cwd: project.root });
    await term.choose('What do you want to do?', menuTo('create_enum'));
    await term.answer('Enum type name', 'mood');
    await term.answer('Values', 'happy, sad');
    await term.answer('Add another operation', '');
    await term.answer('Message', 'add moods');
    await term.choose('Write alembic/versions/001_add_moods.py?', ['Up']); // from "Yes" round to "No, write nothing"
    const { code, screen } = await term.exit();
    expect(code).toBe(1);
    expect(screen).toContain('Nothing was written.');
    expect(project.files()).toEqual([]);
  });

  it('refuses to start without alembic.ini before asking anything', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'create-migration-empty-'));
    const term = terminal([], { cwd: empty });
    const { code, screen } = await term.exit();
    expect(code).toBe(2);
    expect(screen).toContain(`error: no alembic.ini (nor pyproject.toml with [tool.alembic]) in ${empty}`);
    expect(screen).not.toContain('? What do you want to do?');
  });

  it('refuses a history with two heads before asking anything', async () => {
    const project = createAlembicProject();
    for (const revision of ['001_a', '002_b']) {
      writeFileSync(join(project.versions, `${revision}.py`), `revision = "${revision}"\ndown_revision = None\n`);
    }
    const term = terminal([], { cwd: project.root });
    const { code, screen } = await term.exit();
    expect(code).toBe(1);
    expect(screen).toContain('error: the history has 2 heads');
    expect(screen).not.toContain('? What do you want to do?');
    expect(project.files()).toEqual(['001_a.py', '002_b.py']);
  });

  it('does not prompt when CI is set, even in a terminal', async () => {
    const project = createAlembicProject();
    const term = terminal([], { cwd: project.root, env: { CI: 'true' } });
    const { code, screen } = await term.exit();
    expect(code).toBe(2);
    expect(screen).toContain('create-migration generate --spec');
    expect(screen).not.toContain('? What do you want to do?');
    expect(project.files()).toEqual([]);
  });
});

describe('one-line commands in a terminal', () => {
  it('ask only for what the arguments left out', async () => {
    const project = createAlembicProject();
    const term = terminal(['add-column', 'users', '--not-null', '--default', 'now()'], { cwd: project.root });
    await term.answer('Column name', 'seen_at');
    await term.choose('Type', []); // timestamptz is offered for *_at
    await term.answer('Primary key?', '');
    await term.answer('References', '');
    await term.answer('Unique?', '');
    await term.answer('Comment', '');
    const { code, screen } = await term.exit();
    expect(code).toBe(0);
    // Answered by the arguments, so never asked.
    expect(screen).not.toContain('Table to add the column to');
    expect(screen).not.toContain('May it be NULL?');
    expect(screen).not.toContain('Default, an SQL expression');
    expect(screen).toContain('alembic/versions/001_add_seen_at_to_users.py');
    expect(readFileSync(join(project.versions, '001_add_seen_at_to_users.py'), 'utf8')).toContain(
      'ADD COLUMN IF NOT EXISTS seen_at timestamptz NOT NULL DEFAULT now()',
    );
  });
});
