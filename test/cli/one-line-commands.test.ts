import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { GENERATOR_LIST } from '../../generators/index.js';
import { createAlembicProject } from '../support/alembic-project.js';
import { BIN, runCli } from '../support/cli.js';
import { expectConvergentCycle } from '../support/expect-cycle.js';
import { runMigrationCycle } from '../support/migration-cycle.js';
import { lintPython } from '../support/python-lint.js';

const adminUrl = inject('adminUrl');
const python = inject('python');

function specFile(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'create-migration-spec-')), 'spec.yaml');
  writeFileSync(file, yaml);
  return file;
}

/** The run ends by itself with standard input left open: it never waits for an answer. */
function runWithOpenStdin(args: readonly string[], cwd: string): Promise<{ code: number | null; stderr: string; waited: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, CI: '' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A hang guard, not a speed check: a prompt waiting for input would never end.
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, stderr, waited: signal === 'SIGKILL' });
    });
  });
}

describe('one-line commands write what generate --spec writes for the same spec', () => {
  const cases: [string, string[], string][] = [
    [
      'create-table',
      ['create-table', 'service_accounts', 'id:uuid:pk:default=gen_random_uuid()', 'name:varchar(255):not-null:unique', 'balance:numeric(10,2):default=0', '--comment', 'Machine users'],
      `message: create service_accounts
operations:
  - op: create_table
    table: service_accounts
    comment: Machine users
    columns:
      - {name: id, type: uuid, primary_key: true, server_default: gen_random_uuid()}
      - {name: name, type: "varchar(255)", nullable: false, unique: true}
      - {name: balance, type: "numeric(10,2)", server_default: "0"}
`,
    ],
    [
      'add-column with options',
      ['add-column', 'users', 'preferences:jsonb', '--not-null', '--default', "'{}'::jsonb", '--comment', 'UI settings'],
      `message: add preferences to users
operations:
  - op: add_column
    table: users
    column: {name: preferences, type: jsonb, nullable: false, server_default: "'{}'::jsonb", comment: UI settings}
`,
    ],
    [
      'add-column with flags (a default=, colons and all, takes the rest)',
      ['add-column', 'users', "preferences:jsonb:not-null:default='{}'::jsonb"],
      `message: add preferences to users
operations:
  - op: add_column
    table: users
    column: {name: preferences, type: jsonb, nullable: false, server_default: "'{}'::jsonb"}
`,
    ],
    [
      'add-check',
      ['add-check', 'users', "status IN ('pending', 'active') OR status IS NULL", '-m', 'check user status'],
      `message: check user status
operations:
  - op: add_check
    table: users
    expression: "status IN ('pending', 'active') OR status IS NULL"
`,
    ],
    [
      'add-index (the alias of create-index)',
      ['add-index', 'assets', 'custom_attributes', '--using', 'gin', '--opclass', 'jsonb_path_ops', '--where', 'deleted_at IS NULL', '--concurrently'],
      `message: index assets custom_attributes
operations:
  - op: create_index
    table: assets
    columns: [custom_attributes]
    using: gin
    opclass: jsonb_path_ops
    where: deleted_at IS NULL
    concurrently: true
`,
    ],
    [
      'create-enum in a schema',
      ['create-enum', 'service_account_role', 'ADMIN', 'USER', 'AUDITOR', '--schema', 'migration'],
      `message: create enum service_account_role
schema: migration
operations:
  - op: create_enum
    name: service_account_role
    values: [ADMIN, USER, AUDITOR]
`,
    ],
    [
      'create-table with a foreign key column',
      ['create-table', 'flow_steps', 'id:bigint:pk', 'flow_id:uuid:not-null:references=flows.id:on-delete=cascade', 'owner_id:uuid:references=auth.users.id'],
      `message: create flow_steps
operations:
  - op: create_table
    table: flow_steps
    columns:
      - {name: id, type: bigint, primary_key: true}
      - {name: flow_id, type: uuid, nullable: false, references: {table: flows, column: id, on_delete: CASCADE}}
      - {name: owner_id, type: uuid, references: {table: users, column: id, schema: auth}}
`,
    ],
    [
      'add-unique',
      ['add-unique', 'users', 'tenant_id', 'email'],
      `message: make users tenant_id email unique
operations:
  - op: add_unique
    table: users
    columns: [tenant_id, email]
`,
    ],
    [
      'add-fk (the alias of add-foreign-key), composite',
      ['add-fk', 'order_lines', 'tenant_id,order_id', 'orders.tenant_id,id', '--on-delete', 'set-null', '--on-update', 'cascade', '--not-valid'],
      `message: link order_lines to orders
operations:
  - op: add_foreign_key
    table: order_lines
    columns: [tenant_id, order_id]
    references: {table: orders, columns: [tenant_id, id]}
    on_delete: SET NULL
    on_update: CASCADE
    not_valid: true
`,
    ],
    [
      'add-enum-value',
      ['add-enum-value', 'user_status', 'LOCKED', '--before', 'DELETED'],
      `message: add LOCKED to user_status
operations:
  - op: add_enum_value
    enum: user_status
    value: LOCKED
    before: DELETED
`,
    ],
    [
      'alter-column',
      ['alter-column', 'docs', 'id', '--type', 'varchar(36)', '--using', 'id::text', '--from-type', 'uuid', '--from-using', 'id::uuid', '--drop-default', '--from-default', 'gen_random_uuid()'],
      `message: change docs id
operations:
  - op: alter_column
    table: docs
    column: id
    type: varchar(36)
    using: id::text
    from_type: uuid
    from_using: id::uuid
    server_default: null
    from_server_default: gen_random_uuid()
`,
    ],
    [
      'alter-column to NOT NULL',
      ['alter-column', 'users', 'preferences', '--not-null', '--backfill', "'{}'::jsonb", '--not-valid', '--default', "'{}'::jsonb"],
      `message: change users preferences
operations:
  - op: alter_column
    table: users
    column: preferences
    nullable: false
    backfill: "'{}'::jsonb"
    not_valid: true
    server_default: "'{}'::jsonb"
`,
    ],
    [
      'rename-column',
      ['rename-column', 'users', 'email', 'email_address'],
      `message: rename users email to email_address
operations:
  - op: rename_column
    table: users
    from: email
    to: email_address
`,
    ],
    [
      'drop-column',
      ['drop-column', 'documents', 'is_published:boolean:not-null:default=false'],
      `message: drop is_published from documents
operations:
  - op: drop_column
    table: documents
    column: {name: is_published, type: boolean, nullable: false, server_default: "false"}
`,
    ],
    [
      'drop-table with its columns',
      ['drop-table', 'temp_imports', 'id:bigint:pk', 'payload:jsonb'],
      `message: drop temp_imports
operations:
  - op: drop_table
    table: temp_imports
    columns:
      - {name: id, type: bigint, primary_key: true}
      - {name: payload, type: jsonb}
`,
    ],
    [
      'drop-index with its definition',
      ['drop-index', 'ix_docs_title', 'docs', 'title', '--where', 'title IS NOT NULL', '--concurrently'],
      `message: drop index ix_docs_title
operations:
  - op: drop_index
    name: ix_docs_title
    concurrently: true
    table: docs
    columns: [title]
    where: title IS NOT NULL
`,
    ],
    [
      'drop-constraint with its definition',
      ['drop-constraint', 'flow_steps', 'ck_flow_steps_position', 'CHECK (position > 0)'],
      `message: drop ck_flow_steps_position from flow_steps
operations:
  - op: drop_constraint
    table: flow_steps
    name: ck_flow_steps_position
    definition: CHECK (position > 0)
`,
    ],
    [
      'execute',
      ['execute', "UPDATE users SET status = 'active' WHERE status IS NULL", "UPDATE users SET status = NULL WHERE status = 'active'", '-m', 'backfill status'],
      `message: backfill status
operations:
  - op: execute
    upgrade: UPDATE users SET status = 'active' WHERE status IS NULL
    downgrade: UPDATE users SET status = NULL WHERE status = 'active'
`,
    ],
  ];

  it('compare every command (a new one needs a case in this table)', () => {
    const canonical = (name: string | undefined) => GENERATOR_LIST.find((generator) => [generator.command.name, ...(generator.command.aliases ?? [])].includes(name ?? ''))?.command.name;
    const compared = new Set(cases.map(([, args]) => canonical(args[0])));
    const missing = GENERATOR_LIST.map((generator) => generator.command.name).filter((name) => !compared.has(name));
    expect(missing, `no case compares ${missing.join(', ')} with generate --spec`).toEqual([]);
  });

  it.each(cases)('%s', (_name, args, yaml) => {
    const project = createAlembicProject();
    const oneLine = runCli([...args, '--dry-run'], { cwd: project.root });
    const fromSpec = runCli(['generate', '--spec', specFile(yaml), '--dry-run'], { cwd: project.root });
    expect(oneLine.code, oneLine.stderr).toBe(0);
    expect(fromSpec.code, fromSpec.stderr).toBe(0);
    // Warnings too (a drop warns that data goes): the same spec, the same words.
    expect(oneLine.stderr).toBe(fromSpec.stderr);
    expect(oneLine.stdout).toBe(fromSpec.stdout);
    expect(project.files()).toEqual([]);
  });
});

