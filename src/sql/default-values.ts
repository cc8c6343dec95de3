import { nearest } from '../nearest.js';
import { assignable, isStringType } from './assignment-casts.js';
import { checkExpression, type ExpressionResult } from './expressions.js';
import { typeNameInMessages } from './format-type.js';
import { quoteLiteral } from './literals.js';
import { fitsInteger, frozenMoment, literalInputProblem } from './literal-input.js';
import type { PgType } from './pg-types.js';
import type { SqlParser } from './sql-parser.js';

// A value written into a column (its DEFAULT, an UPDATE's backfill) held to the column's type, as
// far as that is known offline: from the parse tree and the type. A quoted literal must be valid
// input for the type (an enum's labels, an integer's digits...); a literal, a cast or one of the
// SQL keywords that read the session (CURRENT_USER, CURRENT_DATE...) has a type of its own, which
// PostgreSQL must be able to assign to the column. Function calls and operators are left to
// PostgreSQL. PostgreSQL's own wording is quoted, so the refusal reads as the failure it prevents.

/** The column a value goes into. */
export interface ValueTarget {
  readonly column: string;
  readonly type: PgType;
  /** The labels of an enum column's type, when they are certain. */
  readonly labels?: readonly string[];
  /** A type named in the expression (a cast), resolved as the spec resolves types; undefined when unknown. */
  readonly resolve: (text: string) => PgType | undefined;
  /** The column's table and all its columns, when the known schema is certain of them: what a backfill may name. */
  readonly table?: { readonly name: string; readonly columns: readonly string[] };
}

/** A column's DEFAULT, or the value an UPDATE sets (alter_column's backfill). */
export type ValueUse = 'default' | 'backfill';

type Node = Record<string, unknown>;

/** Functions people write as defaults without their parentheses. */
const BARE_FUNCTIONS = new Set([
  'now', 'gen_random_uuid', 'uuid_generate_v4', 'uuid_generate_v1', 'uuid_generate_v1mc', 'uuidv4', 'uuidv7',
  'clock_timestamp', 'statement_timestamp', 'transaction_timestamp', 'timeofday', 'random', 'pg_current_xact_id', 'txid_current',
]);

/** The SQL keywords that read the session (SQLValueFunction), with their type and what they are. */
const SESSION_VALUES: Readonly<Record<string, readonly [string, string]>> = {
  SVFOP_CURRENT_DATE: ['date', 'the date the statement runs'],
  SVFOP_CURRENT_TIME: ['timetz', 'the time the transaction started'],
  SVFOP_CURRENT_TIME_N: ['timetz', 'the time the transaction started'],
  SVFOP_CURRENT_TIMESTAMP: ['timestamptz', 'the moment the transaction started'],
  SVFOP_CURRENT_TIMESTAMP_N: ['timestamptz', 'the moment the transaction started'],
  SVFOP_LOCALTIME: ['time', 'the time the transaction started'],
  SVFOP_LOCALTIME_N: ['time', 'the time the transaction started'],
  SVFOP_LOCALTIMESTAMP: ['timestamp', 'the moment the transaction started'],
  SVFOP_LOCALTIMESTAMP_N: ['timestamp', 'the moment the transaction started'],
  SVFOP_CURRENT_ROLE: ['name', 'the name of the role running the statement'],
  SVFOP_CURRENT_USER: ['name', 'the name of the role running the statement'],
  SVFOP_USER: ['name', 'the name of the role running the statement'],
  SVFOP_SESSION_USER: ['name', 'the name of the role that opened the session'],
  SVFOP_CURRENT_CATALOG: ['name', "the database's name"],
  SVFOP_CURRENT_SCHEMA: ['name', 'the first schema of the search_path'],
};

const builtin = (canonical: string): PgType => ({ sql: canonical, canonical, typmods: [], arrayDims: 0, kind: 'builtin' });

/** A value whose type PostgreSQL knows before it runs anything. */
interface TypedValue {
  readonly type: PgType;
  /** A session keyword as written (`USER`), with what PostgreSQL reads it as. */
  readonly session?: { readonly word: string; readonly meaning: string };
  /** The quoted text inside a cast, `'USER'::text`. */
  readonly castText?: string;
}

function expressionNode(parser: SqlParser, text: string): Node | undefined {
  const result = parser.parse(`SELECT ${text}`);
  if ('error' in result) return undefined;
  const select = result.tree.stmts?.[0]?.stmt.SelectStmt as { targetList?: { ResTarget: { val?: Node } }[] } | undefined;
  return select?.targetList?.[0]?.ResTarget.val;
}

const stringOf = (node: unknown): string | undefined => ((node as { String?: { sval?: string } } | undefined)?.String?.sval);

