import { cpSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAlembicProject } from '../support/alembic-project.js';
import { runCli } from '../support/cli.js';
import { directoryState } from '../support/directory-state.js';

const EXAMPLE_VERSIONS = resolve(import.meta.dirname, '../../examples/versions');

const column = (fields: Record<string, unknown>) => ({ op: 'add_column', table: 'users', column: { name: 'c', type: 'text', ...fields } });
const spec = (...operations: unknown[]) => ({ message: 'm', operations });
const ROLE = { op: 'create_enum', name: 'account_role', values: ['ADMIN', 'USER'] };

// Each way a spec can be wrong: the YAML or JSON text, and the exact line the user must see.
const BAD_SPECS: [string, string, string][] = [
  ['not a mapping', '- just\n- a list\n', '(spec): must be a mapping with the fields version, message, schema, extension_types, lock_timeout, statement_timeout, operations'],
  ['YAML syntax error', 'message: [unclosed\n', 'is not valid YAML (line 2, column 1)'],
  ['duplicate YAML key', 'message: a\nmessage: b\noperations: []\n', 'is not valid YAML (line 2, column 1): Map keys must be unique'],
  ['no message', JSON.stringify({ operations: [column({})] }), 'message: is required'],
  ['empty message', JSON.stringify({ message: '  ', operations: [column({})] }), 'message: must not be empty'],
  ['message with a newline', JSON.stringify({ message: 'a\nb', operations: [column({})] }), 'message: must be one line of text without control characters'],
  ['misspelt top-level field', JSON.stringify({ mesage: 'm', message: 'm', operations: [column({})] }), 'mesage: unknown field; did you mean "message"?'],
  ['unsupported version', JSON.stringify({ version: 2, ...spec(column({})) }), 'version: must be 1, the only spec version there is'],
  ['no operations', JSON.stringify({ message: 'm' }), 'operations: is required'],
  ['empty operations', JSON.stringify(spec()), 'operations: must not be empty'],
  ['operation without op', JSON.stringify(spec({ table: 'users' })), 'operations[0].op: is required'],
  ['unknown operation', JSON.stringify(spec({ op: 'add_colum', table: 'users' })), 'operations[0].op: unknown operation "add_colum"; did you mean "add_column"?'],
  ['misspelt field', JSON.stringify(spec(column({ nulable: false }))), 'operations[0].column.nulable: unknown field; did you mean "nullable"?'],
  ['identifier over 63 bytes', JSON.stringify(spec({ op: 'add_column', table: 't'.repeat(64), column: { name: 'c', type: 'text' } })), `operations[0].table: "${'t'.repeat(64)}" is not a valid identifier: it is 64 bytes long; PostgreSQL identifiers are at most 63 bytes`],
  ['empty identifier', JSON.stringify(spec(column({ name: '' }))), 'operations[0].column.name: "" is not a valid identifier: it must not be empty'],
  ['unknown type', JSON.stringify(spec(column({ type: 'intger' }))), 'operations[0].column.type: unknown type "intger"; did you mean "integer"?'],
  ['type with a bad modifier', JSON.stringify(spec(column({ type: 'varchar(x)' }))), 'operations[0].column.type: cannot read type "varchar(x)": type modifiers must be whole numbers'],
  ['SQL injection in a default', JSON.stringify(spec(column({ server_default: 'true); DROP TABLE users; --' }))), 'operations[0].column.server_default: is not a valid SQL expression: syntax error at or near ")" at character 5'],
  ['two statements in a default', JSON.stringify(spec(column({ server_default: "'a'; DROP TABLE users" }))), 'operations[0].column.server_default: must be one SQL expression, not several statements'],
  ['unquoted text as a default', JSON.stringify(spec(column({ server_default: 'active' }))), `operations[0].column.server_default: refers to a column "active", which a DEFAULT cannot; if you meant the text, quote it: 'active'`],
  ['nullable primary key', JSON.stringify(spec({ op: 'create_table', table: 't', columns: [{ name: 'id', type: 'integer', primary_key: true, nullable: true }] })), 'operations[0].columns[0].nullable: a primary key column cannot be nullable'],
  ['not a boolean', JSON.stringify(spec(column({ nullable: 'no' }))), 'operations[0].column.nullable: must be true or false, not string "no"'],
  ['column defined twice', JSON.stringify(spec({ op: 'create_table', table: 't', columns: [{ name: 'a', type: 'text' }, { name: 'a', type: 'int' }] })), 'operations[0].columns[1].name: column "a" is defined twice'],
  ['enum used before it is created', JSON.stringify(spec({ op: 'create_table', table: 't', columns: [{ name: 'r', type: 'role' }] }, { op: 'create_enum', name: 'role', values: ['A'] })), 'operations[0].columns[0].type: enum "role" is created by operations[1], which comes after this operation; move it earlier'],
  ['enum label listed twice', JSON.stringify(spec({ op: 'create_enum', name: 'role', values: ['A', 'A'] })), 'operations[0].values[1]: "A" is listed twice'],
  ['enum without labels', JSON.stringify(spec({ op: 'create_enum', name: 'role', values: [] })), 'operations[0].values: must not be empty'],
  ['subquery in a check', JSON.stringify(spec({ op: 'add_check', table: 't', expression: 'id IN (SELECT 1)' })), 'operations[0].expression: cannot contain a subquery: PostgreSQL does not allow one in a CHECK constraint'],
  ['expression over two lines', JSON.stringify(spec({ op: 'add_check', table: 't', expression: 'a > 1\nOR b > 1' })), 'operations[0].expression: must be a single line without control characters (tabs, newlines)'],
  ['index without columns', JSON.stringify(spec({ op: 'create_index', table: 't', columns: [] })), 'operations[0].columns: must not be empty'],
  ['bad storage parameter', JSON.stringify(spec({ op: 'create_index', table: 't', columns: ['a'], with: { 'Fill-Factor': 1 } })), 'operations[0].with.Fill-Factor: is not a storage parameter name'],
  ['one object created twice', JSON.stringify(spec({ op: 'create_index', table: 't', columns: ['a'] }, { op: 'create_index', table: 't', columns: ['a'], unique: true })), 'operations[1]: index "ix_t_a" is also created by operations[0]; each object must be created once'],
  ['bad lock_timeout', JSON.stringify({ ...spec(column({})), lock_timeout: 'soon' }), 'lock_timeout: must be a duration such as 5s, 500ms or 1min (a bare number is milliseconds), not "soon"'],
  ['rename to the same name', JSON.stringify(spec({ op: 'rename_column', table: 't', from: 'a', to: 'a' })), 'operations[0].to: is the same as from'],
  ['alter_column that changes nothing', JSON.stringify(spec({ op: 'alter_column', table: 't', column: 'a' })), 'operations[0]: says nothing to change: give type, nullable or server_default'],
  ['backfill without nullable: false', JSON.stringify(spec({ op: 'alter_column', table: 't', column: 'a', type: 'text', backfill: "''" })), 'operations[0].backfill: only applies with nullable: false'],
  ['using without type', JSON.stringify(spec({ op: 'alter_column', table: 't', column: 'a', nullable: true, using: 'a::text' })), 'operations[0].using: only applies with type'],
  ['unknown ON DELETE action', JSON.stringify(spec({ op: 'add_foreign_key', table: 't', columns: ['a'], references: { table: 'u', columns: ['id'] }, on_delete: 'DESTROY' })), 'operations[0].on_delete: must be one of NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT, not "DESTROY"'],
  ['foreign key column counts differ', JSON.stringify(spec({ op: 'add_foreign_key', table: 't', columns: ['a', 'b'], references: { table: 'u', columns: ['id'] } })), 'operations[0].references: names 1 referenced column(s) for 2 column(s)'],
  ['foreign key without references', JSON.stringify(spec({ op: 'add_foreign_key', table: 't', columns: ['a'] })), 'operations[0].references: is required'],
  ['enum value placed both before and after', JSON.stringify(spec({ op: 'add_enum_value', enum: 'e', value: 'X', after: 'A', before: 'B' })), 'operations[0].before: give after or before, not both'],
  ['enum value added to an enum the spec creates', JSON.stringify(spec({ op: 'create_enum', name: 'e', values: ['A'] }, { op: 'add_enum_value', enum: 'e', value: 'B' })), 'operations[1].enum: enum "e" is created by this spec; list "B" in its values instead'],
  ['execute without a downgrade', JSON.stringify(spec({ op: 'execute', upgrade: 'UPDATE t SET a = 1' })), 'operations[0].downgrade: is required: the SQL that undoes upgrade, or irreversible: true'],
  ['execute that is not SQL', JSON.stringify(spec({ op: 'execute', upgrade: 'UPDATE t SET', downgrade: 'SELECT 1' })), 'operations[0].upgrade: is not valid SQL: syntax error at end of input'],
  ['execute with DDL that cannot run twice', JSON.stringify(spec({ op: 'execute', upgrade: 'CREATE TABLE t (a int)', downgrade: 'DROP TABLE IF EXISTS t' })), 'operations[0].upgrade: CREATE TABLE without IF NOT EXISTS fails when run again; write CREATE TABLE IF NOT EXISTS: CREATE TABLE t (a int)'],
  ['execute with transaction control', JSON.stringify(spec({ op: 'execute', upgrade: 'BEGIN; UPDATE t SET a = 1; COMMIT', irreversible: true })), 'operations[0].upgrade: transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT) belongs to Alembic'],
  ['drop_constraint with a definition that is not one', JSON.stringify(spec({ op: 'drop_constraint', table: 't', name: 'c', definition: 'CHECK (a > 0); DROP TABLE t' })), 'operations[0].definition: must be one constraint definition'],
  ['drop_index describing an index without columns', JSON.stringify(spec({ op: 'drop_index', name: 'ix', unique: true })), 'operations[0].unique: describes the index to re-create, which needs columns too'],
  ['an unquoted enum label as a default', JSON.stringify(spec(ROLE, { op: 'add_column', table: 'users', column: { name: 'role', type: 'account_role', server_default: 'USER' } })), "operations[1].column.server_default: USER is an SQL keyword: PostgreSQL reads it as the name of the role running the statement (type name), which a column of type account_role cannot hold; did you mean the label 'USER'?"],
  ['a default that is no label of its enum', JSON.stringify(spec(ROLE, { op: 'add_column', table: 'users', column: { name: 'role', type: 'account_role', server_default: "'GUEST'" } })), "operations[1].column.server_default: 'GUEST' is not a label of account_role; its labels are 'ADMIN', 'USER'"],
  ['a function without its parentheses as a default', JSON.stringify(spec(column({ type: 'uuid', server_default: 'gen_random_uuid' }))), 'operations[0].column.server_default: refers to a column "gen_random_uuid", which a DEFAULT cannot; did you mean gen_random_uuid()?'],
  ['a text default for an integer column', JSON.stringify(spec(column({ type: 'integer', server_default: "'none'" }))), `operations[0].column.server_default: PostgreSQL cannot read 'none' as integer (invalid input syntax for type integer: "none")`],
  ['bad extension type entry', JSON.stringify({ ...spec(column({})), extension_types: ['no spaces allowed'] }), 'extension_types[0]: "no spaces allowed" must be a type name or schema.name'],
];

describe('a spec with a mistake is refused: exit 1, the field and the reason, nothing written', () => {
  it.each(BAD_SPECS)('%s', (_name, text, message) => {
    const project = createAlembicProject();
    cpSync(EXAMPLE_VERSIONS, project.versions, { recursive: true });
    const extension = text.startsWith('{') ? 'json' : 'yaml';
    writeFileSync(join(project.root, `spec.${extension}`), text);
    const before = directoryState(project.root);
    const result = runCli(['generate', '--spec', `spec.${extension}`], { cwd: project.root });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(directoryState(project.root)).toEqual(before);
  });

  it('reports every problem of a spec at once', () => {
    const project = createAlembicProject();
    writeFileSync(join(project.root, 'spec.json'), JSON.stringify(spec(column({ type: 'strng', server_default: 'x y' }), { op: 'nope' })));
    const result = runCli(['generate', '--spec', 'spec.json'], { cwd: project.root });
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('  operations'))).toHaveLength(3);
  });
});
