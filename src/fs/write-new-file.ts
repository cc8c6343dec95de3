import { linkSync } from 'node:fs';
import { dirname } from 'node:path';
import { CreateMigrationError } from '../errors.js';
import { assertLockHeld } from './directory-lock.js';
import { describeFsError, FileProblem } from './file-problem.js';
import { removeQuietly, writeTemporary } from './temporary-file.js';

/**
 * Writes `content` to `path` whole or not at all, and never over an existing file: the text goes
 * to a temporary file first, which is then hard-linked into place (link fails if `path` exists).
 * A full or read-only disk leaves nothing behind but a message.
 */
export function writeNewFile(path: string, content: string): void {
  const directory = dirname(path);
  const temporary = writeTemporary(directory, 'new', content);
  try {
    assertLockHeld(directory);
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CreateMigrationError(`${path} already exists; refusing to overwrite it`);
    }
    if (error instanceof CreateMigrationError) throw error;
    throw new FileProblem(path, `cannot be written: ${describeFsError(error)}`);
  } finally {
    removeQuietly(temporary);
  }
}
