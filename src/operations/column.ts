import { readExpression, readIdentifier, readText, readType } from '../spec/fields.js';
import type { SpecNode } from '../spec/spec-node.js';
import { deriveName } from '../sql/derived-names.js';
import type { ColumnDef } from './model.js';
import type { ParseContext } from './operation-kind.js';

export const COLUMN_FIELDS = ['name', 'type', 'nullable', 'primary_key', 'unique', 'server_default', 'comment'] as const;

/** Reads `{name, type, nullable, primary_key, unique, server_default, comment}` of a table `table`. */
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
  if (type?.canonical.startsWith('serial') && serverDefault) {
    node.field('server_default').problem(`a ${type.sql} column has its default from its sequence; drop server_default or use an integer type`);
  }
  if (name === undefined || type === undefined) return undefined;
  const uniqueName = unique && table !== undefined ? deriveName(context.naming.unique, { table, columns: [name] }) : undefined;
  return {
    name,
    type,
    nullable,
    primaryKey,
    ...(uniqueName !== undefined && { uniqueName }),
    ...(serverDefault !== undefined && { serverDefault }),
    ...(comment !== undefined && { comment }),
  };
}
