import type { SpecNode } from '../fields/spec-node.js';
import type { ParseContext } from './operation-kind.js';

/** Where a problem is reported: a field's node. */
type At = Pick<SpecNode, 'problem'>;
import { findColumn, findEnum, findTable, type ColumnModel, type ConstraintModel, type IndexModel, type TableModel } from '../schema/model.js';

// Holding a spec to the schema it changes. Every check here reports "already exists" only for
// what the model knows, and "does not exist" only where the model knows everything: a history
// with hand-written migrations leaves gaps, and a gap is not an absence.

const where = (context: ParseContext): string => `according to ${context.modelSource}`;

/** The table, when the model knows it; a problem when the model is complete and does not. */
export function expectTable(context: ParseContext, node: At, table: string): TableModel | undefined {
  if (!context.strict) return undefined;
  const found = findTable(context.model, context.schema, table);
  if (!found && context.model.complete) node.problem(`table "${context.schema}.${table}" does not exist (${where(context)})`);
  return found;
}

/**
 * The column, when the model knows it. It must exist: a fully known table without it, or a
 * complete model without the table, is a problem.
 */
export function expectColumn(context: ParseContext, node: At, table: string, column: string): ColumnModel | undefined {
  if (!context.strict) return undefined;
  const known = findTable(context.model, context.schema, table);
  const found = known?.columns.find((candidate) => candidate.name === column);
  if (known && !known.partial && !found) {
    node.problem(`column "${column}" does not exist in ${context.schema}.${table} (${where(context)})`);
  } else if (!known && context.model.complete) {
    node.problem(`table "${context.schema}.${table}" does not exist (${where(context)})`);
  }
  return found;
}

export function expectNoColumn(context: ParseContext, node: At, table: string, column: string): void {
  if (context.strict && findColumn(context.model, context.schema, table, column)) {
    node.problem(`column "${column}" already exists in ${context.schema}.${table} (${where(context)})`);
  }
}

export function expectNoConstraint(context: ParseContext, node: At, table: string, name: string): void {
  if (context.strict && findTable(context.model, context.schema, table)?.constraints.some((constraint) => constraint.name === name)) {
    node.problem(`constraint "${name}" already exists on ${context.schema}.${table} (${where(context)})`);
  }
}

export function expectConstraint(context: ParseContext, node: At, table: string, name: string): ConstraintModel | undefined {
  if (!context.strict) return undefined;
  const known = findTable(context.model, context.schema, table);
  const found = known?.constraints.find((constraint) => constraint.name === name);
  if (known && !found && !known.partial) node.problem(`constraint "${name}" does not exist on ${context.schema}.${table} (${where(context)})`);
  else if (!known && context.model.complete) node.problem(`table "${context.schema}.${table}" does not exist (${where(context)})`);
  return found;
}

/** Indexes, tables and types share one namespace per schema. */
export function expectNoRelation(context: ParseContext, node: At, name: string, what: string): void {
  if (!context.strict) return;
  const contents = context.model.schemas.get(context.schema);
  if (!contents) return;
  const kind = contents.tables.has(name) ? 'a table' : contents.indexes.has(name) ? 'an index' : contents.enums.has(name) ? 'a type' : undefined;
  if (kind) node.problem(`${what} "${name}" cannot be created: ${kind} of that name already exists in ${context.schema} (${where(context)})`);
}

export function expectIndex(context: ParseContext, node: At, name: string): IndexModel | undefined {
  if (!context.strict) return undefined;
  const found = context.model.schemas.get(context.schema)?.indexes.get(name);
  if (!found && context.model.complete) node.problem(`index "${context.schema}.${name}" does not exist (${where(context)})`);
  return found;
}

export function expectEnum(context: ParseContext, node: At, name: string): string[] | undefined {
  if (!context.strict) return undefined;
  const labels = findEnum(context.model, context.schema, name);
  if (!labels && context.model.complete) node.problem(`enum "${context.schema}.${name}" does not exist (${where(context)})`);
  return labels;
}

/**
 * SQLAlchemy's Enum sends a Python enum's member names, which are usually UPPERCASE: labels that
 * mix cases are a common source of "invalid input value for enum" at run time.
 */
export function warnMixedCase(context: ParseContext, path: string, name: string, labels: readonly string[]): void {
  const cased = labels.filter((label) => /[a-z]/i.test(label));
  const upper = cased.filter((label) => label === label.toUpperCase());
  if (upper.length > 0 && upper.length < cased.length) {
    context.warn(path, `enum ${name} mixes UPPERCASE and lowercase labels; SQLAlchemy's Enum sends member names (usually UPPERCASE), so check which one your model sends`);
  }
}
