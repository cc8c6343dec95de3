/**
 * The subset of Python's configparser that alembic.ini uses: [sections], `key = value` or
 * `key: value`, indented continuation lines, full-line # and ; comments, %(name)s interpolation
 * from the same section and the given defaults, and %% for a literal percent sign.
 */
export type IniSections = ReadonlyMap<string, ReadonlyMap<string, string>>;

export function parseIni(text: string): IniSections {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const trimmed = rawLine.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      if (trimmed === '') lastKey = undefined;
      continue;
    }
    const section = /^\[([^\]]+)\]$/.exec(trimmed);
    if (section) {
      current = new Map();
      sections.set(section[1]!.trim(), current);
      lastKey = undefined;
      continue;
    }
    if (/^\s/.test(rawLine) && current && lastKey !== undefined) {
      current.set(lastKey, `${current.get(lastKey)}\n${trimmed}`);
      continue;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (pair && current) {
      lastKey = pair[1]!.toLowerCase();
      current.set(lastKey, pair[2]!);
    }
  }
  return sections;
}

export function interpolate(value: string, variables: ReadonlyMap<string, string>, depth = 0): string {
  return value.replace(/%%|%\(([^)]+)\)s/g, (whole, name: string | undefined) => {
    if (name === undefined) return '%';
    const replacement = variables.get(name.toLowerCase());
    if (replacement === undefined || depth > 10) return whole;
    return interpolate(replacement, variables, depth + 1);
  });
}
