import { readExpression, readIdentifier, readIdentifierList, readText, readType } from '../spec/fields.js';
import type { SpecNode } from '../spec/spec-node.js';
import { checkNameColumns, deriveName } from '../sql/derived-names.js';
import { REFERENTIAL_ACTIONS, type CheckDef, type ColumnDef, type ForeignKeyDef, type ReferentialAction } from './model.js';
import type { ParseContext } from './operation-kind.js';

export const COLUMN_FIELDS = ['name', 'type', 'nullable', 'primary_key', 'unique', 'server_default', 'comment', 'references', 'check'] as const;
const REFERENCE_FIELDS = ['table', 'column', 'columns', 'schema'] as const;
const ACTION_FIELDS = ['on_delete', 'on_update'] as const;

function readAction(node: SpecNode): ReferentialAction | undefined {
  if (node.missing) return undefined;
  const text = node.string()?.trim().replace(/[\s_]+/g, ' ').toUpperCase();
  if (text === undefined) return undefined;
  if (!(REFERENTIAL_ACTIONS as readonly string[]).includes(text)) {
    return node.problem(`must be one of ${REFERENTIAL_ACTIONS.join(', ')}, not "${node.value as string}"`);
  }
  return text as ReferentialAction;
}

/**
 * The referenced side of a foreign key: `{table, column | columns, schema}`, the schema defaulting
 * to the spec's. ON DELETE / ON UPDATE are read from `actions`: the same mapping for a column's
 * `references`, the operation itself for add_foreign_key.
 */
export function readReference(
  node: SpecNode,
  context: ParseContext,
  owner: { table: string | undefined; columns: readonly string[] | undefined; name?: string; notValid: boolean },
  actions: SpecNode = node,
): ForeignKeyDef | undefined {
  if (!node.object(actions === node ? [...REFERENCE_FIELDS, ...ACTION_FIELDS] : REFERENCE_FIELDS)) return undefined;
  const refTable = readIdentifier(node.field('table'));
  const refSchema = node.field('schema').missing ? context.schema : readIdentifier(node.field('schema'));
  const single = node.field('column');
  const many = node.field('columns');
  let refColumns: string[] | undefined;
  if (!single.missing && !many.missing) node.problem('give column or columns, not both');
  else if (!single.missing) refColumns = [readIdentifier(single)].filter((name): name is string => name !== undefined);
  else if (!many.missing) refColumns = readIdentifierList(many);
  else node.field('column').problem('is required: the referenced column (or columns)');
  const onDelete = readAction(actions.field('on_delete'));
  const onUpdate = readAction(actions.field('on_update'));
  if (owner.table === undefined || owner.columns === undefined || refTable === undefined || refSchema === undefined || refColumns === undefined) return undefined;
  if (refColumns.length !== owner.columns.length) {
    node.problem(`names ${refColumns.length} referenced column(s) for ${owner.columns.length} column(s)`);
    return undefined;
  }
  const name = owner.name ?? deriveName(context.naming.foreignKey, { table: owner.table, columns: owner.columns, referredTable: refTable });
  return {
    name,
    columns: owner.columns,
    refSchema,
    refTable,
    refColumns,
    ...(onDelete && { onDelete }),
    ...(onUpdate && { onUpdate }),
    notValid: owner.notValid,
  };
}

export function checkDef(context: ParseContext, table: string, given: string | undefined, expression: CheckDef['expression'], notValid: boolean): CheckDef {
  const name = given ?? deriveName(context.naming.check, { table, columns: checkNameColumns(expression.columns, expression.text) });
  return { name, expression, notValid };
}

/** Reads `{name, type, nullable, primary_key, unique, server_default, comment, references, check}` of a column of `table`. */
export function readColumn(node: SpecNode, table: string | undefined, context: ParseContext): ColumnDef | undefined {
  if (!node.object(COLUMN_FIELDS)) return undefined;
  const name = readIdentifier(node.field('name'));
  const type = readType(node.field('type'), context);
  const primaryKey = node.field('primary_key').boolean(false);
  const nullableNode = node.field('nullable');
  const nullable = nullableNode.boolean(!primaryKey);
  if (primaryKey && nullable) nullableNode.problem('a primary key column cannot be nullable');
  const unique = node.field('unique').boolean(false);
  if (unique && primaryKey) node.field('unique').problem('a primary key is unique already; drop unique');
  const serverDefault = readExpression(node.field('server_default'), context, 'default');
  const comment = readText(node.field('comment'));
  const checkExpression = readExpression(node.field('check'), context, 'check');
  const references = node.field('references').missing
    ? undefined
    : readReference(node.field('references'), context, { table, columns: name === undefined ? undefined : [name], notValid: false });
  if (type?.canonical.startsWith('serial') && serverDefault) {
    node.field('server_default').problem(`a ${type.sql} column has its default from its sequence; drop server_default or use an integer type`);
  }
  if (name === undefined || type === undefined || table === undefined) return undefined;
  const uniqueName = unique ? deriveName(context.naming.unique, { table, columns: [name] }) : undefined;
  const check = checkExpression ? checkDef(context, table, undefined, checkExpression, false) : undefined;
  return {
    name,
    type,
    nullable,
    primaryKey,
    ...(uniqueName !== undefined && { uniqueName }),
    ...(serverDefault !== undefined && { serverDefault }),
    ...(comment !== undefined && { comment }),
    ...(references !== undefined && { references }),
    ...(check !== undefined && { check }),
  };
}
