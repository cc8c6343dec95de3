/** A spec document that cannot be read as the plain value it seems to be, at `path` (`operations[2].column`; '' for the whole document). */
export class DocumentError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.name = 'DocumentError';
    // A path 64 levels deep says no more than its start does.
    this.path = path.length > 80 ? `${path.slice(0, 40)}…` : path;
  }
}

/** The path of a mapping's field or a list's item, in the form spec problems use. */
export function childPath(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

/** Deeper than any spec needs, shallow enough that no reader of the value runs out of stack. */
export const MAX_DEPTH = 64;

/** Why a number read from a document is not the text it was written as, if it is not. */
export function numberProblem(value: number, source: string): string | undefined {
  if (!Number.isFinite(value)) return `${source} reads as ${Number.isNaN(value) ? 'not-a-number' : 'an infinite number'}; quote it ("${source}") if you mean the text`;
  if (String(value) !== source) return `${source} reads as the number ${String(value)}, not as written; quote it ("${source}") to keep it as text`;
  return undefined;
}

// eslint-disable-next-line no-control-regex
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Half of a surrogate pair is not a character: no file and no database can hold it. */
export function stringProblem(text: string): string | undefined {
  const lone = LONE_SURROGATE.exec(text);
  return lone ? `holds \\u${lone[0].charCodeAt(0).toString(16)}, half of a surrogate pair and not a character` : undefined;
}
