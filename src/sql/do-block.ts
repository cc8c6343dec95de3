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

/** `DO $$ body $$`, quoted with a tag the body does not contain. */
export function doBlock(body: string): string {
  const tag = dollarQuote(body);
  return `DO ${tag}\n${body}\n${tag}`;
}

/** A DO block that runs `statements` only when `condition` holds, tested when it runs (also offline). */
export function doIf(condition: string, statements: string): string {
  return doBlock(['BEGIN', `    IF ${indent(condition, 4).trimStart()} THEN`, indent(`${statements};`, 8), '    END IF;', 'END'].join('\n'));
}

/**
 * `DO` block running `statement` only when `query` finds rows (or finds none): the way to guard
 * DDL that has no IF [NOT] EXISTS form, and to test the catalog exactly (by schema and table).
 */
export function guarded(kind: 'IF EXISTS' | 'IF NOT EXISTS', query: string, statement: string): string {
  return doIf(exists(query, kind === 'IF NOT EXISTS'), statement);
}