describe('one-line commands and the known schema', () => {
  it('drop a column, a table, an index and a constraint by name when the history describes them', () => {
    const project = createAlembicProject();
    for (const args of [
      ['create-table', 'users', 'id:bigint:pk', 'legacy:text:not-null:default=\'x\''],
      ['create-table', 'temp_imports', 'id:bigint:pk', 'payload:jsonb'],
      ['create-index', 'users', 'legacy', '--name', 'ix_users_legacy'],
      ['add-check', 'users', 'length(legacy) < 100', '--name', 'ck_users_legacy'],
    ]) {
      expect(runCli(args, { cwd: project.root }).code, args.join(' ')).toBe(0);
    }
    const cases: [string[], string][] = [
      [['drop-column', 'users', 'legacy'], 'message: drop legacy from users\noperations:\n  - {op: drop_column, table: users, column: legacy}\n'],
      [['drop-table', 'temp_imports'], 'message: drop temp_imports\noperations:\n  - {op: drop_table, table: temp_imports}\n'],
      [['drop-index', 'ix_users_legacy'], 'message: drop index ix_users_legacy\noperations:\n  - {op: drop_index, name: ix_users_legacy}\n'],
      [['drop-constraint', 'users', 'ck_users_legacy'], 'message: drop ck_users_legacy from users\noperations:\n  - {op: drop_constraint, table: users, name: ck_users_legacy}\n'],
    ];
    for (const [args, yaml] of cases) {
      const oneLine = runCli([...args, '--dry-run'], { cwd: project.root });
      const fromSpec = runCli(['generate', '--spec', specFile(yaml), '--dry-run'], { cwd: project.root });
      expect(oneLine.code, oneLine.stderr).toBe(0);
      expect(oneLine.stdout).toBe(fromSpec.stdout);
      // Re-created from the history's description: no refusal in the downgrade.
      expect(oneLine.stdout).not.toContain('NotImplementedError');
    }
    expect(runCli(['drop-column', 'users', 'legacy', '--dry-run'], { cwd: project.root }).stdout).toContain("ADD COLUMN IF NOT EXISTS legacy text NOT NULL DEFAULT ('x')");
  });
});

