import type { SchemaModel } from '../schema/model.js';
import { checkExpression, type CheckedExpression, type ExpressionUse } from '../sql/expressions.js';
import { identifierProblem } from '../sql/identifiers.js';
import { resolveType, type PgType, type TypeScope } from '../sql/pg-types.js';
import type { SqlParser } from '../sql/sql-parser.js';
import type { SpecNode } from './spec-node.js';

// Readers for the field types that recur across operations. Each reports its own problems.

/** What reading an expression or a type needs: the parser, and the types in scope. */
export interface FieldContext {
  readonly schema: string;
  readonly sql: SqlParser;
  readonly extensionTypes: readonly string[];
  /** Enums created by the operations read so far, which later columns may use. */
  readonly enums: ReadonlySet<string>;
  /** Every enum the spec creates, with the path of the operation that does: for "created too late" hints. */
  readonly enumPaths: ReadonlyMap<string, string>;
  /** The schema as it stands before the field's operation: its enums are types too. */
  readonly model: SchemaModel;
}

/** Why `text` cannot be a name, worded for the user (the spec and the prompts say the same). */
export function identifierError(text: string): string | undefined {
  const problem = identifierProblem(text);
  return problem ? `${JSON.stringify(text)} is not a valid identifier: it ${problem}` : undefined;
}

export function readIdentifier(node: SpecNode, options: { required?: boolean } = { required: true }): string | undefined {
  const text = node.string(options);
  if (text === undefined) return undefined;
  const problem = identifierError(text);
  return problem ? node.problem(problem) : text;
}

export function readIdentifierList(node: SpecNode, options: { required?: boolean } = { required: true }): string[] | undefined {
  const items = node.list({ required: options.required, nonEmpty: true });
  if (!items) return undefined;
  const names = items.map((item) => readIdentifier(item));
  if (names.some((name) => name === undefined)) return undefined;
  const seen = new Set<string>();
  for (const [index, name] of names.entries()) {
    if (seen.has(name!)) items[index]!.problem(`"${name}" is listed twice`);
    seen.add(name!);
  }
  return names as string[];
}

export function readExpression(node: SpecNode, context: FieldContext, use: ExpressionUse, options: { required?: boolean } = {}): CheckedExpression | undefined {
  const text = node.string(options);
  if (text === undefined) return undefined;
  const result = checkExpression(context.sql, text, use);
  return 'problem' in result ? node.problem(result.problem) : result;
}

/** The types a field may name: built-ins, the spec's enums so far, the known schema's enums, extension types. */
export function typeScope(context: FieldContext): TypeScope {
  return {
    schema: context.schema,
    enums: context.enums,
    extensionTypes: context.extensionTypes,
    knownEnum: (schema, name) => context.model.schemas.get(schema)?.enums.has(name) === true,
  };
}

export function readType(node: SpecNode, context: FieldContext): PgType | undefined {
  const text = node.string({ required: true });
  if (text === undefined) return undefined;
  const result = resolveType(text, typeScope(context));
  if (!('problem' in result)) return result.type;
  const laterEnum = context.enumPaths.get(text.replace(/\[\]$/, '').trim());
  if (laterEnum !== undefined && !context.enums.has(text)) {
    return node.problem(`enum "${text}" is created by ${laterEnum}, which comes after this operation; move it earlier`);
  }
  return node.problem(result.problem);
}

/** Free text stored in the database (comments, enum labels): anything but NUL. */
export function readText(node: SpecNode, options: { required?: boolean } = {}): string | undefined {
  const text = node.string(options);
  if (text === undefined) return undefined;
  return text.includes('\u0000') ? node.problem('must not contain a NUL character') : text;
}

export function readExtensionTypes(node: SpecNode): string[] {
  const items = node.list() ?? [];
  const names: string[] = [];
  for (const item of items) {
    const text = item.string({ required: true });
    if (text === undefined) continue;
    const parts = text.split('.');
    if (parts.length > 2 || parts.some((part) => !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(part))) {
      item.problem(`"${text}" must be a type name or schema.name, e.g. vector or public.citext`);
    } else {
      names.push(text.toLowerCase());
    }
  }
  return names;
}

const DURATION = /^\d+\s*(us|ms|s|min|h|d)?$/;

/** A PostgreSQL duration setting: a whole number of milliseconds, or with a unit (`5s`, `500ms`, `1min`). */
export function readDuration(node: SpecNode, fallback: string | undefined): string | undefined {
  if (node.missing) return fallback;
  const text = node.string()?.trim();
  if (text === undefined) return undefined;
  if (!DURATION.test(text)) return node.problem(`must be a duration such as 5s, 500ms or 1min (a bare number is milliseconds), not "${text}"`);
  return text;
}
