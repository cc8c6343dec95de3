import type { ParseContext } from '../operations/operation-kind.js';
import { checkExpression, type CheckedExpression, type ExpressionUse } from '../sql/expressions.js';
import { identifierProblem } from '../sql/identifiers.js';
import { resolveType, type PgType } from '../sql/pg-types.js';
import type { SpecNode } from './spec-node.js';

// Readers for the field types that recur across operations. Each reports its own problems.

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

export function readExpression(node: SpecNode, context: ParseContext, use: ExpressionUse, options: { required?: boolean } = {}): CheckedExpression | undefined {
  const text = node.string(options);
  if (text === undefined) return undefined;
  const result = checkExpression(context.sql, text, use);
  return 'problem' in result ? node.problem(result.problem) : result;
}

export function readType(node: SpecNode, context: ParseContext): PgType | undefined {
  const text = node.string({ required: true });
  if (text === undefined) return undefined;
  const result = resolveType(text, {
    schema: context.schema,
    enums: context.enums,
    extensionTypes: context.extensionTypes,
    knownEnum: (schema, name) => context.model.schemas.get(schema)?.enums.has(name) === true,
  });
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
