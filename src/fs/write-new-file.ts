import { randomBytes } from 'node:crypto';
import { linkSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CreateMigrationError } from '../errors.js';

/**
 * Writes `content` to `path` whole or not at all, and never over an existing file: the text goes
 * to a temporary file first, which is then hard-linked into place (link fails if `path` exists).
 */
export function writeNewFile(path: string, content: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(temporary, content, { flag: 'wx' });
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CreateMigrationError(`${path} already exists; refusing to overwrite it`);
    }
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}
