import { join } from 'node:path';
import type { SpecProblem } from '../errors.js';
import { withDirectoryLock } from '../fs/directory-lock.js';
import { writeNewFile } from '../fs/write-new-file.js';
import { readVersionsDirectory } from '../history/read-versions.js';
import type { ProjectSettings } from '../project/settings.js';
import { schemaKnowledge } from '../schema/knowledge.js';
import { readSpec } from '../spec/read-spec.js';
import { sqlParserFor, startLoadingSqlParserFor } from '../sql/sql-parser.js';
import { toolVersion } from '../tool-version.js';
import { composeMigration, type ComposedMigration } from './compose.js';

export interface WriteOptions {
  readonly settings: ProjectSettings;
  /** Compose the file but write nothing (`--dry-run`, and the wizard's preview). */
  readonly dryRun: boolean;
  /** Alembic's `Create Date` line (see createDate). */
  readonly date: string;
  /** Called with the schema's warnings, then the spec's: shown even if what follows fails. */
  readonly onWarnings?: (warnings: readonly SpecProblem[]) => void;
  /** Check the spec against this database's schema (read only) instead of the one the history's specs build. */
  readonly databaseUrl?: string;
  /** Refuse what the known schema contradicts (a column that exists already); default true. */
  readonly schemaChecks?: boolean;
}

export interface WrittenMigration extends ComposedMigration {
  /** The absolute path of the file (to be) written. */
  readonly path: string;
}

/**
 * The one way a migration is made, whatever gathered the spec (a spec file, one-line command
 * arguments or the wizard's answers): read the history once under the directory's lock (a dry
 * run takes none), check the raw spec against the schema it describes, number it after the
 * single head, render it, and write it without ever replacing a file.
 */
export async function writeMigration(raw: unknown, options: WriteOptions): Promise<WrittenMigration> {
  const { directory, defaults } = options.settings;
  const run = async () => {
    // The parser's WASM compiles in the background while the history is read.
    startLoadingSqlParserFor(raw);
    const history = readVersionsDirectory(directory);
    const known = await schemaKnowledge(history.revisions, {
      defaults,
      strict: options.schemaChecks !== false,
      rawSpec: raw,
      ...(options.databaseUrl !== undefined && { databaseUrl: options.databaseUrl }),
    });
    options.onWarnings?.(known.warnings);
    const { migration, warnings } = readSpec(raw, await sqlParserFor(raw), defaults, known.knowledge);
    options.onWarnings?.(warnings);
    const composed = composeMigration(migration, history, { schema: migration.schema, naming: defaults.naming }, options.date, toolVersion());
    if (!options.dryRun) writeNewFile(join(directory, composed.fileName), composed.content);
    return composed;
  };
  const composed = options.dryRun ? await run() : await withDirectoryLock(directory, run);
  return { ...composed, path: join(directory, composed.fileName) };
}
