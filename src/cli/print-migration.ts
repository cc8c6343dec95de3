import type { SpecProblem } from '../errors.js';
import type { WrittenMigration } from '../generate/write-migration.js';
import { displayPath } from '../fs/display-path.js';
import { formatLockSummary } from '../migration/lock-summary.js';
import type { CliIo } from './io.js';

/** The JSON object --json prints for a migration: `{path, revision, down_revision, number, locks}`, with `content` on a dry run. */
export function migrationReport(cwd: string, migration: WrittenMigration, dryRun: boolean): Record<string, unknown> {
  return {
    path: displayPath(cwd, migration.path),
    revision: migration.revision,
    down_revision: migration.downRevision,
    number: migration.number,
    ...(dryRun && { content: migration.content }),
    locks: migration.locks,
  };
}

/**
 * The stable output of every command that writes a migration: the path, the file, or one JSON
 * object (with the warnings). A dry run also says on standard error what each operation locks.
 */
export function printMigration(io: CliIo, migration: WrittenMigration, options: { json: boolean; dryRun: boolean; warnings?: readonly SpecProblem[] }): void {
  if (options.json) {
    io.stdout(`${JSON.stringify({ ...migrationReport(io.cwd, migration, options.dryRun), warnings: options.warnings ?? [] })}\n`);
    return;
  }
  if (options.dryRun) io.stderr(formatLockSummary(migration.locks));
  io.stdout(options.dryRun ? migration.content : `${displayPath(io.cwd, migration.path)}\n`);
}
