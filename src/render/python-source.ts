import type { Statement } from '../operations/model.js';
import type { Step } from '../migration/plan.js';
import { indent } from '../sql/do-block.js';
import { escapeForSqlalchemyText } from './sqlalchemy-text.js';

/** ruff format's default line length; generated code is laid out the way ruff would lay it out. */
const LINE_LENGTH = 88;
const PLAIN_ONE_LINE = /^[\x20-\x7e]*$/;

/** Text for the inside of a triple-double-quoted Python string: nothing in it ends or escapes the string. */
export function escapeTripleQuoted(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('"""', '""\\"');
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
export function renderExecute(sql: string, depth: number): string {
  const text = escapeForSqlalchemyText(sql);
  const pad = ' '.repeat(depth);
  const note = text === sql ? '' : `${pad}# \\\\: below is SQLAlchemy's escape for a literal ":", not a bind parameter\n`;
  const literal = oneLineLiteral(text);
  if (literal !== undefined) {
    const oneLine = `${pad}op.execute(${literal})`;
    if (oneLine.length <= LINE_LENGTH) return note + oneLine;
    return `${note}${pad}op.execute(\n${pad}    ${literal}\n${pad})`;
  }
  const body = indent(escapeTripleQuoted(text), depth + 4);
  return `${note}${pad}op.execute(\n${pad}    """\n${body}\n${pad}    """\n${pad})`;
}

function renderStatements(statements: readonly Statement[], depth: number): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < statements.length) {
    if (statements[i]!.autocommit) {
      // CONCURRENTLY and friends cannot run inside a transaction block.
      const block: string[] = [];
      while (i < statements.length && statements[i]!.autocommit) {
        block.push(renderExecute(statements[i]!.sql, depth + 4));
        i += 1;
      }
      lines.push(`${' '.repeat(depth)}with op.get_context().autocommit_block():`, ...block);
    } else {
      lines.push(renderExecute(statements[i]!.sql, depth));
      i += 1;
    }
  }
  return lines;
}

/** The body of upgrade() or downgrade(): each step under its comment, steps apart by a blank line. */
export function renderBody(steps: readonly Step[]): string {
  const depth = 4;
  if (steps.length === 0) return `${' '.repeat(depth)}pass`;
  return steps
    .map((step) => [`${' '.repeat(depth)}# ${step.comment}`, ...renderStatements(step.statements, depth)].join('\n'))
    .join('\n\n');
}

/** A Python string literal for short, single-line values such as revision ids. */
export function pythonString(value: string): string {
  return JSON.stringify(value);
}
