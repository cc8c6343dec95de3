import { readColumnValue } from '../fields/column-value.js';
import type { FieldsNode } from '../fields/fields-node.js';
import { choice, flag, name, names, optional, record, sql, text, type } from '../fields/kinds.js';
import { readType } from '../fields/readers.js';
import type { SpecNode } from '../fields/spec-node.js';
import { findTable } from '../schema/model.js';
import { REFERENTIAL_ACTIONS, type CheckDef, type ColumnDef, type ForeignKeyDef, type ReferentialAction } from '../sql/definitions.js';
import { referencingType, sameType, type PgType } from '../sql/pg-types.js';
import { checkName, foreignKeyName, uniqueName as columnUniqueName } from './default-names.js';
import type { ParseContext } from './operation-kind.js';

/** A foreign key's referenced side: `{table, column | columns, schema}`. */
export const REFERENCE_FIELDS = {
  table: name('table'),
  column: optional(name('column')),
  columns: optional(names('column')),
  schema: optional(name('schema')),
};

/** ON DELETE / ON UPDATE: `cascade`, `SET NULL`, `set_null`... */
export const ACTION_FIELDS = {
  on_delete: choice(REFERENTIAL_ACTIONS),
  on_update: choice(REFERENTIAL_ACTIONS),
};

/** A column's `references`: the referenced side with its actions. */
const COLUMN_REFERENCE_FIELDS = { ...REFERENCE_FIELDS, ...ACTION_FIELDS };

export const COLUMN_FIELDS = {
  name: name('column'),
  /** May be left out with `references`: it is taken from the referenced column. */
  type: optional(type()),
  /** Default true, false for a primary key column. */
  nullable: flag(),
  primary_key: flag(false),
  unique: flag(false),
  server_default: optional(sql('default')),
  comment: optional(text()),
  references: optional(record(COLUMN_REFERENCE_FIELDS)),
  check: optional(sql('check')),
};

function readAction(node: SpecNode): ReferentialAction | undefined {
  if (node.missing) return undefined;
  const text = node.string()?.trim().replace(/[\s_]+/g, ' ').toUpperCase();
  if (text === undefined) return undefined;
  if (!(REFERENTIAL_ACTIONS as readonly string[]).includes(text)) {
    return node.problem(`must be one of ${REFERENTIAL_ACTIONS.join(', ')}, not "${node.value as string}"`);
  }
  return text as ReferentialAction;
}

/** A foreign key's referenced side as the model knows it: the columns (default: the primary key) and their types. */
interface ReferencedSide {
  readonly columns: readonly string[];
  readonly types?: readonly PgType[];
}

function referencedSide(context: ParseContext, node: SpecNode, schema: string, table: string, columns: readonly string[] | undefined): ReferencedSide | undefined {
  const known = findTable(context.model, schema, table);
  if (!known) {
    if (context.strict && context.model.complete) node.field('table').problem(`table "${schema}.${table}" does not exist (according to ${context.modelSource})`);
    if (columns === undefined) {
      node.field('column').problem(`is required: the primary key of ${schema}.${table} is not known (from the history's specs or --database-url)`);
    }
    return columns && { columns };
  }
  const chosen = columns ?? known.constraints.find((constraint) => constraint.kind === 'primary_key')?.columns;
  if (!chosen) {
    node.field('column').problem(known.partial ? `is required: the primary key of ${schema}.${table} is not known` : `is required: ${schema}.${table} has no primary key`);
    return undefined;
  }
  const types: PgType[] = [];
  for (const column of chosen) {
    const found = known.columns.find((candidate) => candidate.name === column);
    if (!found) {
      // Only a table known whole lacks a column for sure; of a partly known one, nothing follows.
      if (context.strict && !known.partial) node.problem(`column "${column}" does not exist in ${schema}.${table} (according to ${context.modelSource})`);
      return { columns: chosen };
    }
    types.push(found.type);
  }
  return { columns: chosen, types };
}

/**
 * The referenced side of a foreign key: `{table, column | columns, schema}`, the schema defaulting
 * to the spec's and the columns to the referenced table's primary key when the schema is known.
 * ON DELETE / ON UPDATE are read from `actions`: the same mapping for a column's `references`,
 * the operation itself for add_foreign_key. The referenced columns' types, when known, come back
 * too, for the caller to compare with its own columns.
 */
