import type { SpecProblem } from '../errors.js';
import type { WrittenMigration } from '../generate/write-migration.js';
import { displayPath } from '../fs/display-path.js';
import type { CliIo } from './io.js';

/** The stable output of every command that writes a migration: the path, the file, or one JSON object. */
export function printMigration(io: CliIo, migration: WrittenMigration, options: { json: boolean; dryRun: boolean; warnings?: readonly SpecProblem[] }): void {
  const path = displayPath(io.cwd, migration.path);
  if (options.json) {
    const report = {
      path,
      revision: migration.revision,
      down_revision: migration.downRevision,
      number: migration.number,
      ...(options.dryRun && { content: migration.content }),
      warnings: options.warnings ?? [],
      locks: migration.locks,
    };
    io.stdout(`${JSON.stringify(report)}\n`);
  } else {
    io.stdout(options.dryRun ? migration.content : `${path}\n`);
  }
}
