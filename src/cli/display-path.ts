import { isAbsolute, relative } from 'node:path';

/** `path` relative to `cwd` when it is inside it, else absolute: what a person would type. */
export function displayPath(cwd: string, path: string): string {
  const shown = relative(cwd, path);
  return shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}
