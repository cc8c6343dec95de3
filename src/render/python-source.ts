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

/** `op.execute(...)` for one statement, at `depth` spaces, as ruff format would leave it. */
export function renderExecute(sql: string, depth: number): string {
  const text = escapeForSqlalchemyText(sql);
  const pad = ' '.repeat(depth);
  if (!text.includes('\n') && PLAIN_ONE_LINE.test(text) && !text.includes('"') && !text.includes('\\')) {
    const oneLine = `${pad}op.execute("${text}")`;
    if (oneLine.length <= LINE_LENGTH) return oneLine;
    return `${pad}op.execute(\n${pad}    "${text}"\n${pad})`;
  }
  const body = indent(escapeTripleQuoted(text), depth + 4);
  return `${pad}op.execute(\n${pad}    """\n${body}\n${pad}    """\n${pad})`;
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
