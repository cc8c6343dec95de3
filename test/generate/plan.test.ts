import { beforeAll, describe, expect, it } from 'vitest';
import { lockSummary, lockWarnings } from '../../src/migration/lock-summary.js';
import { planMigration, type Plan, type Step } from '../../src/migration/plan.js';
import { emptyModel } from '../../src/schema/model.js';
import { BUILT_IN_DEFAULTS, readSpec } from '../../src/spec-file/read-spec.js';
import { loadSqlParser, type SqlParser } from '../../src/sql/sql-parser.js';
import type { Statement } from '../../src/sql/statement.js';

// Where each statement runs and how long it may wait, decided by the plan from the locks the
// statements declare: what blocks an existing table gets a transaction of its own and a retry
// loop, long work that blocks nobody gets no timeouts, and what touches only tables created
// earlier in the same direction stays in the migration's transaction.

let sql: SqlParser;
beforeAll(async () => {
  sql = await loadSqlParser();
});

function plan(spec: Record<string, unknown>): Plan {
  const { migration } = readSpec({ message: 'planned', ...spec }, sql, BUILT_IN_DEFAULTS, { model: emptyModel(false), source: 'nothing', strict: false });
  return planMigration(migration, BUILT_IN_DEFAULTS.naming);
}

/** How a statement is run, in short: `retry`, `own`, or `transaction`, with what it does and its session settings. */
function shape(statement: Statement): string {
  const runs = statement.autocommit ? (statement.sql.includes('FOR attempt IN') ? 'retry' : 'own') : 'transaction';
  const verbs = /SELECT pg_temp\.\w+|ALTER TABLE (?:IF EXISTS )?\S+\s+(?:ADD COLUMN|ADD CONSTRAINT|DROP CONSTRAINT|DROP COLUMN|VALIDATE CONSTRAINT|ALTER COLUMN)|CREATE (?:UNIQUE )?INDEX(?: CONCURRENTLY)?|CREATE TABLE|DROP INDEX(?: CONCURRENTLY)?|DROP TABLE|UPDATE \S+|COMMENT ON \w+/;
  const first = verbs.exec(statement.sql)?.[0]?.replace(/\s+/g, ' ');
  const session = (statement.session ?? []).map((setting) => `${setting.name}=${setting.value}`).join(',');
  return `${runs}: ${first}${session ? ` [${session}]` : ''}`;
}

/** The operations' steps in short, without the shape checks' helper functions around them. */
const shapes = (steps: readonly Step[] | { refusals: readonly string[] }): string[][] => ('refusals' in steps ? [] : steps.filter((step) => !step.helpers).map((step) => step.statements.map(shape)));

