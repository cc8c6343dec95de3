import { isAbsolute, relative } from 'node:path';
import type { WrittenMigration } from '../generate/write-migration.js';
import type { CliIo } from './io.js';

/** A path as the user would type it: relative to where they are, unless it lies elsewhere. */
export function displayPath(cwd: string, path: string): string {
  const shown = relative(cwd, path);
  return shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}

/** The stable output of every command that writes a migration: the path, the file, or one JSON object. */
export function printMigration(io: CliIo, migration: WrittenMigration, options: { json: boolean; dryRun: boolean }): void {
  const path = displayPath(io.cwd, migration.path);
  if (options.json) {
    const report = {
      path,
      revision: migration.revision,
      down_revision: migration.downRevision,
      number: migration.number,
      ...(options.dryRun && { content: migration.content }),
    };
    io.stdout(`${JSON.stringify(report)}\n`);
  } else {
    io.stdout(options.dryRun ? migration.content : `${path}\n`);
  }
}
