import { childPath, DocumentError, MAX_DEPTH, stringProblem } from './document-error.js';

/**
 * Checks that a parsed document is plain data a spec can be: strings (whole characters only),
 * finite numbers, booleans, null, lists and mappings, no deeper than MAX_DEPTH and without
 * cycles (a YAML alias to an enclosing node). Anything else is a DocumentError at its path.
 */
export function checkPlainValue(value: unknown, path = '', ancestors: unknown[] = []): void {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') {
    const problem = stringProblem(value);
    if (problem !== undefined) throw new DocumentError(path, problem);
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DocumentError(path, `is ${Number.isNaN(value) ? 'not a number (.nan)' : 'an infinite number (.inf)'}; quote it if you mean the text`);
    return;
  }
  if (typeof value !== 'object') throw new DocumentError(path, `is a ${typeof value}, which a spec cannot hold`);
  if (ancestors.includes(value)) throw new DocumentError(path, 'refers back to a value that contains it (a YAML alias to its own parent)');
  if (ancestors.length >= MAX_DEPTH) throw new DocumentError(path, `is nested more than ${MAX_DEPTH} levels deep`);
  const inner = [...ancestors, value];
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkPlainValue(item, childPath(path, index), inner));
    return;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) {
    const kind = value instanceof Uint8Array ? 'binary data (!!binary)' : value instanceof Map ? 'a YAML !!omap or !!pairs' : value instanceof Set ? 'a YAML !!set' : value instanceof Date ? 'a timestamp' : 'not plain data';
    throw new DocumentError(path, `is ${kind}; a spec holds text, numbers, true/false, lists and mappings`);
  }
  for (const [key, item] of Object.entries(value)) checkPlainValue(item, childPath(path, key), inner);
}
