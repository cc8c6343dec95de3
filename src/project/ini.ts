/**
 * alembic.ini as Python's configparser reads it for Alembic (ConfigParser with its defaults):
 * [sections], `key = value` or `key: value` (keys lower-cased), full-line # and ; comments (no
 * inline comments), values continued on lines indented deeper than their key (blank lines inside
 * kept, trailing ones dropped), a [DEFAULT] section whose keys every section sees, and
 * BasicInterpolation: %(name)s from the section, the defaults and Alembic's `here`, %% for %.
 * What configparser refuses (a duplicate key or section, a key before any section, a line that is
 * neither) is refused here too, with its line.
 */

export interface IniDocument {
  readonly sections: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly defaults: ReadonlyMap<string, string>;
}

/** A line configparser refuses, or an interpolation it cannot make. */
export class IniError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

const DEFAULT_SECTION = 'DEFAULT';
const SECTION = /^\[(.+)\]/;
const OPTION = /^(.*?)\s*([=:])\s*(.*)$/;
const MAX_DEPTH = 10;

export function parseIni(text: string): IniDocument {
  const sections = new Map<string, Map<string, string[]>>();
  const defaults = new Map<string, string[]>();
  const added = new Set<string>();
  let current: Map<string, string[]> | undefined;
  let sectionName: string | undefined;
  let option: string | undefined;
  let indent = 0;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    const stripped = line.trim();
    const comment = stripped.startsWith('#') || stripped.startsWith(';');
    if (stripped === '' || comment) {
      if (!comment && current && option !== undefined) current.get(option)!.push('');
      return;
    }
    const level = line.search(/\S/);
    if (current && option !== undefined && level > indent) {
      current.get(option)!.push(stripped);
      return;
    }
    indent = level;
    const header = SECTION.exec(stripped);
    if (header) {
      sectionName = header[1]!;
      if (added.has(`[${sectionName}`)) throw new IniError(`section [${sectionName}] appears twice`, lineNumber);
      if (sectionName === DEFAULT_SECTION) current = defaults;
      else {
        added.add(`[${sectionName}`);
        current = sections.get(sectionName) ?? new Map();
        sections.set(sectionName, current);
      }
      option = undefined;
      return;
    }
    if (!current) throw new IniError(`"${stripped}" comes before any [section] header`, lineNumber);
    const pair = OPTION.exec(stripped);
    if (!pair || pair[1] === '') throw new IniError(`"${stripped}" is neither a [section] header nor a key = value line`, lineNumber);
    option = pair[1]!.trimEnd().toLowerCase();
    const key = `${sectionName}\u0000${option}`;
    if (added.has(key)) throw new IniError(`key "${option}" appears twice in [${sectionName}]`, lineNumber);
    added.add(key);
    current.set(option, [pair[3]!.trim()]);
  });
  const joined = (section: Map<string, string[]>) => new Map([...section].map(([key, parts]) => [key, parts.join('\n').trimEnd()]));
  return { sections: new Map([...sections].map(([name, section]) => [name, joined(section)])), defaults: joined(defaults) };
}

/**
 * Expands %(name)s and %% in `value` (the value of `key`, named in errors). configparser expands
 * what a reference brings in again (`depth` counts that); Python's `str % dict`, which Alembic
 * applies to pyproject.toml values, does not (`recurse` false).
 */
export function expandPercent(value: string, lookup: (name: string) => string | undefined, key: string, recurse = true, depth = 1): string {
  if (depth > MAX_DEPTH) throw new IniError(`the value of "${key}" refers to itself through %(...)s more than ${MAX_DEPTH} times`);
  let result = '';
  let rest = value;
  for (let at = rest.indexOf('%'); at !== -1; at = rest.indexOf('%')) {
    result += rest.slice(0, at);
    rest = rest.slice(at);
    if (rest[1] === '%') {
      result += '%';
      rest = rest.slice(2);
      continue;
    }
    const reference = /^%\(([^)]+)\)s/.exec(rest);
    if (!reference) throw new IniError(`the value of "${key}" has a % that is neither %% nor %(name)s: write %% for a percent sign`);
    const replacement = lookup(reference[1]!);
    if (replacement === undefined) throw new IniError(`the value of "${key}" refers to %(${reference[1]})s, which is not set`);
    result += recurse && replacement.includes('%') ? expandPercent(replacement, lookup, key, true, depth + 1) : replacement;
    rest = rest.slice(reference[0].length);
  }
  return result + rest;
}

/**
 * The value of `key` in `section`, as ConfigParser.get() returns it: interpolated, with
 * `variables` (Alembic's `here`) beneath the file's own [DEFAULT] keys. Undefined when unset.
 */
export function iniValue(document: IniDocument, section: string, key: string, variables: ReadonlyMap<string, string>): string | undefined {
  const own = document.sections.get(section);
  const lookup = (name: string): string | undefined => {
    const option = name.toLowerCase();
    return own?.get(option) ?? document.defaults.get(option) ?? variables.get(option);
  };
  const raw = lookup(key);
  return raw === undefined ? undefined : expandPercent(raw, lookup, key);
}
