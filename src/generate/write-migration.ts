import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, type SpecProblem } from '../errors.js';
import { withDirectoryLock } from '../fs/directory-lock.js';
import { writeNewFile } from '../fs/write-new-file.js';
import type { RevisionFile } from '../history/graph.js';
import { directoryOf, readHistory, type History } from '../history/read-history.js';
import type { ProjectSettings } from '../project/settings.js';
import { schemaKnowledge } from '../schema/knowledge.js';
import { readSpec } from '../spec/read-spec.js';
import { sqlParserFor, startLoadingSqlParserFor } from '../sql/sql-parser.js';
import { toolVersion } from '../tool-version.js';
import { composeMigration, findParent, type ComposedMigration } from './compose.js';

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
  /** The head to add to (`--head LABEL@head`, a label, or a head's revision id); default: the single head. */
  readonly head?: string;
}

export interface WrittenMigration extends ComposedMigration {
  /** The absolute path of the file (to be) written. */
  readonly path: string;
}

/**
 * Where a new migration goes, as `alembic revision` decides: the one version location; with
 * several, the directory of the head it follows (a first migration must be told which).
 */
function targetDirectory(history: History, locations: readonly string[], source: string, parent: RevisionFile | undefined): string {
  if (locations.length === 1) return locations[0]!;
  if (parent === undefined) {
    throw new UsageError(`${source} names ${locations.length} directories and the history has no head to follow, so the new migration's directory is unknown; pass --dir with one of them`);
  }
  return directoryOf(history, parent);
}

/**
 * The one way a migration is made, whatever gathered the spec (a spec file, one-line command
 * arguments or the wizard's answers): read the history once under the directory's lock (a dry
 * run takes none), check the raw spec against the schema it describes, number it after the
 * head it follows, render it, and write it without ever replacing a file.
 */
export async function writeMigration(raw: unknown, options: WriteOptions): Promise<WrittenMigration> {
  const { versions, defaults } = options.settings;
  let directory = versions.directories[0]!;
  const run = async () => {
    // The parser's WASM compiles in the background while the history is read.
    startLoadingSqlParserFor(raw);
    const history = readHistory(versions.directories, versions.recursive);
    const parent = findParent(history, options.head);
    directory = targetDirectory(history, versions.directories, versions.source, parent);
    if (!existsSync(directory)) throw new UsageError(`the versions directory ${directory} does not exist; create it`);
    const known = await schemaKnowledge(history.revisions, {
      defaults,
      strict: options.schemaChecks !== false,
      rawSpec: raw,
      ...(options.databaseUrl !== undefined && { databaseUrl: options.databaseUrl }),
    });
    options.onWarnings?.(known.warnings);
    const { migration, warnings } = readSpec(raw, await sqlParserFor(raw), defaults, known.knowledge);
    options.onWarnings?.(warnings);
    const composed = composeMigration(migration, history, { schema: migration.schema, naming: defaults.naming }, options.date, toolVersion(), parent);
    if (!options.dryRun) writeNewFile(join(directory, composed.fileName), composed.content);
    return composed;
  };
  // Runs in one project take turns on its first version location, whichever directory they write to.
  const composed = options.dryRun ? await run() : await withDirectoryLock(versions.directories[0]!, run);
  return { ...composed, path: join(directory, composed.fileName) };
}
