import { isAbsolute, relative } from 'node:path';

/** A path as a user sees it: relative to the current directory when below it, else absolute. */
export function displayPath(cwd: string, path: string): string {
  const shown = relative(cwd, path);
  return shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}
