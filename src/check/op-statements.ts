import type { PgNode } from '../sql/safety-model.js';
import type { ArgumentValue, ColumnArgument, OpCall } from './python/python-facts.js';

// Alembic's operations as the SQL statements they emit on PostgreSQL, written as the parse nodes
// PostgreSQL's parser would give for that SQL: so an op.* call (or batch_op.* call) is judged by
// the one statement-safety table, exactly like the same statement written in op.execute.

export interface OpStatements {
  /** The parse nodes (`{ CreateStmt: {...} }`) of the SQL the call emits, in order. */
  readonly statements: readonly PgNode[];
  /** The keyword Alembic offers to make the call safe to run again, when it offers one. */
  readonly guardKeyword?: 'if_not_exists' | 'if_exists';
}

type Arguments = { readonly positional: readonly ArgumentValue[]; readonly keywords: ReadonlyMap<string, ArgumentValue> };

const text = (value: ArgumentValue | undefined): string | undefined => (value?.kind === 'string' ? value.value : undefined);
const truthy = (value: ArgumentValue | undefined): boolean => value !== undefined && !(value.kind === 'bool' && !value.value) && value.kind !== 'none';
const isTrue = (value: ArgumentValue | undefined): boolean => value?.kind === 'bool' && value.value;

function rangeVar(table: string | undefined, schema: string | undefined): PgNode {
  return { relname: table ?? '(a table named at run time)', ...(schema !== undefined && { schemaname: schema }) };
}

const nameList = (...parts: (string | undefined)[]): PgNode => ({ List: { items: parts.filter((part) => part !== undefined).map((sval) => ({ String: { sval } })) } });

function alterTable(table: PgNode, ...commands: PgNode[]): PgNode {
  return { AlterTableStmt: { relation: table, cmds: commands.map((command) => ({ AlterTableCmd: command })), objtype: 'OBJECT_TABLE' } };
}

function constraint(contype: string, name: string | undefined, extra: PgNode = {}): PgNode {
  return { subtype: 'AT_AddConstraint', def: { Constraint: { contype, ...(name !== undefined && { conname: name }), ...extra } } };
}

/** The ColumnDef PostgreSQL would parse from the column Alembic renders; `expression` parses a default's SQL. */
function columnDef(column: ColumnArgument | undefined, expression: (sql: string) => PgNode | undefined): PgNode {
  const constraints: PgNode[] = [];
  if (column?.nullable === false || column?.primaryKey) constraints.push({ Constraint: { contype: 'CONSTR_NOTNULL' } });
  if (column?.serverDefault) {
    const parsed = column.serverDefault.sql !== undefined ? expression(column.serverDefault.sql) : undefined;
    constraints.push({ Constraint: { contype: 'CONSTR_DEFAULT', ...(parsed && { raw_expr: parsed }) } });
  }
  if (column?.computedBy) constraints.push({ Constraint: { contype: column.computedBy === 'identity' ? 'CONSTR_IDENTITY' : 'CONSTR_GENERATED' } });
  if (column?.primaryKey) constraints.push({ Constraint: { contype: 'CONSTR_PRIMARY' } });
  if (column?.foreignKey !== undefined) {
    const parts = column.foreignKey.split('.');
    const table = parts.length > 2 ? { relname: parts.at(-2)!, schemaname: parts.at(-3)! } : { relname: parts[0]! };
    constraints.push({ Constraint: { contype: 'CONSTR_FOREIGN', pktable: table } });
  }
  return { ColumnDef: { colname: column?.name ?? '?', ...(constraints.length > 0 && { constraints }) } };
}

/** `batch_op.<name>(...)` takes the same arguments as `op.<name>(...)` without the table: put it back where op takes it. */
const TABLE_POSITION: Readonly<Record<string, number>> = {
  add_column: 0,
  drop_column: 0,
  alter_column: 0,
  create_table_comment: 0,
  drop_table_comment: 0,
  create_index: 1,
  create_unique_constraint: 1,
  create_primary_key: 1,
  create_check_constraint: 1,
  create_exclude_constraint: 1,
  drop_constraint: 1,
  create_foreign_key: 1,
};

