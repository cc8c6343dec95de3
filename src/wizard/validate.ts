import type { SpecProblem } from '../errors.js';
import { FieldsNode } from '../fields/fields-node.js';
import { identifierError, readType } from '../fields/readers.js';
import { SpecNode } from '../fields/spec-node.js';
import type { ParseContext } from '../operations/operation-kind.js';
import { findOperationKind, type OperationFields, type OperationName } from '../operations/registry.js';
import type { SchemaModel } from '../schema/model.js';
import type { SpecDefaults } from '../spec-file/read-spec.js';
import { checkExpression, type CheckedExpression, type ExpressionUse } from '../sql/expressions.js';
import { byteLength, MAX_IDENTIFIER_BYTES } from '../sql/identifiers.js';
import type { SqlParser } from '../sql/sql-parser.js';
import { commaList, type Answers } from './answers.js';

// Prompt validators: the spec's own rules (identifierError, resolveType, checkExpression with
// PostgreSQL's parser), so an answer refused here would be refused in a spec file with the same words.

/** What the questions of one operation need to know: the parser, the defaults, what came before. */
export interface PromptContext {
  readonly sql: SqlParser;
  readonly defaults: SpecDefaults;
  /** The migration's schema, where its enums are created. */
  readonly schema: string;
  /** Enum types created by earlier operations of this migration. */
  readonly enums: ReadonlySet<string>;
  /** The schema as the history's specs build it (or the database): its enums are types too. */
  readonly model: SchemaModel;
}

/**
 * The context an operation's parser reads one answer in. Not strict unless asked: an answer is
 * checked on its own, with stand-ins for the rest; the whole spec meets the known schema at the
 * preview. A rule that needs the known schema's word (an enum's labels) reads strictly and takes
 * only the problems of its own field, never the stand-ins'.
 */
function parseContext(context: PromptContext, strict = false): ParseContext {
  return {
    schema: context.schema,
    naming: context.defaults.naming,
    sql: context.sql,
    extensionTypes: context.defaults.extensionTypes,
    enums: new Set(context.enums),
    enumPaths: new Map(),
    model: context.model,
    modelSource: 'the known schema',
    strict,
    warn: () => undefined,
  };
}

export type Validator = (input: string) => true | string;

export const identifier: Validator = (input) => identifierError(input.trim()) ?? true;

/** `name` or `schema.name`, as an operator class is written. */
export const qualifiedName: Validator = (input) => {
  const parts = input.trim().split('.');
  if (parts.length > 2) return `"${input.trim()}" must be a name or schema.name`;
  for (const part of parts) {
    const problem = identifierError(part);
    if (problem) return problem;
  }
  return true;
};

/** A column type, resolved as the spec resolves it: built-ins, this migration's enums, known enums, extension types. */
export function columnType(context: PromptContext): Validator {
  return (input) => {
    const problems: SpecProblem[] = [];
    readType(SpecNode.root(input.trim(), problems), parseContext(context));
    return problems[0]?.message ?? true;
  };
}

/** The expression as PostgreSQL reads it, or the reason it cannot be used as `use`. */
export function checked(context: PromptContext, input: string, use: ExpressionUse): CheckedExpression | string {
  const result = checkExpression(context.sql, input.trim(), use);
  return 'problem' in result ? result.problem : result;
}

export function expression(context: PromptContext, use: ExpressionUse): Validator {
  return (input) => {
    const result = checked(context, input, use);
    return typeof result === 'string' ? result : true;
  };
}

/** Comma-separated names: each valid, none twice, at least one. */
export const identifierList: Validator = (input) => {
  const names = commaList(input);
  if (names.length === 0) return 'give at least one name';
  for (const name of names) {
    const problem = identifierError(name);
    if (problem) return problem;
  }
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  return twice === undefined ? true : `"${twice}" is listed twice`;
};

/** Comma-separated enum labels, as create_enum reads them. */
export const enumLabels: Validator = (input) => {
  const labels = commaList(input);
  if (labels.length === 0) return 'give at least one value, e.g. ADMIN, USER';
  for (const label of labels) {
    if (label.includes('\u0000')) return 'a value must not contain a NUL character';
    if (byteLength(label) > MAX_IDENTIFIER_BYTES) return `"${label}" is ${byteLength(label)} bytes long; enum labels are at most ${MAX_IDENTIFIER_BYTES} bytes`;
  }
  const twice = labels.find((label, index) => labels.indexOf(label) !== index);
  return twice === undefined ? true : `"${twice}" is listed twice`;
};

/** Text stored in the database (comments). */
export const freeText: Validator = (input) => (input.includes('\u0000') ? 'must not contain a NUL character' : true);

/**
 * A field checked by its operation's own parser: `build` makes the operation around the answer
 * (with stand-ins for fields asked later), and the first problem reported at `field` is the
 * answer's. For fields whose rules live only in the operation (a constraint definition, SQL).
 * `at` narrows it to one path (`column.server_default`); `strict` holds it to the known schema.
 */
export function operationRule<N extends OperationName>(
  context: PromptContext,
  op: N,
  field: NoInfer<keyof OperationFields<N> & string>,
  build: (input: string, answers: Answers) => Readonly<Record<string, unknown>>,
  options: { readonly at?: string; readonly strict?: boolean } = {},
) {
  return (input: string, answers: Answers): true | string => {
    const problems: SpecProblem[] = [];
    const kind = findOperationKind(op)!;
    const read = parseContext(context, options.strict);
    kind.parse(new FieldsNode(SpecNode.root({ op, ...build(input.trim(), answers) }, problems), kind.fields, read), read);
    const ours = (path: string): boolean => (options.at !== undefined ? path === options.at : path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`));
    return problems.find((found) => ours(found.path))?.message ?? true;
  };
}

/**
 * A column's default, checked as the spec checks it: against the column's type (an enum's
 * labels, what PostgreSQL assigns to the type), from the answers given before it.
 */
export function columnDefault(context: PromptContext, column: (answers: Answers) => { readonly name: unknown; readonly type: unknown }) {
  return operationRule(
    context,
    'add_column',
    'column',
    (value, answers) => {
      const { name, type } = column(answers);
      return { table: 't', column: { name: typeof name === 'string' && name.trim() !== '' ? name.trim() : 'c', type, server_default: value } };
    },
    { at: 'column.server_default', strict: true },
  );
}