describe('one-line commands through real Alembic', () => {
  it('build a history whose every file passes the cycle', async () => {
    const project = createAlembicProject();
    const steps: [string[], string][] = [
      [['create-table', 'users', 'id:bigint:pk', 'email:text:not-null:unique', 'status:text'], 'alembic/versions/001_create_users.py'],
      [['add-column', 'users', 'created_at:timestamptz', '--not-null', '--default', 'now()'], 'alembic/versions/002_add_created_at_to_users.py'],
      [['add-check', 'users', "status IN ('pending', 'active') OR status IS NULL"], 'alembic/versions/003_add_check_to_users.py'],
      // The revision id is cut at a word to stay within 32 characters.
      [['create-index', 'users', 'created_at', 'status', '--concurrently'], 'alembic/versions/004_index_users_created_at.py'],
    ];
    for (const [args, path] of steps) {
      const result = runCli(args, { cwd: project.root });
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.stdout).toBe(`${path}\n`);
    }
    expect(lintPython(python, project.files().map((name) => join(project.versions, name)))).toEqual([]);
    const index = readFileSync(join(project.versions, '004_index_users_created_at.py'), 'utf8');
    expect(index).toContain('CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_users_created_at_status');

    const revisions = project.files().map((name) => name.replace(/\.py$/, ''));
    for (const [position, revision] of revisions.entries()) {
      const previous = position === 0 ? 'base' : revisions[position - 1]!;
      const snapshots = await runMigrationCycle({
        project,
        adminUrl,
        python,
        revision,
        previous,
        ...(position > 0 && {
          setupSql: "INSERT INTO public.users (id, email, status) VALUES (1, 'ada@example.com', 'active')",
          rowsSql: 'SELECT id, email, status FROM public.users ORDER BY id',
        }),
      });
      expectConvergentCycle(snapshots);
    }
  });
});

