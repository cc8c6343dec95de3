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

/**
 * `DO` block running `statement` only when `query` finds rows (or finds none): the way to guard
 * DDL that has no IF [NOT] EXISTS form, and to test the catalog exactly (by schema and table).
 */
export function guarded(kind: 'IF EXISTS' | 'IF NOT EXISTS', query: string, statement: string): string {
  const test = kind === 'IF EXISTS' ? 'IF EXISTS' : 'IF NOT EXISTS';
  const body = [
    'BEGIN',
    `    ${test} (`,
    indent(query, 8),
    '    ) THEN',
    indent(`${statement};`, 8),
    '    END IF;',
    'END',
  ].join('\n');
  const tag = dollarQuote(body);
  return `DO ${tag}\n${body}\n${tag}`;
}
