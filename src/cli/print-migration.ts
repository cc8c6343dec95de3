import type { WrittenMigration } from '../generate/write-migration.js';
import { displayPath } from '../fs/display-path.js';
import type { CliIo } from './io.js';

/** The JSON object --json prints for a migration: `{path, revision, down_revision, number}`, with `content` on a dry run. */
export function migrationReport(cwd: string, migration: WrittenMigration, dryRun: boolean): Record<string, unknown> {
  return {
    path: displayPath(cwd, migration.path),
    revision: migration.revision,
    down_revision: migration.downRevision,
    number: migration.number,
    ...(dryRun && { content: migration.content }),
  };
}

/** The stable output of every command that writes a migration: the path, the file, or one JSON object. */
export function printMigration(io: CliIo, migration: WrittenMigration, options: { json: boolean; dryRun: boolean }): void {
  if (options.json) io.stdout(`${JSON.stringify(migrationReport(io.cwd, migration, options.dryRun))}\n`);
  else io.stdout(options.dryRun ? migration.content : `${displayPath(io.cwd, migration.path)}\n`);
}
