import nodePlop from 'node-plop';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENERATOR_LIST, GENERATORS } from '../../generators/index.js';
import { SpecError } from '../../src/errors.js';
import { OPERATION_NAMES } from '../../src/operations/registry.js';
import { emptyModel, schemaOf } from '../../src/schema/model.js';
import { BUILT_IN_DEFAULTS, readSpec } from '../../src/spec-file/read-spec.js';
import { loadSqlParser, type SqlParser } from '../../src/sql/sql-parser.js';
import { parseColumnToken } from '../../src/wizard/column.js';
import { operationQuestion } from '../../src/wizard/flow.js';
import { specFromAnswers, suggestMessage, type OperationAnswers } from '../../src/wizard/migration-answers.js';
import { registerGenerators } from '../../src/wizard/plop.js';
import { columnType, expression, identifier, type PromptContext } from '../../src/wizard/validate.js';

let sql: SqlParser;
let context: PromptContext;
beforeAll(async () => {
  sql = await loadSqlParser();
  context = { sql, defaults: BUILT_IN_DEFAULTS, schema: 'public', enums: new Set(['mood']), model: emptyModel(false) };
});

/** The problems readSpec reports for `operation`, as path → message. */
function specProblems(operation: Record<string, unknown>): Record<string, string> {
  try {
    readSpec({ message: 'm', operations: [{ op: 'create_enum', name: 'mood', values: ['a'] }, operation] }, sql);
  } catch (error) {
    if (error instanceof SpecError) return Object.fromEntries(error.problems.map((problem) => [problem.path, problem.message]));
    throw error;
  }
  return {};
}

