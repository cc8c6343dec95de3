import { FieldsNode } from '../fields/fields-node.js';
import { choice, either, flag, list, mapping, name, names, optional, record, sql } from '../fields/kinds.js';
import { readIdentifier } from '../fields/readers.js';
import { isRecord, type SpecNode } from '../fields/spec-node.js';
import { schemaOf, type IndexModel } from '../schema/model.js';
import { dropInvalidIndex } from '../sql/constraints.js';
import { tableName } from '../sql/ddl.js';
import type { CheckedExpression } from '../sql/expressions.js';
import { identifierProblem, qualify, quoteIdent } from '../sql/identifiers.js';
import { lockOn, statementSafety } from '../sql/lock-facts.js';
import { quoteLiteral } from '../sql/literals.js';
import type { DescribedTables, Statement, TableName } from '../sql/statement.js';
import { relation } from './claims.js';
import { indexName } from './default-names.js';
import { expectColumn, expectNoRelation, expectTable } from './expectations.js';
import { isNewTable, type RenderContext } from './model.js';
import type { OperationKind, ParseContext } from './operation-kind.js';

export interface IndexKey {
  /** A column name, or an expression when `expression` is set. */
  readonly column?: string;
  readonly expression?: CheckedExpression;
  readonly opclass?: string;
  readonly descending: boolean;
  readonly nulls?: 'FIRST' | 'LAST';
}

export interface CreateIndex {
  readonly op: 'create_index';
  readonly table: string;
  readonly name: string;
  readonly keys: readonly IndexKey[];
  readonly unique: boolean;
  readonly method: string;
  readonly where?: CheckedExpression;
  /** Columns stored in the index but not keys of it (INCLUDE). */
  readonly include: readonly string[];
  /** NULLS NOT DISTINCT (PostgreSQL 15+): a unique index that counts NULLs as equal. */
  readonly nullsNotDistinct: boolean;
  readonly storage: readonly (readonly [string, string])[];
  /** CONCURRENTLY; absent: on a table that existed before the migration, not on one created earlier in it. */
  readonly concurrently?: boolean;
}

/** An index key given as a mapping: a column (`name`) or an `expression`, with its own order. */
const KEY_FIELDS = {
  name: optional(name('column')),
  expression: optional(sql('value')),
  opclass: optional(name('operator_class')),
  order: choice(['ASC', 'DESC']),
  nulls: choice(['FIRST', 'LAST']),
};

/** An index's fields: create_index's, and drop_index's (whose downgrade re-creates it). */
export const INDEX_FIELDS = {
  table: name('table'),
  columns: list(either(name('column'), record(KEY_FIELDS))),
  name: optional(name('index', { creates: true, derived: 'ix_{table}_{columns}' })),
  unique: flag(false),
  using: optional(name('index_method')),
  opclass: optional(name('operator_class')),
  where: optional(sql('predicate')),
  include: optional(names('column')),
  nulls_not_distinct: flag(false),
  with: mapping(),
  concurrently: flag(),
};

const STORAGE_KEY = /^[a-z_][a-z0-9_]*$/;
const STORAGE_WORD = /^[A-Za-z0-9_.]+$/;

/** `name` or `schema.name`, each part a valid identifier, rendered quoted as needed. */
function readQualifiedName(node: SpecNode): string | undefined {
  const text = node.string();
  if (text === undefined) return undefined;
  const parts = text.split('.');
  if (parts.length > 2) return node.problem(`"${text}" must be a name or schema.name`);
  for (const part of parts) {
    const problem = identifierProblem(part);
    if (problem) return node.problem(`"${text}" is not a valid name: "${part}" ${problem}`);
  }
  return parts.map(quoteIdent).join('.');
}

function readKey(item: SpecNode, context: ParseContext, sharedOpclass: string | undefined): IndexKey | undefined {
  if (typeof item.value === 'string') {
    const column = readIdentifier(item);
    return column === undefined ? undefined : { column, descending: false, ...(sharedOpclass && { opclass: sharedOpclass }) };
  }
  const node = new FieldsNode(item, KEY_FIELDS, context);
  if (!node.object()) return undefined;
  const hasName = !node.field('name').missing;
  const hasExpression = !node.field('expression').missing;
  if (hasName === hasExpression) return node.problem('give exactly one of name (a column) or expression');
  const column = hasName ? node.read('name') : undefined;
  const expression = hasExpression ? node.read('expression') : undefined;
  const opclass = readQualifiedName(node.field('opclass')) ?? sharedOpclass;
  const order = node.read('order') ?? 'ASC';
  const nulls = node.read('nulls');
  if (column === undefined && expression === undefined) return undefined;
  return {
    ...(column !== undefined && { column }),
    ...(expression !== undefined && { expression }),
    ...(opclass !== undefined && { opclass }),
    descending: order === 'DESC',
    ...(nulls !== undefined && { nulls }),
  };
}

