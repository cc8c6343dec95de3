import { UsageError } from '../errors.js';
import { compact, type DraftRecord, type DraftValue } from '../fields/raw.js';
import { nearest } from '../nearest.js';
import type { COLUMN_FIELDS } from '../operations/column.js';
import { answerAt, text, type Answers } from './answers.js';
import { findEnum } from '../schema/model.js';
import { quoteLiteral } from '../sql/literals.js';
import { knownEnums } from './known.js';
import { input, optional, type Choice, type Question } from './questions.js';
import { actionQuestion, parseReference, REFERENCE_GRAMMAR, referenceSpec, referentialAction } from './reference.js';
import { columnDefault, columnType, freeText, identifier, type PromptContext } from './validate.js';

// A column, asked for by add_column and by each column of create_table, and written on a
// command line as name:type[:flag...].

const COMMON_TYPES = ['text', 'varchar(255)', 'integer', 'bigint', 'boolean', 'uuid', 'timestamptz', 'date', 'numeric(10,2)', 'jsonb'];

/** Enum types a column may have: this migration's first (newest first), then the known schema's. */
function enumTypes(context: PromptContext): string[] {
  return [...new Set([...[...context.enums].reverse(), ...knownEnums(context)])];
}

/**
 * A first guess from the name, as people name columns: an enum named like the column (`role`
 * for `account_role`, `status` for `status`), id and ..._id, ..._at, is_... and has_....
 */
function likelyType(name: string, context: PromptContext): string {
  const enums = enumTypes(context);
  const named = enums.find((type) => type === name) ?? enums.find((type) => type.endsWith(`_${name}`) || name.endsWith(`_${type}`));
  if (name !== '' && named !== undefined) return named;
  if (name === 'id' || name.endsWith('_id')) return 'uuid';
  if (name.endsWith('_at')) return 'timestamptz';
  if (/^(is|has)_/.test(name)) return 'boolean';
  return 'text';
}

/** Examples of a default by type, each written as the type reads it: never an unquoted word. */
const DEFAULT_EXAMPLES: readonly (readonly [RegExp, (type: string) => string])[] = [
  [/^jsonb?$/, (type) => `'{}'::${type}`],
  [/^timestamp/, () => 'now()'],
  [/^date$/, () => 'CURRENT_DATE'],
  [/^boolean$/, () => 'false'],
  [/^(smallint|integer|bigint|numeric)\b/, () => '0'],
  [/^(text|varchar)\b/, () => "'text' (quoted)"],
];

/** What the column's default question says, with an example that reads as the type (none for a foreign key's). */
function defaultMessage(type: string, references: boolean, primaryKey: boolean, context: PromptContext): string {
  const labels = findEnum(context.model, context.schema, type);
  const example = references
    ? undefined
    : labels && labels.length > 0
      ? `${quoteLiteral(labels[0]!)} (a label, quoted)`
      : type === 'uuid' && primaryKey
        ? 'gen_random_uuid()'
        : DEFAULT_EXAMPLES.find(([pattern]) => pattern.test(type))?.[1](type);
  return `Default, an SQL expression${example === undefined ? '' : ` such as ${example}`} (empty for none)`;
}

function typeChoices(context: PromptContext): Choice[] {
  const created = [...context.enums].map((name) => ({ name: `${name} (enum of this migration)`, value: name, short: name }));
  const known = knownEnums(context)
    .filter((name) => !context.enums.has(name))
    .map((name) => ({ name: `${name} (enum)`, value: name, short: name }));
  const extension = context.defaults.extensionTypes.map((name) => ({ name: `${name} (extension)`, value: name, short: name }));
  return [...created, ...known, ...COMMON_TYPES.map((name) => ({ name, value: name })), ...extension];
}

/**
 * The column's questions, their answers stored under `prefix` (`column.` for add_column).
 * `first` is false for the later columns of a table, whose name may be left empty to finish;
 * `keyed` says the table has its primary key already, so the column is not asked to be one.
 */
export function columnQuestions(
  context: PromptContext,
  prefix: string,
  options: { first: boolean; table?: boolean; existing?: boolean; keyed?: (answers: Answers) => boolean },
): Question[] {
  const at = (answers: Answers, key: string): unknown => answerAt(answers, `${prefix}${key}`);
  const isKey = (answers: Answers): boolean => at(answers, 'primary_key') === true;
  const isSerial = (answers: Answers): boolean => /^(small|big)?serial/.test(String(at(answers, 'type') ?? ''));
  const references = (answers: Answers): boolean => String(at(answers, 'references') ?? '').trim() !== '';
  return [
    input({
      name: `${prefix}name`,
      message: options.existing ? 'Column to drop' : options.first ? 'Column name' : 'Next column name (empty when done)',
      validate: options.first ? identifier : optional(identifier),
    }),
    {
      type: 'choice-or-text',
      name: `${prefix}type`,
      message: options.existing ? 'Its type (the downgrade re-adds the column as you describe it now)' : 'Type',
      choices: typeChoices(context),
      other: 'other type (any PostgreSQL type, e.g. varchar(50), text[])...',
      default: (answers) => likelyType(String(at(answers, 'name') ?? ''), context),
      validate: columnType(context),
      filter: (value) => value.trim(),
      pageSize: 16,
    },
    {
      type: 'confirm',
      name: `${prefix}primary_key`,
      message: options.table ? 'Part of the primary key?' : 'Primary key?',
      default: (answers) => options.first && at(answers, 'name') === 'id',
      when: (answers) => options.keyed?.(answers) !== true,
    },
    input({
      name: `${prefix}references`,
      message: 'References (a foreign key to table.column, e.g. accounts.id; empty for none)',
      validate: optional((value) => {
        const reference = parseReference(value);
        if (typeof reference === 'string') return reference;
        return reference.columns.length === 1 ? true : 'a column references one column; use a foreign key operation for several';
      }),
    }),
    actionQuestion(`${prefix}on_delete`, 'ON DELETE (what happens to this row when the referenced row is deleted)', references),
    {
      type: 'confirm',
      name: `${prefix}nullable`,
      message: 'May it be NULL?',
      default: true,
      when: (answers) => !isKey(answers),
    },
    input({
      name: `${prefix}server_default`,
      message: (answers) => defaultMessage(String(at(answers, 'type')), references(answers), isKey(answers), context),
      when: (answers) => !isSerial(answers),
      validate: optional(columnDefault(context, (answers) => ({ name: at(answers, 'name'), type: at(answers, 'type') }))),
    }),
    {
      type: 'confirm',
      name: `${prefix}unique`,
      message: 'Unique?',
      default: false,
      when: (answers) => !isKey(answers),
    },
    input({ name: `${prefix}comment`, message: 'Comment (empty for none)', validate: freeText }),
  ];
}