describe('every operation has a generator', () => {
  it('one per operation of the registry, so a new operation without one is caught', () => {
    expect(Object.keys(GENERATORS).sort()).toEqual([...OPERATION_NAMES].sort());
    for (const [op, generator] of Object.entries(GENERATORS)) expect(generator.op).toBe(op);
  });

  it('command names and aliases are unique', () => {
    const names = GENERATOR_LIST.flatMap((generator) => [generator.command.name, ...(generator.command.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain('generate');
  });

  it('registers one plop generator per operation, named like its command', async () => {
    const plop = await nodePlop('', { destBasePath: process.cwd(), force: false });
    registerGenerators(plop, GENERATORS, () => Promise.reject(new Error('not run here')));
    expect(plop.getGeneratorList().map((generator) => generator.name)).toEqual(GENERATOR_LIST.map((generator) => generator.command.name));
    expect(plop.getGeneratorList()).toHaveLength(OPERATION_NAMES.length);
  });

  it('fits every menu entry in an 80-column terminal', () => {
    const question = operationQuestion(GENERATORS, 'What do you want to do?');
    const choices = question.choices as readonly { name: string }[];
    expect(choices).toHaveLength(OPERATION_NAMES.length);
    for (const choice of choices) expect(choice.name.length + 2, choice.name).toBeLessThanOrEqual(80);
  });
});

describe('prompt validation says what the spec says', () => {
  it.each([
    ['a name longer than 63 bytes', identifier, { op: 'add_check', table: 'x'.repeat(64), expression: 'true' }, 'table', 'x'.repeat(64)],
    ['an empty name', identifier, { op: 'create_table', table: '', columns: [{ name: 'a', type: 'text' }] }, 'table', ''],
  ])('%s', (_what, validate, operation, field, input) => {
    const problems = specProblems(operation);
    expect(validate(input)).toBe(problems[`operations[1].${field}`]);
  });

  it('an enum the known schema holds is a type, as in the spec', () => {
    const model = emptyModel(false);
    schemaOf(model, 'public').enums.set('status', ['active']);
    expect(columnType(context)('status')).not.toBe(true);
    expect(columnType({ ...context, model })('status')).toBe(true);
    expect(columnType({ ...context, model })('status[]')).toBe(true);
  });

  it('an unknown type', () => {
    const problems = specProblems({ op: 'add_column', table: 't', column: { name: 'c', type: 'strng' } });
    expect(columnType(context)('strng')).toBe(problems['operations[1].column.type']);
    expect(columnType(context)('mood')).toBe(true);
    expect(columnType(context)('numeric(10,2)[]')).toBe(true);
  });

  it.each([
    ['default', 'active', 'column.server_default'],
    ['default', "'{}'::jsonb; DROP TABLE users", 'column.server_default'],
    ['check', "true); DROP TABLE users; --", 'expression'],
    ['check', "status IN ('a'", 'expression'],
    ['predicate', '(SELECT 1) = 1', 'where'],
  ] as const)('a broken %s expression: %s', (use, text, path) => {
    const operation =
      use === 'default'
        ? { op: 'add_column', table: 't', column: { name: 'c', type: 'text', server_default: text } }
        : use === 'check'
          ? { op: 'add_check', table: 't', expression: text }
          : { op: 'create_index', table: 't', columns: ['c'], where: text };
    const message = specProblems(operation)[`operations[1].${path}`];
    expect(message).toBeDefined();
    expect(expression(context, use)(text)).toBe(message);
  });
});

describe('column tokens of one-line commands', () => {
  it.each([
    ['id:uuid:pk', { name: 'id', type: 'uuid', primary_key: true }],
    ['amount:numeric(10,2):not-null', { name: 'amount', type: 'numeric(10,2)', nullable: false }],
    ['starts:timestamp with time zone:null', { name: 'starts', type: 'timestamp with time zone', nullable: true }],
    ["prefs:jsonb:not-null:default='{}'::jsonb", { name: 'prefs', type: 'jsonb', nullable: false, server_default: "'{}'::jsonb" }],
    ['note:text:default=\'a:b\'', { name: 'note', type: 'text', server_default: "'a:b'" }],
    ['kind:app."odd:type":unique', { name: 'kind', type: 'app."odd:type"', unique: true }],
  ])('%s', (token, answers) => {
    expect(parseColumnToken(token, 'create-table')).toEqual(answers);
  });

  it.each([
    ['', 'the name is missing'],
    ['id', 'give its type, e.g. id:text'],
    ['id:uuid:pk:pk', 'pk contradicts or repeats an earlier flag'],
    ['id:uuid:null:not-null', 'not-null contradicts or repeats an earlier flag'],
    ['id:uuid:primary', 'unknown flag "primary"'],
  ])('%j is refused', (token, message) => {
    expect(() => parseColumnToken(token, 'create-table')).toThrow(`column "${token}": ${message}`);
  });
});

describe('answers become the spec', () => {
  const answers: OperationAnswers[] = [
    { op: 'create_enum', name: 'role', values: 'ADMIN, USER' },
    {
      op: 'create_table',
      table: 'accounts',
      comment: '',
      columns: [
        { name: 'id', type: 'bigserial', primary_key: true, comment: '' },
        { name: 'role', type: 'role', primary_key: false, nullable: false, server_default: "'USER'", unique: false, comment: '' },
        { name: 'email', type: 'text', primary_key: false, nullable: true, server_default: '', unique: true, comment: 'Login' },
      ],
    },
    { op: 'create_index', table: 'accounts', columns: 'role, email', unique: false, using: 'btree', where: '', concurrently: true, name: 'ix_accounts_role_email' },
    { op: 'add_check', table: 'accounts', expression: "email LIKE '%@%'", name: 'ck_accounts_email' },
    { op: 'add_column', table: 'users', column: { name: 'prefs', type: 'jsonb', primary_key: false, nullable: false, server_default: "'{}'::jsonb", unique: false, comment: '' } },
  ];

  it('leaves out what was left empty or at its default, and the spec reads without problems', () => {
    const spec = specFromAnswers(GENERATORS, { operations: answers, message: 'accounts' });
    expect(spec).toEqual({
      message: 'accounts',
      operations: [
        { op: 'create_enum', name: 'role', values: ['ADMIN', 'USER'] },
        {
          op: 'create_table',
          table: 'accounts',
          columns: [
            { name: 'id', type: 'bigserial', primary_key: true },
            { name: 'role', type: 'role', nullable: false, server_default: "'USER'" },
            { name: 'email', type: 'text', unique: true, comment: 'Login' },
          ],
        },
        { op: 'create_index', table: 'accounts', columns: ['role', 'email'], concurrently: true, name: 'ix_accounts_role_email' },
        { op: 'add_check', table: 'accounts', expression: "email LIKE '%@%'", name: 'ck_accounts_email' },
        { op: 'add_column', table: 'users', column: { name: 'prefs', type: 'jsonb', nullable: false, server_default: "'{}'::jsonb" } },
      ],
    });
    expect(readSpec(spec, sql).migration.operations.map((operation) => operation.op)).toEqual(answers.map((operation) => operation.op));
  });

  const more: OperationAnswers[] = [
    { op: 'add_unique', table: 'users', columns: 'tenant_id, email', name: 'uq_users_tenant_id_email' },
    { op: 'add_foreign_key', table: 'steps', columns: 'flow_id', references: 'public.flows.id', on_delete: 'CASCADE', not_valid: true, name: 'fk_steps_flow' },
    { op: 'add_enum_value', enum: 'user_status', value: 'LOCKED', place: 'after', label: 'ACTIVE' },
    { op: 'alter_column', table: 'users', column: 'bio', change_type: true, type: 'varchar(500)', using: '', from_type: 'text', from_using: '', nullability: 'not-null', backfill: "''", not_valid: false, change_default: true, server_default: '', from_server_default: "'n/a'" },
    { op: 'rename_column', table: 'users', from: 'email', to: 'email_address' },
    { op: 'drop_column', table: 'users', column: { name: 'legacy', type: 'text', primary_key: false, nullable: true, server_default: '', unique: false, references: '', comment: '' } },
    { op: 'drop_table', table: 'temp', describe: true, columns: [{ name: 'id', type: 'bigint', primary_key: true, server_default: '', references: '', comment: '' }] },
    { op: 'drop_index', name: 'ix_docs_title', concurrently: false, describe: true, table: 'docs', columns: 'title', unique: false, using: 'btree', where: '' },
    { op: 'drop_constraint', table: 'steps', name: 'ck_steps_position', definition: 'CHECK (position > 0)' },
    { op: 'execute', upgrade: "UPDATE users SET status = 'active'", undo: 'irreversible' },
  ];

  it('cover every operation (a new one needs its answers in `answers` or `more` here)', () => {
    const covered = new Set([...answers, ...more].map((operation) => operation.op));
    const missing = OPERATION_NAMES.filter((op) => !covered.has(op));
    expect(missing, `no answers for ${missing.join(', ')} in this test`).toEqual([]);
  });

  it('turns the answers the wizard gives for the other operations into specs that read', () => {
    const spec = specFromAnswers(GENERATORS, { operations: more, message: 'the rest' });
    expect(spec.operations).toEqual([
      { op: 'add_unique', table: 'users', columns: ['tenant_id', 'email'], name: 'uq_users_tenant_id_email' },
      { op: 'add_foreign_key', table: 'steps', columns: ['flow_id'], references: { table: 'flows', column: 'id', schema: 'public' }, on_delete: 'CASCADE', name: 'fk_steps_flow', not_valid: true },
      { op: 'add_enum_value', enum: 'user_status', value: 'LOCKED', after: 'ACTIVE' },
      { op: 'alter_column', table: 'users', column: 'bio', type: 'varchar(500)', from_type: 'text', nullable: false, backfill: "''", server_default: null, from_server_default: "'n/a'" },
      { op: 'rename_column', table: 'users', from: 'email', to: 'email_address' },
      { op: 'drop_column', table: 'users', column: { name: 'legacy', type: 'text' } },
      { op: 'drop_table', table: 'temp', columns: [{ name: 'id', type: 'bigint', primary_key: true }] },
      { op: 'drop_index', name: 'ix_docs_title', table: 'docs', columns: ['title'] },
      { op: 'drop_constraint', table: 'steps', name: 'ck_steps_position', definition: 'CHECK (position > 0)' },
      { op: 'execute', upgrade: "UPDATE users SET status = 'active'", irreversible: true },
    ]);
    expect(readSpec(spec, sql).migration.operations.map((operation) => operation.op)).toEqual(more.map((operation) => operation.op));
  });

  it('refuses at the prompt what the operation itself refuses', () => {
    const definition = GENERATORS.drop_constraint.questions(context).find((step) => step.type === 'input' && step.name === 'definition');
    const validate = definition?.type === 'input' ? definition.validate! : () => true;
    expect(validate('CHECK (position > 0)', {})).toBe(true);
    expect(validate('', {})).toBe(true);
    expect(validate('CHECK (position > 0); DROP TABLE t', {})).toMatch(/^must be one constraint definition/);
    const upgrade = GENERATORS.execute.questions(context).find((step) => step.type === 'input' && step.name === 'upgrade');
    const script = upgrade?.type === 'input' ? upgrade.validate! : () => true;
    expect(script("UPDATE users SET status = 'active'", {})).toBe(true);
    expect(script('CREATE TABLE t (id int)', {})).toMatch(/IF NOT EXISTS/);
  });

  it("holds a default to the column's type where it is typed, as the spec does", () => {
    const model = emptyModel(false);
    schemaOf(model, 'public').enums.set('mood', ['HAPPY', 'SAD']);
    schemaOf(model, 'public').tables.set('people', { name: 'people', columns: [{ name: 'visits', type: { sql: 'integer', canonical: 'int4', typmods: [], arrayDims: 0, kind: 'builtin' }, nullable: true }], constraints: [], partial: false });
    const known = { ...context, model };
    const question = (op: 'add_column' | 'alter_column', name: string) => {
      const found = GENERATORS[op].questions(known).find((step) => step.type === 'input' && step.name === name);
      return found?.type === 'input' ? found.validate! : () => true;
    };
    const column = question('add_column', 'column.server_default');
    expect(column("'GUEST'", { column: { name: 'feeling', type: 'mood' } })).toBe("'GUEST' is not a label of mood; its labels are 'HAPPY', 'SAD'");
    expect(column("'SAD'", { column: { name: 'feeling', type: 'mood' } })).toBe(true);
    expect(column('', { column: { name: 'feeling', type: 'mood' } })).toBe(true);
    // alter_column: the known column's type, or the new one.
    const backfill = question('alter_column', 'backfill');
    expect(backfill("'many'", { table: 'people', column: 'visits', nullability: 'not-null' })).toBe(`PostgreSQL cannot read 'many' as integer (invalid input syntax for type integer: "many")`);
    expect(backfill("'many'", { table: 'people', column: 'visits', change_type: true, type: 'text', nullability: 'not-null' })).toBe(true);
    const serverDefault = question('alter_column', 'server_default');
    expect(serverDefault('true', { table: 'people', column: 'visits', change_default: true })).toMatch(/^is of type boolean, which a column of type integer cannot hold/);
  });

  it('suggests a message from the operations, leaving out the enum a table uses', () => {
    expect(suggestMessage(GENERATORS, [answers[4]!])).toBe('add prefs to users');
    expect(suggestMessage(GENERATORS, answers.slice(0, 2))).toBe('create accounts');
    expect(suggestMessage(GENERATORS, answers.slice(0, 3))).toBe('create accounts and index accounts role email');
    expect(suggestMessage(GENERATORS, answers)).toBe('create accounts and 3 more changes');
    expect(suggestMessage(GENERATORS, [answers[0]!])).toBe('create enum role');
  });
});