describe('one-line command mistakes', () => {
  it('names the missing arguments outside a terminal, exit 2, without waiting for input', async () => {
    const project = createAlembicProject();
    const result = await runWithOpenStdin(['add-column', 'users'], project.root);
    expect(result.waited).toBe(false);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: missing COLUMN (no terminal to ask for it)\n' +
        'usage: create-migration add-column TABLE COLUMN [--not-null] [--default EXPR] [--unique] [--pk] [--comment TEXT]\n' +
        'see: create-migration add-column --help\n',
    );
    expect(project.files()).toEqual([]);
  });

  it.each([
    [['create-table'], 'error: missing TABLE and COLUMN... (no terminal to ask for them)'],
    [['create-enum', 'mood'], 'error: missing VALUE... (no terminal to ask for it)'],
    [['add-check', 'users'], 'error: missing EXPRESSION (no terminal to ask for it)'],
    [['add-column', 'users', 'preferences:jsonb:not-nul'], 'error: column "preferences:jsonb:not-nul": unknown flag "not-nul"; did you mean "not-null"?'],
    [['add-column', 'users', 'preferences'], 'error: column "preferences": give its type, e.g. preferences:text'],
    [['add-column', 'users', 'preferences:jsonb:default=1', '--default', '2'], `error: the column's server_default is given both in "preferences:jsonb:default=1" and as an option; give it once`],
    [['add-column', 'users', 'a:text', 'extra'], 'error: unexpected argument "extra"'],
    [['create-index', 'users', 'email', '--method', 'gin'], "error: Unknown option '--method'"],
    [['add-foreign-key', 'steps', 'flow_id', 'flows'], 'error: "flows" must be [SCHEMA.]TABLE.COLUMN[,COLUMN...], e.g. flows.id'],
    [['alter-column', 'users', 'email'], 'error: missing a change (--type, --not-null, --null, --default or --drop-default) (no terminal to ask for it)'],
    [['alter-column', 'users', 'email', '--null', '--not-null'], 'error: give --not-null or --null, not both'],
    [['add-enum-value', 'mood', 'meh', '--after', 'a', '--before', 'b'], 'error: give --after or --before, not both'],
    [['execute', 'SELECT 1'], 'error: missing DOWNGRADE_SQL (or --irreversible) (no terminal to ask for it)'],
    [['add-column', 't', 'a:uuid:on-delete=cascade'], 'error: column "a:uuid:on-delete=cascade": on-delete= needs references='],
  ])('%j is a usage error', (args, message) => {
    const project = createAlembicProject();
    const result = runCli(args, { cwd: project.root });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(message);
    expect(result.stdout).toBe('');
    expect(project.files()).toEqual([]);
  });

  it("holds a default to its column's type as the spec does: exit 1, the spec path, nothing written", () => {
    const project = createAlembicProject();
    expect(runCli(['create-enum', 'account_role', 'ADMIN', 'USER'], { cwd: project.root }).code).toBe(0);
    const keyword = runCli(['add-column', 'accounts', 'role:account_role:not-null', '--default', 'USER'], { cwd: project.root });
    expect(keyword.code).toBe(1);
    expect(keyword.stderr).toContain(
      "operations[0].column.server_default: USER is an SQL keyword: PostgreSQL reads it as the name of the role running the statement (type name), which a column of type account_role cannot hold; did you mean the label 'USER'?",
    );
    // The history's enum: its labels, from the spec its file carries.
    const label = runCli(['add-column', 'accounts', "role:account_role:default='GUEST'"], { cwd: project.root });
    expect(label.code).toBe(1);
    expect(label.stderr).toContain("operations[0].column.server_default: 'GUEST' is not a label of account_role; its labels are 'ADMIN', 'USER'");
    expect(project.files()).toEqual(['001_create_enum_account_role.py']);
  });

  it('reports an invalid answer with the spec path, exit 1, nothing written', () => {
    const project = createAlembicProject();
    const result = runCli(['create-table', 'accounts', 'id:strng:pk'], { cwd: project.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('operations[0].columns[0].type: unknown type "strng"');
    expect(project.files()).toEqual([]);
  });
});

describe('help and the bare command', () => {
  it('lists every command in --help, and each command documents its grammar', () => {
    const project = createAlembicProject();
    const main = runCli(['--help'], { cwd: project.root });
    expect(main.code).toBe(0);
    for (const name of ['generate', ...GENERATOR_LIST.map((generator) => generator.command.name)]) {
      expect(main.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
    const help = runCli(['add-index', '--help'], { cwd: project.root });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: create-migration create-index TABLE COLUMN...');
    expect(help.stdout).toContain('(also: add-index)');
    expect(runCli(['help', 'create-table'], { cwd: project.root }).stdout).toContain('NAME:TYPE[:FLAG...]');
  });

  it('exits 2 without a terminal, showing the commands that need none, and never waits', async () => {
    const project = createAlembicProject();
    const result = await runWithOpenStdin([], project.root);
    expect(result.waited).toBe(false);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('there is none here');
    expect(result.stderr).toContain('create-migration generate --spec migration.yaml');
    expect(result.stderr).toContain(`create-migration add-column users preferences:jsonb --not-null --default "'{}'::jsonb"`);
    expect(project.files()).toEqual([]);
  });
});