describe('the plan', () => {
  it('runs what blocks an existing table in a transaction of its own, retried; statements on the same table join it', () => {
    const { upgrade } = plan({ operations: [{ op: 'add_column', table: 'users', column: { name: 'bio', type: 'text', comment: 'About' } }] });
    // The column's shape is checked first, in the migration's transaction: it locks no table.
    expect(shapes(upgrade)).toEqual([['transaction: SELECT pg_temp.cm_expect_column', 'retry: ALTER TABLE public.users ADD COLUMN']]);
    expect(upgrade[0]!.helpers).toBe('create');
    const [, retry] = upgrade[1]!.statements;
    expect(retry!.sql).toContain("SET LOCAL lock_timeout = '2s';\n    FOR attempt IN 1 .. 6 LOOP");
    expect(retry!.sql).toContain('COMMENT ON COLUMN public.users.bio');
    expect(retry!.sql).toContain('IF attempt = 6 THEN RAISE; END IF;\n            PERFORM pg_sleep(attempt);');
  });

  it("creates the shape checks' helpers of both directions from one set, around each direction's steps", () => {
    // The upgrade calls cm_expect_enum only; the downgrade's drop_column re-adds a column, checked by cm_expect_column.
    const { upgrade, downgrade, helpers } = plan({
      operations: [
        { op: 'create_enum', name: 'mood', values: ['ok'] },
        { op: 'drop_column', table: 'users', column: { name: 'bio', type: 'text' } },
      ],
    });
    const names = helpers.create.map((statement) => /FUNCTION pg_temp\.(\w+)/.exec(statement.sql)![1]);
    expect(names).toEqual(['cm_expect_enum', 'cm_column', 'cm_compare_column', 'cm_expect_column']);
    expect(helpers.drop).toHaveLength(1);
    const steps = downgrade as readonly Step[];
    for (const direction of [upgrade, steps]) {
      expect(direction.at(0)).toMatchObject({ helpers: 'create', statements: helpers.create });
      expect(direction.at(-1)).toMatchObject({ helpers: 'drop', statements: helpers.drop });
    }
  });

  it("tells a table's shape check which columns later operations change: neither compared nor added, and accepted as they are", () => {
    const { upgrade } = plan({
      operations: [
        { op: 'create_table', table: 'notes', columns: [{ name: 'id', type: 'bigint' }, { name: 'body', type: 'text' }, { name: 'title', type: 'text' }] },
        { op: 'add_column', table: 'notes', column: { name: 'author', type: 'text' } },
        { op: 'rename_column', table: 'notes', from: 'body', to: 'content' },
        { op: 'alter_column', table: 'notes', column: 'title', type: 'varchar(200)' },
      ],
    });
    const check = upgrade.find((step) => step.operation === 0)!.statements.find((statement) => statement.sql.includes('cm_expect_table'))!;
    expect(check.sql).toContain("'public.notes',\n        'id bigint',\n        ARRAY['author', 'body', 'content', 'title'],\n        '{}'\n    ) = 'incomplete'");
    expect(check.sql).toContain('ALTER TABLE public.notes\n            ADD COLUMN IF NOT EXISTS id bigint;');
  });

  it('writes no helpers when no shape check is called', () => {
    const { upgrade, helpers } = plan({ operations: [{ op: 'execute', upgrade: 'SELECT 1', downgrade: 'SELECT 2' }] });
    expect(helpers).toEqual({ create: [], drop: [] });
    expect(upgrade.some((step) => step.helpers)).toBe(false);
  });

  it('gives long work that blocks nobody no timeout, and a backfill (which holds row locks) only lock_timeout', () => {
    const { upgrade } = plan({ statement_timeout: '10s', operations: [{ op: 'alter_column', table: 'users', column: 'bio', nullable: false, backfill: "''" }] });
    expect(shapes(upgrade)).toEqual([
      [
        'own: UPDATE public.users [lock_timeout=2s,statement_timeout=0]',
        'retry: ALTER TABLE public.users ADD CONSTRAINT [statement_timeout=10s]',
        'own: ALTER TABLE public.users VALIDATE CONSTRAINT [lock_timeout=0,statement_timeout=0]',
        'retry: ALTER TABLE public.users ALTER COLUMN [statement_timeout=10s]',
      ],
    ]);
  });

  it('keeps what touches only a table created earlier in the same direction in the transaction, in the plain forms', () => {
    const { upgrade, downgrade } = plan({
      operations: [
        { op: 'create_table', table: 'things', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'code', type: 'text' }] },
        { op: 'create_index', table: 'things', columns: ['code'] },
        { op: 'add_check', table: 'things', expression: "code <> ''" },
        { op: 'add_unique', table: 'things', columns: ['code'] },
      ],
    });
    // The shape checks lock no table: they stay in the transaction, before what they guard (the
    // table's after CREATE TABLE IF NOT EXISTS, which it completes).
    expect(shapes(upgrade)).toEqual([
      [
        'transaction: CREATE TABLE',
        'transaction: ALTER TABLE public.things ADD COLUMN',
        'transaction: SELECT pg_temp.cm_expect_constraint',
        'transaction: ALTER TABLE public.things ADD CONSTRAINT',
      ],
      ['transaction: SELECT pg_temp.cm_expect_index', 'transaction: CREATE INDEX'],
      ['transaction: SELECT pg_temp.cm_expect_constraint', 'transaction: ALTER TABLE public.things ADD CONSTRAINT'],
      ['transaction: SELECT pg_temp.cm_expect_constraint', 'transaction: SELECT pg_temp.cm_expect_index', 'transaction: ALTER TABLE public.things ADD CONSTRAINT'],
    ]);
    expect(upgrade[4]!.statements.at(-1)!.sql).toContain('UNIQUE (code)');
    // Undone, dropping the table undoes the rest: their reverses are left out (on a table already
    // dropped, a re-run of the downgrade, they could only fail), and the drop is careful (it has rows by then).
    expect(shapes(downgrade)).toEqual([['retry: DROP TABLE']]);
    expect('refusals' in downgrade ? [] : downgrade.map((step) => step.comment)).toEqual([
      'Undo: create table public.things; dropping it also undoes: create index ix_things_code on public.things; add check ck_things_code to public.things; add unique uq_things_code to public.things',
    ]);
  });

  it('keeps the reverse of what changes another table, or an operation before the table was created', () => {
    const { downgrade } = plan({
      operations: [
        { op: 'add_column', table: 'users', column: { name: 'nick', type: 'text' } },
        { op: 'create_table', table: 'things', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'user_id', type: 'bigint' }] },
        { op: 'add_foreign_key', table: 'things', columns: ['user_id'], references: { table: 'users', columns: ['id'] } },
        { op: 'add_column', table: 'users', column: { name: 'bio', type: 'text' } },
      ],
    });
    expect(shapes(downgrade)).toEqual([
      ['transaction: SELECT pg_temp.cm_expect_column', 'retry: ALTER TABLE IF EXISTS public.users DROP COLUMN'],
      ['retry: DROP TABLE'],
      ['transaction: SELECT pg_temp.cm_expect_column', 'retry: ALTER TABLE IF EXISTS public.users DROP COLUMN'],
    ]);
  });

  it('starts a new transaction for a statement that locks another table too (a foreign key locks both)', () => {
    const { upgrade } = plan({
      operations: [{ op: 'add_column', table: 'steps', column: { name: 'flow_id', type: 'uuid', references: { table: 'flows', column: 'id' } } }],
    });
    expect(shapes(upgrade)).toEqual([
      [
        'transaction: SELECT pg_temp.cm_expect_column',
        'retry: ALTER TABLE public.steps ADD COLUMN',
        'retry: ALTER TABLE public.steps ADD CONSTRAINT',
        'own: ALTER TABLE public.steps VALIDATE CONSTRAINT [lock_timeout=0,statement_timeout=0]',
      ],
    ]);
  });

  it('treats a table re-created earlier in the downgrade as new', () => {
    const { downgrade } = plan({
      operations: [
        { op: 'create_index', table: 'imports', columns: ['at'], name: 'ix_imports_at' },
        { op: 'drop_table', table: 'imports', columns: [{ name: 'id', type: 'bigint', primary_key: true }, { name: 'at', type: 'timestamptz' }] },
      ],
    });
    expect(shapes(downgrade)).toEqual([
      [
        'transaction: CREATE TABLE',
        'transaction: ALTER TABLE public.imports ADD COLUMN',
        'transaction: SELECT pg_temp.cm_expect_constraint',
        'transaction: ALTER TABLE public.imports ADD CONSTRAINT',
      ],
      ['transaction: SELECT pg_temp.cm_expect_index', 'transaction: DROP INDEX'],
    ]);
  });

  it('runs the user\'s own SQL as written, where written', () => {
    const { upgrade } = plan({ operations: [{ op: 'execute', upgrade: 'ALTER TABLE users ADD COLUMN IF NOT EXISTS a int', downgrade: 'ALTER TABLE users DROP COLUMN IF EXISTS a' }] });
    expect(upgrade[0]!.statements).toEqual([expect.objectContaining({ sql: 'ALTER TABLE users ADD COLUMN IF NOT EXISTS a int', asWritten: true })]);
    expect(upgrade[0]!.statements[0]!.autocommit).toBe(false);
  });

  it("gives the user's own concurrent build no timeout either", () => {
    const { upgrade } = plan({
      statement_timeout: '1min',
      operations: [{ op: 'execute', upgrade: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_a ON public.users (a)', downgrade: 'DROP INDEX CONCURRENTLY IF EXISTS public.ix_a' }],
    });
    expect(shapes(upgrade)).toEqual([['own: CREATE INDEX CONCURRENTLY [lock_timeout=0,statement_timeout=0]']]);
  });

  it('with lock_retries: 0, waits once', () => {
    const { upgrade } = plan({ lock_retries: 0, lock_timeout: '500ms', operations: [{ op: 'drop_column', table: 'users', column: { name: 'bio', type: 'text' } }] });
    expect(upgrade[0]!.statements[0]!.sql).toBe("DO $$\nBEGIN\n    SET LOCAL lock_timeout = '500ms';\n    ALTER TABLE IF EXISTS public.users DROP COLUMN IF EXISTS bio;\nEND\n$$");
  });
});

