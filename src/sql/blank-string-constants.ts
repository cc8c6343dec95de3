/**
 * `sql` with the text of each plain '...' string constant removed (`''`), when plain constants
 * are all it quotes; undefined when it has anything a scan this simple could misread (E'', U&'',
 * dollar quotes, quoted identifiers, backslashes, comments). A constant is one token whatever it
 * holds, so the blanked text parses to the same tree but for the constants' values: conditions
 * that differ only in the names they look up (every generated migration's) share one parse.
 */
export function blankStringConstants(sql: string): string | undefined {
  if (/[\\$"]|--|\/\*/.test(sql)) return undefined;
  let blanked = '';
  let from = 0;
  for (let open = sql.indexOf("'"); open >= 0; open = sql.indexOf("'", from)) {
    // A letter, digit, _ or & before the quote makes it E'', B'', X'', U&'' or a typed literal.
    if (open > 0 && /[\w&]/.test(sql[open - 1]!)) return undefined;
    let close = open + 1;
    for (;;) {
      close = sql.indexOf("'", close);
      if (close < 0) return undefined;
      if (sql[close + 1] !== "'") break;
      close += 2;
    }
    blanked += `${sql.slice(from, open)}''`;
    from = close + 1;
  }
  return blanked + sql.slice(from);
}
