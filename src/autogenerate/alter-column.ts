import { qualify, quoteIdent } from '../sql/identifiers.js';
import { quoteLiteral } from '../sql/literals.js';
import type { AlterColumnChange, ModelType } from './comparison.js';
import type { SpecOperation } from './findings.js';
import type { Translation } from './translation.js';

/** COMMENT ON ... IS, re-runnable by nature, with the old comment for the downgrade. */
export function commentOperation(target: string, comment: string | null, previous: string | null): SpecOperation {
  const text = (value: string | null): string => (value === null ? 'NULL' : quoteLiteral(value));
  return { op: 'execute', upgrade: `COMMENT ON ${target} IS ${text(comment)}`, downgrade: `COMMENT ON ${target} IS ${text(previous)}` };
}

/**
 * alter_column for a changed type, nullability or default. The downgrade's old type and default
 * come from the database the spec is read against. A changed comment, which alter_column does
 * not carry, becomes a COMMENT ON statement after it (`comments`).
 */
export function alterColumnOperations(change: AlterColumnChange, translation: Translation, comments: SpecOperation[]): SpecOperation[] {
  const { table, column } = change;
  const owner = `column ${table}.${column}`;
  const fields: Record<string, unknown> = {};
  const enums = change.type ? translation.enums.beforeUse(change.type, owner) : [];
  if (change.type) {
    const type = translation.type(change.type, owner);
    const previous = change.existing.type && translation.type(change.existing.type, owner);
    if (type === undefined || previous === undefined) return [];
    // An enum converts to another type through text; the bridge tried exactly these casts.
    const cast = (from: ModelType | null, to: string): string => `${quoteIdent(column)}${from?.enum && to !== 'text' ? '::text' : ''}::${to}`;
    fields.type = type;
    if (change.using) fields.using = cast(change.existing.type, type);
    if (change.from_using && previous !== null) fields.from_using = cast(change.type, previous);
  }
  if (change.nullable !== undefined) fields.nullable = change.nullable;
  // A default that does not cast to the new type (or, cast, would tie the column to an enum it
  // leaves) is dropped first and the models' one set after; the downgrade restores the old one.
  const defaults = change.existing.server_default !== null || (change.model_server_default ?? null) !== null;
  const resetDefault = defaults && (change.reset_default === true || change.existing.type?.enum !== undefined || change.type?.enum !== undefined);
  const serverDefault = change.server_default !== undefined ? change.server_default : resetDefault ? (change.model_server_default ?? null) : undefined;
  if (serverDefault !== undefined) {
    fields.server_default = serverDefault;
    fields.from_server_default = change.existing.server_default;
  }
  if (change.comment !== undefined) {
    comments.push(commentOperation(`COLUMN ${qualify(translation.schema, table)}.${quoteIdent(column)}`, change.comment, change.existing.comment));
  }
  return Object.keys(fields).length === 0 ? [] : [...enums, { op: 'alter_column', table, column, ...fields }];
}