type ReferencesDraft = DraftValue<(typeof COLUMN_FIELDS)['references']>;

function referencesSpec(column: Answers): ReferencesDraft | undefined {
  const given = text(column.references);
  if (given === undefined) return undefined;
  const reference = parseReference(given);
  // Text that is no reference is passed on as given, for the spec reader to refuse with its path.
  if (typeof reference === 'string') return given as unknown as ReferencesDraft;
  const action = text(column.on_delete) === undefined ? undefined : referentialAction(text(column.on_delete)!);
  return compact<ReferencesDraft>({ ...referenceSpec(reference), on_delete: action !== 'NO ACTION' ? action : undefined });
}

/** Column answers → the spec's column mapping; answers left at their default are left out. */
export function columnSpec(answers: unknown): DraftRecord<typeof COLUMN_FIELDS> {
  const column = (answers ?? {}) as Answers;
  return compact<DraftRecord<typeof COLUMN_FIELDS>>({
    name: text(column.name),
    type: text(column.type),
    primary_key: column.primary_key === true ? true : undefined,
    nullable: column.nullable === false ? false : undefined,
    unique: column.unique === true ? true : undefined,
    server_default: text(column.server_default),
    comment: text(column.comment),
    references: referencesSpec(column),
  });
}

export const COLUMN_GRAMMAR = `NAME:TYPE[:FLAG...], FLAG one of pk, not-null, null, unique,
                      references=${REFERENCE_GRAMMAR.replace('[,COLUMN...]', '')}, on-delete=ACTION (cascade, set-null, ...),
                      default=EXPR (last: it takes the rest of the argument, colons included)`;
const FLAGS = ['pk', 'not-null', 'null', 'unique', 'references=', 'on-delete=', 'default='];

/** Splits at the colons that are outside parentheses and double quotes; `default=` takes the rest. */
function splitColumnToken(token: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (let index = 0; index < token.length; index += 1) {
    const character = token[index]!;
    if (character === ':' && depth === 0 && !quoted) {
      parts.push(current);
      current = '';
      if (parts.length >= 2 && token.startsWith('default=', index + 1)) {
        parts.push(token.slice(index + 1));
        return parts;
      }
      continue;
    }
    if (character === '"') quoted = !quoted;
    else if (!quoted && character === '(') depth += 1;
    else if (!quoted && character === ')') depth -= 1;
    current += character;
  }
  parts.push(current);
  return parts;
}

/** `preferences:jsonb:not-null:default='{}'::jsonb` → the answers the column prompts would give. */
export function parseColumnToken(token: string, command: string): Answers {
  const fail = (message: string): never => {
    throw new UsageError(`column "${token}": ${message}\nwrite NAME:TYPE[:FLAG...]; the flags are in: create-migration ${command} --help`);
  };
  const [name, type, ...flags] = splitColumnToken(token);
  if (!name) fail('the name is missing');
  if (type === undefined || type.trim() === '') fail(`give its type, e.g. ${name}:text`);
  const column: Answers = { name, type: type!.trim() };
  const set = (key: string, value: unknown, flag: string): void => {
    if (column[key] !== undefined) fail(`${flag} contradicts or repeats an earlier flag`);
    column[key] = value;
  };
  for (const flag of flags) {
    if (flag.startsWith('default=')) set('server_default', flag.slice('default='.length), 'default=');
    else if (flag === 'pk') set('primary_key', true, flag);
    else if (flag === 'not-null') set('nullable', false, flag);
    else if (flag === 'null') set('nullable', true, flag);
    else if (flag === 'unique') set('unique', true, flag);
    else if (flag.startsWith('references=')) {
      const reference = parseReference(flag.slice('references='.length));
      if (typeof reference === 'string') fail(reference);
      set('references', flag.slice('references='.length), 'references=');
    } else if (flag.startsWith('on-delete=')) set('on_delete', referentialAction(flag.slice('on-delete='.length)), 'on-delete=');
    else {
      const guess = nearest(flag, FLAGS);
      fail(`unknown flag "${flag}"${guess.length > 0 ? `; did you mean "${guess[0]}"?` : ''}`);
    }
  }
  if (column.on_delete !== undefined && column.references === undefined) fail('on-delete= needs references=');
  return column;
}