export function readReference(
  node: FieldsNode<typeof REFERENCE_FIELDS> | FieldsNode<typeof COLUMN_REFERENCE_FIELDS>,
  context: ParseContext,
  owner: { table: string | undefined; columns: readonly string[] | undefined; name?: string; notValid: boolean },
  actions: SpecNode = node.node,
): { foreignKey: ForeignKeyDef; types?: readonly PgType[] } | undefined {
  if (!node.object()) return undefined;
  const reference = node as FieldsNode<typeof REFERENCE_FIELDS>;
  const refTable = reference.read('table');
  const refSchema = reference.field('schema').missing ? context.schema : reference.read('schema');
  const single = reference.field('column');
  const many = reference.field('columns');
  let given: string[] | undefined;
  if (!single.missing && !many.missing) reference.problem('give column or columns, not both');
  else if (!single.missing) given = [reference.read('column')].filter((name): name is string => name !== undefined);
  else if (!many.missing) given = reference.read('columns');
  const onDelete = readAction(actions.field('on_delete'));
  const onUpdate = readAction(actions.field('on_update'));
  if (refTable === undefined || refSchema === undefined) return undefined;
  const side = referencedSide(context, reference.node, refSchema, refTable, given);
  if (owner.table === undefined || owner.columns === undefined || side === undefined) return undefined;
  if (side.columns.length !== owner.columns.length) {
    reference.problem(`names ${side.columns.length} referenced column(s) for ${owner.columns.length} column(s)`);
    return undefined;
  }
  const name = owner.name ?? foreignKeyName(context.naming, owner.table, owner.columns, refTable);
  const foreignKey: ForeignKeyDef = {
    name,
    columns: owner.columns,
    refSchema,
    refTable,
    refColumns: side.columns,
    ...(onDelete && { onDelete }),
    ...(onUpdate && { onUpdate }),
    notValid: owner.notValid,
  };
  return { foreignKey, ...(side.types && { types: side.types }) };
}

/** A foreign key needs equal types on both sides (typmods included): say which differ. */
export function typeMismatch(own: PgType, referenced: PgType, foreignKey: ForeignKeyDef, column: number): string | undefined {
  if (sameType(own, referenced)) return undefined;
  const [a, b] = [referencingType(own), referencingType(referenced)];
  return `type ${a.sql} of ${foreignKey.columns[column]} does not match ${foreignKey.refSchema}.${foreignKey.refTable}.${foreignKey.refColumns[column]}, which is ${b.sql}; a foreign key needs the same type on both sides`;
}

export function checkDef(context: ParseContext, table: string, given: string | undefined, expression: CheckDef['expression'], notValid: boolean): CheckDef {
  const name = given ?? checkName(context.naming, table, expression);
  return { name, expression, notValid };
}

/**
 * Reads `{name, type, nullable, primary_key, unique, server_default, comment, references, check}`
 * of a column of `table`. With `references` to a column the schema knows, `type` may be left out
 * and is taken from the referenced column; when given, it must match.
 */
export function readColumn(node: FieldsNode<typeof COLUMN_FIELDS>, table: string | undefined, context: ParseContext): ColumnDef | undefined {
  if (!node.object()) return undefined;
  const name = node.read('name');
  const typeNode = node.field('type');
  const hasReferences = !node.field('references').missing;
  const ownType = typeNode.missing && hasReferences ? undefined : readType(typeNode, context);
  const primaryKey = node.read('primary_key');
  const nullableNode = node.field('nullable');
  const nullable = nullableNode.boolean(!primaryKey);
  if (primaryKey && nullable) nullableNode.problem('a primary key column cannot be nullable');
  const unique = node.read('unique');
  if (unique && primaryKey) node.field('unique').problem('a primary key is unique already; drop unique');
  const reference = hasReferences
    ? readReference(node.record('references'), context, { table, columns: name === undefined ? undefined : [name], notValid: false })
    : undefined;
  let type = ownType;
  if (reference?.types && ownType) {
    const mismatch = context.strict ? typeMismatch(ownType, reference.types[0]!, reference.foreignKey, 0) : undefined;
    if (mismatch) typeNode.problem(mismatch);
  } else if (reference?.types && typeNode.missing) {
    type = referencingType(reference.types[0]!);
  } else if (typeNode.missing && hasReferences && reference) {
    typeNode.problem(`is required: the type of ${reference.foreignKey.refSchema}.${reference.foreignKey.refTable}.${reference.foreignKey.refColumns[0]} is not known (from the history's specs or --database-url)`);
  }
  // Held to the column's type: an enum's labels, what PostgreSQL can assign to it.
  const serverDefault = readColumnValue(node, 'server_default', name !== undefined && type ? { name, type, trustModel: context.strict } : undefined, 'default');
  const comment = node.read('comment');
  const checkExpression = node.read('check');
  if (type?.canonical.startsWith('serial') && serverDefault) {
    node.field('server_default').problem(`a ${type.sql} column has its default from its sequence; drop server_default or use an integer type`);
  }
  if (name === undefined || type === undefined || table === undefined) return undefined;
  const uniqueName = unique ? columnUniqueName(context.naming, table, [name]) : undefined;
  const check = checkExpression ? checkDef(context, table, undefined, checkExpression, false) : undefined;
  return {
    name,
    type,
    nullable,
    primaryKey,
    ...(uniqueName !== undefined && { uniqueName }),
    ...(serverDefault !== undefined && { serverDefault }),
    ...(comment !== undefined && { comment }),
    ...(reference !== undefined && { references: reference.foreignKey }),
    ...(check !== undefined && { check }),
  };
}