/** The text of a cast's type name, for resolveType: `varchar(3)`, `pg_catalog.int4[]`, `"Role"`. */
function typeNameText(typeName: Node): string | undefined {
  const names = (typeName.names as unknown[] | undefined)?.map(stringOf);
  if (!names || names.some((name) => name === undefined)) return undefined;
  const typmods = (typeName.typmods as { A_Const?: { ival?: { ival?: number } } }[] | undefined)?.map((mod) => mod.A_Const?.ival?.ival ?? 0);
  const bounds = (typeName.arrayBounds as unknown[] | undefined)?.length ?? 0;
  const quoted = (names as string[]).map((name) => (/^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`));
  return `${quoted.join('.')}${typmods && typmods.length > 0 ? `(${typmods.join(',')})` : ''}${'[]'.repeat(bounds)}`;
}

/** An integer literal is integer, bigint once it does not fit, numeric with a point or exponent. */
function numberType(text: string): PgType {
  if (!/^-?\d+$/.test(text)) return builtin('numeric');
  const value = BigInt(text);
  return value >= -(2n ** 63n) && value < 2n ** 63n ? builtin('int8') : builtin('numeric');
}

function constantType(constant: Node): PgType | undefined {
  if ('ival' in constant) return builtin('int4');
  if ('fval' in constant) return numberType(String((constant.fval as { fval?: string }).fval ?? ''));
  if ('boolval' in constant) return builtin('bool');
  if ('bsval' in constant) return builtin('bit');
  return undefined;
}

/** A number literal rounded as numeric rounds to an integer (half away from zero); undefined beyond reason. */
function roundedNumber(text: string): bigint | undefined {
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return undefined;
  const whole = BigInt(match[2]!) + ((match[3] ?? '').startsWith('5') || /^[6-9]/.test(match[3] ?? '') ? 1n : 0n);
  return match[1] === '-' ? -whole : whole;
}

/** A number that does not fit the integer column it goes into fails every insert that takes the default. */
function rangeProblem(constant: Node, target: ValueTarget): string | undefined {
  const text = 'ival' in constant ? String((constant.ival as { ival?: number }).ival ?? 0) : 'fval' in constant ? String((constant.fval as { fval?: string }).fval) : undefined;
  const value = text === undefined ? undefined : roundedNumber(text);
  if (value === undefined || fitsInteger(value, target.type) !== false) return undefined;
  const name = typeNameInMessages(target.type);
  return `${text} does not fit a column of type ${name} (PostgreSQL: ${name} out of range)`;
}

const quotedLabels = (labels: readonly string[]): string => labels.map(quoteLiteral).join(', ');

/** The label a mistyped one most likely means: the same but for case, else the nearest. */
function likelyLabel(word: string, labels: readonly string[]): string | undefined {
  return labels.find((label) => label.toLowerCase() === word.toLowerCase()) ?? nearest(word, labels)[0];
}

function labelProblem(text: string, target: ValueTarget): string | undefined {
  const labels = target.labels!;
  if (labels.includes(text)) return undefined;
  const name = typeNameInMessages(target.type);
  const likely = likelyLabel(text, labels);
  if (likely !== undefined && likely.toLowerCase() === text.toLowerCase()) {
    return `${quoteLiteral(text)} is not a label of ${name} (labels are case-sensitive); did you mean ${quoteLiteral(likely)}?`;
  }
  return `${quoteLiteral(text)} is not a label of ${name}; its labels are ${quotedLabels(labels)}`;
}

/** A quoted literal: valid input for the type, and (as a default) not a moment frozen when the migration runs. */
function literalProblem(text: string, type: PgType, target: ValueTarget, use: ValueUse, cast: boolean): string | undefined {
  if (type.kind === 'enum' && type.arrayDims === 0 && type.canonical === target.type.canonical && target.labels) return labelProblem(text, target);
  // An explicit cast cuts a string to its length; only a column's own type refuses a long one.
  const input = cast && isStringType(type) ? undefined : literalInputProblem(text, type);
  if (input !== undefined) return `PostgreSQL cannot read ${quoteLiteral(text)} as ${typeNameInMessages(type)} (${input})`;
  const instead = use === 'default' ? frozenMoment(text, type) : undefined;
  if (instead !== undefined) {
    return `${quoteLiteral(text)} is read once, when the migration runs, so every row would get that one moment; write ${instead} for each row's own`;
  }
  return undefined;
}

/** What a typed value's refusal adds: the label it was meant to be, or the boolean words. */
function mismatchHint(value: TypedValue, target: ValueTarget): string {
  if (target.type.kind === 'enum' && target.labels) {
    const meant = value.castText ?? value.session?.word;
    const label = meant === undefined ? undefined : likelyLabel(meant, target.labels);
    if (label !== undefined && label.toLowerCase() === meant!.toLowerCase()) return `; did you mean the label ${quoteLiteral(label)}${value.castText !== undefined ? ', without the cast' : ''}?`;
    return `; write one of its labels, quoted: ${quotedLabels(target.labels)}`;
  }
  if (target.type.canonical === 'bool' && target.type.arrayDims === 0 && ['int4', 'int8', 'numeric'].includes(value.type.canonical)) return '; write true or false';
  return '';
}

function mismatchProblem(value: TypedValue, target: ValueTarget, use: ValueUse): string {
  const [from, to] = [typeNameInMessages(value.type), typeNameInMessages(target.type)];
  const postgres = `column "${target.column}" is of type ${to} but ${use === 'default' ? 'default ' : ''}expression is of type ${from}`;
  // A session keyword's explanation says it all; a typed value's refusal quotes PostgreSQL's.
  const what = value.session
    ? `${value.session.word} is an SQL keyword: PostgreSQL reads it as ${value.session.meaning} (type ${from}), which a column of type ${to} cannot hold`
    : `is of type ${from}, which a column of type ${to} cannot hold (PostgreSQL: ${postgres})`;
  return `${what}${mismatchHint(value, target)}`;
}

/** The typed value at the top of the expression, or a problem its literal has already. */
function typedValue(node: Node, text: string, target: ValueTarget, use: ValueUse): TypedValue | { problem: string } | undefined {
  const [kind] = Object.keys(node);
  const body = node[kind!] as Node;
  if (kind === 'A_Const') {
    if ('sval' in body) {
      const problem = literalProblem(String((body.sval as { sval?: string }).sval ?? ''), target.type, target, use, false);
      return problem === undefined ? undefined : { problem };
    }
    const problem = rangeProblem(body, target);
    if (problem !== undefined) return { problem };
    const type = constantType(body);
    return type && { type };
  }
  if (kind === 'SQLValueFunction') {
    const known = SESSION_VALUES[String(body.op)];
    if (!known) return undefined;
    return { type: builtin(known[0]), session: { word: text.trim().toUpperCase(), meaning: known[1] } };
  }
  if (kind === 'TypeCast') {
    const written = typeNameText(body.typeName as Node);
    const type = written === undefined ? undefined : target.resolve(written);
    if (!type) return undefined;
    const arg = (body.arg as { A_Const?: Node } | undefined)?.A_Const;
    const castText = arg && 'sval' in arg ? String((arg.sval as { sval?: string }).sval ?? '') : undefined;
    if (castText !== undefined) {
      const problem = literalProblem(castText, type, target, use, true);
      if (problem !== undefined) return { problem };
    }
    return { type, ...(castText !== undefined && { castText }) };
  }
  return undefined;
}

/** A bare word is a column reference to PostgreSQL: say what it was most likely meant to be. */
function bareWordProblem(node: Node, text: string, target: ValueTarget | undefined, cannot = 'which a DEFAULT cannot'): string | undefined {
  const fields = (node.ColumnRef as { fields?: unknown[] } | undefined)?.fields;
  const name = fields?.length === 1 ? stringOf(fields[0]) : undefined;
  if (name === undefined) return undefined;
  // As typed (PostgreSQL folds an unquoted name to lower case): `ADMIN` meant 'ADMIN'.
  const written = /^[A-Za-z_][A-Za-z0-9_$]*$/.test(text.trim()) ? text.trim() : name;
  const refers = `refers to a column "${name}", ${cannot}`;
  if (BARE_FUNCTIONS.has(name)) return `${refers}; did you mean ${name}()?`;
  if (target?.type.kind === 'enum' && target.type.arrayDims === 0 && target.labels) {
    const label = likelyLabel(written, target.labels);
    if (label !== undefined && label.toLowerCase() === written.toLowerCase()) return `${refers}; did you mean the label ${quoteLiteral(label)}?`;
    return `${refers}, and ${quoteLiteral(written)} is not a label of ${typeNameInMessages(target.type)} either; its labels are ${quotedLabels(target.labels)}`;
  }
  // Quoting helps only where the text reads as the column's type.
  if (target && target.type.kind === 'builtin' && literalInputProblem(written, target.type) !== undefined) return refers;
  return `${refers}; if you meant the text, quote it: ${quoteLiteral(written)}`;
}

/**
 * Checks `text` as a column's DEFAULT or backfill value: one expression PostgreSQL accepts there
 * (checkExpression), and, given the column, a value PostgreSQL can put in it.
 */
export function checkColumnValue(parser: SqlParser, text: string, target: ValueTarget | undefined, use: ValueUse): ExpressionResult {
  const checked = checkExpression(parser, text, use);
  const node = 'problem' in checked || target ? expressionNode(parser, text) : undefined;
  if ('problem' in checked) {
    const better = node && 'ColumnRef' in node ? bareWordProblem(node, text, target) : undefined;
    return better === undefined ? checked : { problem: better };
  }
  if (checked.columns.length > 0) {
    // A backfill computed from the row's columns has a type only PostgreSQL can tell; a bare word
    // naming no column of a table known whole was most likely meant as a value.
    const table = target?.table;
    const missing = table && node && 'ColumnRef' in node && !table.columns.includes(checked.columns[0]!);
    const problem = missing ? bareWordProblem(node, text, target, `which ${table.name} does not have`) : undefined;
    return problem === undefined ? checked : { problem };
  }
  if (!target || !node) return checked;
  const value = typedValue(node, text, target, use);
  if (value === undefined) return checked;
  if ('problem' in value) return value;
  return assignable(value.type, target.type) === false ? { problem: mismatchProblem(value, target, use) } : checked;
}