function withBatchTable(call: OpCall): Arguments {
  if (!call.batch) return call;
  const position = TABLE_POSITION[call.name];
  const keywords = new Map(call.keywords);
  if (call.batch.schema !== undefined && !keywords.has('schema')) keywords.set('schema', { kind: 'string', value: call.batch.schema });
  if (position === undefined) {
    if (call.name === 'drop_index') keywords.set('table_name', { kind: 'string', value: call.batch.table });
    return { positional: call.positional, keywords };
  }
  const positional = [...call.positional];
  positional.splice(position, 0, { kind: 'string', value: call.batch.table });
  return { positional, keywords };
}

type Translate = (args: Arguments, expression: (sql: string) => PgNode | undefined) => OpStatements;

const OPERATIONS: Readonly<Record<string, Translate>> = {
  create_table: ({ positional, keywords }) => ({
    statements: [{ CreateStmt: { relation: rangeVar(text(positional[0]), text(keywords.get('schema'))), if_not_exists: truthy(keywords.get('if_not_exists')) } }],
    guardKeyword: 'if_not_exists',
  }),
  drop_table: ({ positional, keywords }) => ({
    statements: [{ DropStmt: { removeType: 'OBJECT_TABLE', objects: [nameList(text(keywords.get('schema')), text(positional[0]))], missing_ok: truthy(keywords.get('if_exists')) } }],
    guardKeyword: 'if_exists',
  }),
  add_column: ({ positional, keywords }, expression) => {
    const column = positional[1]?.kind === 'column' ? positional[1].column : undefined;
    const table = rangeVar(text(positional[0]), text(keywords.get('schema')));
    return { statements: [alterTable(table, { subtype: 'AT_AddColumn', missing_ok: truthy(keywords.get('if_not_exists')), def: columnDef(column, expression) })], guardKeyword: 'if_not_exists' };
  },
  drop_column: ({ positional, keywords }) => ({
    statements: [alterTable(rangeVar(text(positional[0]), text(keywords.get('schema'))), { subtype: 'AT_DropColumn', name: text(positional[1]) ?? '?', missing_ok: truthy(keywords.get('if_exists')) })],
    guardKeyword: 'if_exists',
  }),
  alter_column: ({ positional, keywords }) => {
    const table = rangeVar(text(positional[0]), text(keywords.get('schema')));
    const name = text(positional[1]) ?? '?';
    const commands: PgNode[] = [];
    const nullable = keywords.get('nullable');
    if (nullable?.kind === 'bool') commands.push({ subtype: nullable.value ? 'AT_DropNotNull' : 'AT_SetNotNull', name });
    if (truthy(keywords.get('type_'))) commands.push({ subtype: 'AT_AlterColumnType', name });
    const serverDefault = keywords.get('server_default');
    if (serverDefault !== undefined && !(serverDefault.kind === 'bool' && !serverDefault.value)) commands.push({ subtype: 'AT_ColumnDefault', name });
    const statements: PgNode[] = commands.length > 0 ? [alterTable(table, ...commands)] : [];
    const newName = text(keywords.get('new_column_name'));
    if (newName !== undefined) statements.push({ RenameStmt: { renameType: 'OBJECT_COLUMN', relationType: 'OBJECT_TABLE', relation: table, subname: name, newname: newName } });
    return { statements };
  },
  create_index: ({ positional, keywords }) => ({
    statements: [
      {
        IndexStmt: {
          idxname: text(positional[0]) ?? '?',
          relation: rangeVar(text(positional[1]), text(keywords.get('schema'))),
          unique: isTrue(keywords.get('unique')),
          if_not_exists: truthy(keywords.get('if_not_exists')),
          concurrent: isTrue(keywords.get('postgresql_concurrently')),
        },
      },
    ],
    guardKeyword: 'if_not_exists',
  }),
  drop_index: ({ positional, keywords }) => ({
    statements: [
      {
        DropStmt: {
          removeType: 'OBJECT_INDEX',
          objects: [nameList(text(keywords.get('schema')), text(positional[0]))],
          missing_ok: truthy(keywords.get('if_exists')),
          concurrent: isTrue(keywords.get('postgresql_concurrently')),
        },
      },
    ],
    guardKeyword: 'if_exists',
  }),
  create_foreign_key: ({ positional, keywords }) => ({
    statements: [
      alterTable(
        rangeVar(text(positional[1]), text(keywords.get('source_schema'))),
        constraint('CONSTR_FOREIGN', text(positional[0]), { pktable: rangeVar(text(positional[2]), text(keywords.get('referent_schema'))), skip_validation: isTrue(keywords.get('postgresql_not_valid')) }),
      ),
    ],
  }),
  create_unique_constraint: ({ positional, keywords }) => ({ statements: [alterTable(rangeVar(text(positional[1]), text(keywords.get('schema'))), constraint('CONSTR_UNIQUE', text(positional[0])))] }),
  create_primary_key: ({ positional, keywords }) => ({ statements: [alterTable(rangeVar(text(positional[1]), text(keywords.get('schema'))), constraint('CONSTR_PRIMARY', text(positional[0])))] }),
  create_check_constraint: ({ positional, keywords }) => ({
    statements: [alterTable(rangeVar(text(positional[1]), text(keywords.get('schema'))), constraint('CONSTR_CHECK', text(positional[0]), { skip_validation: isTrue(keywords.get('postgresql_not_valid')) }))],
  }),
  create_exclude_constraint: ({ positional, keywords }) => ({ statements: [alterTable(rangeVar(text(positional[1]), text(keywords.get('schema'))), constraint('CONSTR_EXCLUSION', text(positional[0])))] }),
  drop_constraint: ({ positional, keywords }) => ({
    statements: [alterTable(rangeVar(text(positional[1]), text(keywords.get('schema'))), { subtype: 'AT_DropConstraint', name: text(positional[0]) ?? '?', missing_ok: truthy(keywords.get('if_exists')) })],
    guardKeyword: 'if_exists',
  }),
  rename_table: ({ positional, keywords }) => ({
    statements: [{ RenameStmt: { renameType: 'OBJECT_TABLE', relationType: 'OBJECT_TABLE', relation: rangeVar(text(positional[0]), text(keywords.get('schema'))), newname: text(positional[1]) ?? '?' } }],
  }),
  create_table_comment: ({ positional, keywords }) => ({ statements: [{ CommentStmt: { objtype: 'OBJECT_TABLE', object: nameList(text(keywords.get('schema')), text(positional[0])) } }] }),
  drop_table_comment: ({ positional, keywords }) => ({ statements: [{ CommentStmt: { objtype: 'OBJECT_TABLE', object: nameList(text(keywords.get('schema')), text(positional[0])) } }] }),
  bulk_insert: ({ positional }) => ({ statements: [{ InsertStmt: { relation: rangeVar(text(positional[0]), undefined) } }] }),
};

/** The statements an operation call emits; undefined for an operation check does not know (a plugin's). */
export function opStatements(call: OpCall, expression: (sql: string) => PgNode | undefined): OpStatements | undefined {
  const translate = Object.hasOwn(OPERATIONS, call.name) ? OPERATIONS[call.name]! : undefined;
  if (!translate) return undefined;
  const translated = translate(withBatchTable(call), expression);
  // batch_op.drop_constraint(), unlike op.drop_constraint(), takes no if_exists.
  return call.batch && call.name === 'drop_constraint' ? { statements: translated.statements } : translated;
}
