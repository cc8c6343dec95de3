import type { Refused, ShapeHelpers, Step } from '../migration/plan.js';
import type { Setting } from '../operations/model.js';
import { quoteLiteral } from '../sql/literals.js';
import { indent } from '../sql/do-block.js';
import { UNSAFE_CHARACTERS } from '../text/unsafe-characters.js';
import { escapeForSqlalchemyText } from './sqlalchemy-text.js';
import type { Statement } from '../sql/statement.js';

// The one place text becomes Python source: every value from a spec, a history file or the
// environment reaches a generated file through pythonString, tripleQuoted or comment below, so
// none can end a string or a comment early, and none can hide or change a character on the way.

/** ruff format's default line length; generated code is laid out the way ruff would lay it out. */
const LINE_LENGTH = 88;
const PLAIN_ONE_LINE = /^[\x20-\x7e]*$/;

/** Python's escape for one character: `\r`, `\x1b`, `\u202e`, `\U000e0001`. */
function pythonEscape(character: string): string {
  if (character === '\r') return '\\r';
  if (character === '\n') return '\\n';
  if (character === '\t') return '\\t';
  const code = character.codePointAt(0)!;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/**
 * A one-line Python string literal holding exactly `value`, quoted as ruff format quotes it:
 * double quotes unless the value holds more double quotes than single ones.
 */
export function pythonString(value: string): string {
  const doubles = value.split('"').length - 1;
  const singles = value.split("'").length - 1;
  const quote = doubles > singles ? "'" : '"';
  const body = value.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`).replace(UNSAFE_CHARACTERS, pythonEscape);
  return `${quote}${body}${quote}`;
}

/**
 * The inside of a triple-double-quoted Python string (a docstring, or SQL for op.execute) that
 * holds exactly `text`: backslashes doubled, no `"""` and no quote at either end that could
 * close the string, and every character but LF and tab that is unsafe raw (CR, which Python
 * would read back as LF; ESC; bidirectional controls; zero-width spaces) written as an escape.
 */
export function tripleQuoted(text: string): string {
  return text
    .replaceAll('\\', '\\\\')
    .replace(UNSAFE_CHARACTERS, (character) => (character === '\n' || character === '\t' ? character : pythonEscape(character)))
    .replace(/"+/g, (run: string, offset: number, whole: string) => escapeQuoteRun(run.length, offset === 0, offset + run.length === whole.length));
}

/**
 * A run of double quotes inside a triple-quoted string: every third one escaped, so no three in
 * a row close the string, and the first or last one too when the run touches the string's start
 * or end (where it would join the delimiter). Backslashes were doubled before, so each inserted
 * backslash escapes exactly its quote.
 */
function escapeQuoteRun(length: number, atStart: boolean, atEnd: boolean): string {
  let out = '';
  for (let index = 0; index < length; index += 1) {
    const escape = index % 3 === 2 || (atStart && index === 0) || (atEnd && index === length - 1);
    out += escape ? '\\"' : '"';
  }
  return out;
}

/** Text for after a `#`: one line, with every unsafe character shown as its escape instead. */
export function comment(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, pythonEscape);
}

/** The Python literal for a one-line statement, quoted as ruff format would quote it, if it has one. */
function oneLineLiteral(text: string): string | undefined {
  if (text.includes('\n') || text.includes('\\') || !PLAIN_ONE_LINE.test(text)) return undefined;
  const hasDouble = text.includes('"');
  const hasSingle = text.includes("'");
  if (hasDouble && hasSingle) return undefined;
  return hasDouble ? `'${text}'` : `"${text}"`;
}

/** `op.execute(...)` for one statement, at `depth` spaces, as ruff format would leave it. */
export function renderExecute(sql: string, depth: number, verbatim = false): string {
  const text = escapeForSqlalchemyText(sql);
  const pad = ' '.repeat(depth);
  const note = text === sql ? '' : `${pad}# \\\\: below is SQLAlchemy's escape for a literal ":", not a bind parameter\n`;
  const literal = oneLineLiteral(text);
  if (literal !== undefined) return note + renderCall('op.execute', literal, depth);
  // Indenting would change quoted text that spans lines; such a statement is kept as written.
  const body = verbatim ? tripleQuoted(text) : indent(tripleQuoted(text), depth + 4);
  return `${note}${pad}op.execute(\n${pad}    """\n${body}\n${pad}    """\n${pad})`;
}

function settingStatements(settings: readonly Setting[], form: 'SET LOCAL' | 'SET' | 'RESET'): string[] {
  return settings.map((setting) => (form === 'RESET' ? `RESET ${setting.name}` : `${form} ${setting.name} = ${quoteLiteral(setting.value)}`));
}

/** `# why` above a statement, when the statement says why it is written so. */
function whyLine(statement: Statement, depth: number): string[] {
  return statement.why === undefined ? [] : [`${' '.repeat(depth)}# ${statement.why}`];
}

/**
 * A run of autocommit statements as one autocommit block. Each statement gets the session
 * settings it needs there (set when they differ from what the block set last: SET LOCAL would
 * end with each statement's own transaction), and the block resets what it set when it ends.
 */
function renderAutocommitBlock(statements: readonly Statement[], depth: number, settings: readonly Setting[]): string[] {
  const current = new Map<string, string>();
  const block: string[] = [];
  for (const statement of statements) {
    for (const setting of statement.session ?? settings) {
      if (current.get(setting.name) === setting.value) continue;
      current.set(setting.name, setting.value);
      block.push(...settingStatements([setting], 'SET').map((sql) => renderExecute(sql, depth + 4)));
    }
    block.push(...whyLine(statement, depth + 4), renderExecute(statement.sql, depth + 4, statement.verbatim));
  }
  const reset = [...current.keys()].map((name) => ({ name, value: '' }) as Setting);
  block.push(...settingStatements(reset, 'RESET').map((sql) => renderExecute(sql, depth + 4)));
  return [`${' '.repeat(depth)}with op.get_context().autocommit_block():`, ...block];
}

/**
 * Statements in order, consecutive autocommit ones grouped in one autocommit block. Settings
 * apply to every transaction: SET LOCAL in the migration's transaction, and an autocommit block
 * ends that transaction, so SET LOCAL is repeated before the next statement that runs in one.
 */
function renderStatements(statements: readonly Statement[], depth: number, settings: readonly Setting[], state: { settingsSet: boolean }): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < statements.length) {
    if (statements[i]!.autocommit) {
      const start = i;
      while (i < statements.length && statements[i]!.autocommit) i += 1;
      lines.push(...renderAutocommitBlock(statements.slice(start, i), depth, settings));
      state.settingsSet = false;
    } else {
      if (!state.settingsSet) lines.push(...settingStatements(settings, 'SET LOCAL').map((sql) => renderExecute(sql, depth)));
      state.settingsSet = true;
      lines.push(...whyLine(statements[i]!, depth), renderExecute(statements[i]!.sql, depth, statements[i]!.verbatim));
      i += 1;
    }
  }
  return lines;
}

/** A call with one string argument, on one line when it fits, as ruff format lays it out. */
function renderCall(callee: string, literal: string, depth: number): string {
  const pad = ' '.repeat(depth);
  const oneLine = `${pad}${callee}(${literal})`;
  return oneLine.length <= LINE_LENGTH ? oneLine : `${pad}${callee}(\n${pad}    ${literal}\n${pad})`;
}

/** The module-level functions that create and drop the shape checks' helpers: defined once, called by each direction. */
const HELPER_FUNCTIONS = { create: '_create_shape_helpers', drop: '_drop_shape_helpers' } as const;

const HELPER_DOCS = {
  create: "The SQL functions the shape checks call, in pg_temp: this session's own, gone with it.",
  drop: "Drops the shape checks' SQL functions, so none outlives the migration.",
} as const;

/**
 * The definitions of the functions that create and drop the shape checks' helpers, after
 * downgrade(): one statement per execute, as asyncpg needs. Empty when no shape check is called.
 */
export function renderHelperFunctions(helpers: ShapeHelpers): string {
  if (helpers.create.length === 0) return '';
  return (['create', 'drop'] as const)
    .map((which) => [`def ${HELPER_FUNCTIONS[which]}() -> None:`, `    """${HELPER_DOCS[which]}"""`, ...helpers[which].map((statement) => renderExecute(statement.sql, 4))].join('\n'))
    .join('\n\n\n');
}

/** The body of upgrade() or downgrade(): each step under its comment, steps apart by a blank line. */
export function renderBody(steps: readonly Step[] | Refused, settings: readonly Setting[] = []): string {
  const depth = 4;
  const pad = ' '.repeat(depth);
  if ('refusals' in steps) {
    const reason = `This migration cannot be undone: ${steps.refusals.join('; ')}. Restore the database from a backup taken before the upgrade.`;
    return renderCall('raise NotImplementedError', pythonString(reason), depth);
  }
  if (steps.length === 0) return `${pad}pass`;
  const preamble = settings.length === 0 || steps[0]!.statements[0]?.autocommit
    ? []
    : [[`${pad}# Give up quickly rather than queue behind other sessions' locks`, ...settingStatements(settings, 'SET LOCAL').map((sql) => renderExecute(sql, depth))].join('\n')];
  const state = { settingsSet: true };
  const blocks = steps.map((step) => {
    const lines = step.helpers ? [`${pad}${HELPER_FUNCTIONS[step.helpers]}()`] : renderStatements(step.statements, depth, settings, state);
    return [`${pad}# ${comment(step.comment)}`, ...lines].join('\n');
  });
  return [...preamble, ...blocks].join('\n\n');
}