describe('the lock summary and the warnings', () => {
  it('say which lock on which table, for what, and warn of what stays blocking: a rewrite, a rename', () => {
    const planned = plan({
      operations: [
        { op: 'alter_column', table: 'docs', column: 'id', type: 'bigint', from_type: 'integer' },
        { op: 'alter_column', table: 'docs', column: 'title', type: 'varchar(200)', from_type: 'varchar(100)' },
        { op: 'rename_column', table: 'docs', from: 'body', to: 'text' },
        { op: 'add_column', table: 'docs', column: { name: 'token', type: 'uuid', server_default: 'gen_random_uuid()' } },
      ],
    });
    const summary = lockSummary(planned);
    expect(summary[0]).toEqual({
      direction: 'upgrade',
      path: 'operations[0]',
      operation: 'Alter column id of public.docs',
      locks: [{ table: 'public.docs', mode: 'ACCESS EXCLUSIVE', work: 'rewrite', blocks: 'reads and writes', action: 'ALTER COLUMN TYPE', newTable: false, detail: 'integer to bigint', hazards: ['type-change'] }],
    });
    expect(summary[1]!.locks).toEqual([expect.objectContaining({ work: 'catalog', detail: 'varchar(100) to varchar(200) needs no rewrite' })]);
    expect(lockWarnings(summary).map((warning) => `${warning.path}: ${warning.message}`)).toEqual([
      'operations[0]: ALTER COLUMN TYPE (integer to bigint) holds ACCESS EXCLUSIVE on public.docs for as long as it rewrites the table: reads and writes on it wait that long',
      expect.stringMatching(/^operations\[2\]: rename column body of public\.docs to text: code still running against the old name breaks once it commits; the expand\/contract way: /),
      'operations[3]: ADD COLUMN (the volatile default gen_random_uuid()) holds ACCESS EXCLUSIVE on public.docs for as long as it rewrites the table: reads and writes on it wait that long',
      expect.stringMatching(/^operations\[2\] \(downgrade\): undo: rename column body of public\.docs to text: code still running against the old name breaks/),
      // Narrowing varchar(200) back to varchar(100) checks every value: a rewrite.
      'operations[1] (downgrade): ALTER COLUMN TYPE (varchar(200) to varchar(100)) holds ACCESS EXCLUSIVE on public.docs for as long as it rewrites the table: reads and writes on it wait that long',
      'operations[0] (downgrade): ALTER COLUMN TYPE (bigint to integer) holds ACCESS EXCLUSIVE on public.docs for as long as it rewrites the table: reads and writes on it wait that long',
    ]);
  });
});
