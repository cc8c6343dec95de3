/** Indents every non-empty line of `text` by `spaces`. */
export function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** A dollar-quote tag that does not occur in `body`, so no value can end the block early. */
export function dollarQuote(body: string): string {
  if (!body.includes('$$')) return '$$';
  for (let n = 0; ; n += 1) {
    const tag = `$cm${n === 0 ? '' : n}$`;
    if (!body.includes(tag)) return tag;
  }
}

/** `EXISTS (\n    query\n)` or `NOT EXISTS (...)`, for the condition of a DO block. */
export function exists(query: string, negated = false): string {
  return `${negated ? 'NOT ' : ''}EXISTS (\n${indent(query, 4)}\n)`;
}

/** `DO $$ body $$`, quoted with a tag the body does not contain; `body` is a whole block (BEGIN ... END). */
export function doBlock(body: string): string {
  const tag = dollarQuote(body);
  return `DO ${tag}\n${body}\n${tag}`;
}

/** A DO block running PL/pgSQL statements (each ending in `;`). */
export function doStatements(plpgsql: string): string {
  return doBlock(['BEGIN', indent(plpgsql, 4), 'END'].join('\n'));
}

/** PL/pgSQL that runs `statements` (without their final `;`) only when `condition` holds. */
export function ifThen(condition: string, statements: string): string {
  return [`IF ${condition} THEN`, indent(`${statements};`, 4), 'END IF;'].join('\n');
}

/** SQL that can also run inside a PL/pgSQL block: the statement, and the same as PL/pgSQL statements. */
export interface BlockableSql {
  readonly sql: string;
  readonly plpgsql: string;
}

/** A plain statement, which a PL/pgSQL block runs as it is. */
export function plain(statement: string): BlockableSql {
  return { sql: statement, plpgsql: `${statement};` };
}

/** A DO block that runs `statements` only when `condition` holds, tested when it runs (also offline). */
export function runIf(condition: string, statements: string): BlockableSql {
  const plpgsql = ifThen(condition, statements);
  return { sql: doStatements(plpgsql), plpgsql };
}

/**
 * DDL that has no IF [NOT] EXISTS form, run only when `query` finds rows (or finds none): the
 * catalog is tested exactly (by schema and table), when the statement runs.
 */
export function guardedBy(kind: 'IF EXISTS' | 'IF NOT EXISTS', query: string, statement: string): BlockableSql {
  return runIf(exists(query, kind === 'IF NOT EXISTS'), statement);
}

/** The DO block of guardedBy, as text. */
export function guarded(kind: 'IF EXISTS' | 'IF NOT EXISTS', query: string, statement: string): string {
  return guardedBy(kind, query, statement).sql;
}

/** The text of runIf, as text: kept for callers that only write SQL. */
export function doIf(condition: string, statements: string): string {
  return runIf(condition, statements).sql;
}
