import { renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeFsError, FileProblem } from './file-problem.js';
import { removeQuietly, writeTemporary } from './temporary-file.js';

/** Writes `content` to `path`, replacing what is there whole or not at all (temporary file, then rename). */
export function replaceFile(path: string, content: string): void {
  const temporary = writeTemporary(dirname(path), 'replace', content);
  try {
    renameSync(temporary, path);
  } catch (error) {
    removeQuietly(temporary);
    throw new FileProblem(path, `cannot be written: ${describeFsError(error)}`);
  }
}