function readStorage(node: SpecNode): [string, string][] {
  if (node.missing) return [];
  if (!isRecord(node.value)) {
    node.problem('must be a mapping of storage parameters, e.g. {fillfactor: 90}');
    return [];
  }
  const storage: [string, string][] = [];
  for (const [key, value] of Object.entries(node.value)) {
    const field = node.field(key);
    if (!STORAGE_KEY.test(key)) {
      field.problem('is not a storage parameter name (lowercase letters, digits and _)');
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      storage.push([key, String(value)]);
    } else if (typeof value === 'string' && value !== '') {
      storage.push([key, STORAGE_WORD.test(value) ? value : quoteLiteral(value)]);
    } else {
      field.problem('must be a number, true/false or a word');
    }
  }
  return storage;
}

function keySql(key: IndexKey): string {
  const parts = [key.column !== undefined ? quoteIdent(key.column) : `(${key.expression!.text})`];
  if (key.opclass) parts.push(key.opclass);
  if (key.descending) parts.push('DESC');
  if (key.nulls) parts.push(`NULLS ${key.nulls}`);
  return parts.join(' ');
}

function createIndexSql(operation: CreateIndex, schema: string, concurrently: boolean): string {
  const head = [
    'CREATE',
    ...(operation.unique ? ['UNIQUE'] : []),
    'INDEX',
    ...(concurrently ? ['CONCURRENTLY'] : []),
    'IF NOT EXISTS',
    quoteIdent(operation.name),
  ].join(' ');
  const lines = [head, `    ON ${qualify(schema, operation.table)} USING ${quoteIdent(operation.method)} (${operation.keys.map(keySql).join(', ')})`];
  if (operation.include.length > 0) lines.push(`    INCLUDE (${operation.include.map(quoteIdent).join(', ')})`);
  if (operation.nullsNotDistinct) lines.push('    NULLS NOT DISTINCT');
  if (operation.storage.length > 0) lines.push(`    WITH (${operation.storage.map(([key, value]) => `${key} = ${value}`).join(', ')})`);
  if (operation.where) lines.push(`    WHERE ${operation.where.text}`);
  return lines.join('\n');
}

/** Whether the index is built (or dropped) CONCURRENTLY: as the spec says, else on a table that existed before the migration. */
export function concurrentlyOn(operation: { readonly concurrently?: boolean }, table: string | undefined, context: RenderContext): boolean {
  return operation.concurrently ?? (table === undefined || !isNewTable(context, table));
}

/** CREATE INDEX IF NOT EXISTS; concurrently, after dropping an INVALID leftover of an interrupted build. */
export function createIndexStatements(operation: CreateIndex, schema: string, concurrently: boolean): Statement[] {
  const table = tableName(schema, operation.table);
  const sql = createIndexSql(operation, schema, concurrently);
  if (!concurrently) return [{ sql, plpgsql: `${sql};`, locks: [lockOn(table, statementSafety('IndexStmt', 'plain'))] }];
  return [
    dropInvalidIndex(schema, operation.name, table),
    { sql, autocommit: true, locks: [lockOn(table, statementSafety('IndexStmt', 'concurrently'))], why: 'Build it without blocking writes (outside the transaction: CONCURRENTLY needs that)' },
  ];
}

/** The table an index is on, or a description of it when the spec does not say. */
export function indexTable(schema: string, name: string, table: string | undefined): TableName | DescribedTables {
  return table === undefined ? { described: `the table of index ${qualify(schema, name)}` } : tableName(schema, table);
}

export function dropIndexStatement(name: string, concurrently: boolean, schema: string, table: TableName | DescribedTables): Statement {
  const sql = `DROP INDEX ${concurrently ? 'CONCURRENTLY ' : ''}IF EXISTS ${qualify(schema, name)}`;
  if (concurrently) return { sql, autocommit: true, locks: [lockOn(table, statementSafety('DropStmt', 'index concurrently'))], why: 'Drop it without blocking reads or writes (outside the transaction)' };
  return { sql, plpgsql: `${sql};`, locks: [lockOn(table, statementSafety('DropStmt', 'index'))] };
}

export function readIndexDefinition(node: FieldsNode<typeof INDEX_FIELDS>, context: ParseContext): CreateIndex | undefined {
  const table = node.read('table');
  const given = node.read('name');
  const opclass = readQualifiedName(node.field('opclass'));
  const items = node.field('columns').list({ required: true, nonEmpty: true });
  const keys = (items ?? []).map((item) => readKey(item, context, opclass));
  const unique = node.read('unique');
  const method = node.read('using')?.toLowerCase() ?? 'btree';
  const where = node.read('where');
  const include = node.read('include') ?? [];
  const nullsNotDistinct = node.read('nulls_not_distinct');
  if (nullsNotDistinct && !unique) node.field('nulls_not_distinct').problem('only applies with unique: true');
  const storage = readStorage(node.field('with'));
  const concurrently = node.read('concurrently');
  if (table === undefined || items === undefined || keys.some((key) => key === undefined)) return undefined;
  const valid = keys as IndexKey[];
  const columns = valid.flatMap((key) => (key.column !== undefined ? [key.column] : key.expression!.columns));
  const name = given ?? indexName(context.naming, table, columns);
  return { op: 'create_index', table, name, keys: valid, unique, method, ...(where && { where }), include, nullsNotDistinct, storage, ...(concurrently !== undefined && { concurrently }) };
}

/** The index as the schema model holds it: the columns it uses (dropping one drops it), and the statement that re-creates it. */
function indexModel(operation: CreateIndex, schema: string): IndexModel {
  const columns = [...operation.keys.flatMap((key) => (key.column !== undefined ? [key.column] : key.expression!.columns)), ...operation.include];
  return { name: operation.name, table: operation.table, columns, definition: createIndexSql(operation, schema, false) };
}

export const createIndex: OperationKind<CreateIndex, typeof INDEX_FIELDS> = {
  op: 'create_index',
  summary: 'create an index (IF NOT EXISTS), optionally unique, partial or CONCURRENTLY outside the transaction',
  fields: INDEX_FIELDS,
  doc: {
    example: `- op: create_index
  table: assets
  columns: [custom_attributes]   # names, or {name, opclass, order: desc, nulls: last} / {expression: "lower(email)"}
  name: ix_assets_attrs          # optional: ix_{table}_{columns}
  unique: false
  using: gin                     # btree (default), hash, gin, gist, spgist, brin, or an extension's method
  opclass: jsonb_path_ops        # for every column that sets none
  where: deleted_at IS NULL      # a partial index
  # include: [created_at]        # btree/gist/spgist: columns stored in the index, not keys of it (INCLUDE)
  # nulls_not_distinct: true     # with unique: NULLs count as equal (PostgreSQL 15+)
  with: {fastupdate: "off"}      # storage parameters
  concurrently: true             # the default on a table that exists; false opts out (see below)`,
    notes: `On a table that existed before the migration, an index is built \`CONCURRENTLY\` by default, in an
autocommit block, after dropping an INVALID index an interrupted build left behind: writes go on during
the build. On a table created earlier in the same migration (new and empty) it is built in the
transaction. \`concurrently: false\` opts out: a plain build holds a SHARE lock (writes wait) for the
whole build.`,
  },

  parse(node, context) {
    const index = readIndexDefinition(node, context);
    if (!index) return undefined;
    if (expectTable(context, node.field('table'), index.table)) {
      for (const key of index.keys) if (key.column !== undefined) expectColumn(context, node.field('columns'), index.table, key.column);
      for (const column of index.include) expectColumn(context, node.field('include'), index.table, column);
    }
    expectNoRelation(context, node.field('name').missing ? node : node.field('name'), index.name, 'index');
    return index;
  },

  claims: (operation) => [relation(operation.name, 'index')],

  describe: (operation, context) =>
    `Create ${operation.unique ? 'unique ' : ''}index ${quoteIdent(operation.name)} on ${qualify(context.schema, operation.table)}${concurrentlyOn(operation, operation.table, context) ? ' concurrently' : ''}`,

  upgrade: (operation, context) => createIndexStatements(operation, context.schema, concurrentlyOn(operation, operation.table, context)),
  downgrade: (operation, context) =>
    [dropIndexStatement(operation.name, concurrentlyOn(operation, operation.table, context), context.schema, tableName(context.schema, operation.table))],
  changesOnlyTable: (operation) => operation.table,
  apply: (operation, model, schema) => void schemaOf(model, schema).indexes.set(operation.name, indexModel(operation, schema)),
};
