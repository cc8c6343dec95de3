import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HistoryError, UsageError, type SpecProblem } from '../errors.js';
import { withDirectoryLock } from '../fs/directory-lock.js';
import { writeNewFile } from '../fs/write-new-file.js';
import type { RevisionFile } from '../history/graph.js';
import { directoryOf, historyFiles, readHistory, type History } from '../history/read-history.js';
import type { ProjectSettings } from '../project/settings.js';
import type { VersionLocations } from '../project/versions-directory.js';
import { schemaKnowledge } from '../known-schema/knowledge.js';
import { readSpec, type SchemaKnowledge } from '../spec-file/read-spec.js';
import { holdsSql } from '../operations/raw-scan.js';
import { sqlParserIf, startLoadingSqlParserIf } from '../sql/sql-parser.js';
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
function targetDirectory(history: History, locations: VersionLocations, parent: RevisionFile | undefined): string {
  const { directories, source } = locations;
  if (directories.length === 1) return directories[0]!;
  if (parent === undefined) {
    throw new UsageError(`${source} names ${directories.length} directories and the history has no head to follow, so the new migration's directory is unknown; pass --dir with one of them`);
  }
  return directoryOf(history, parent);
}

/** Runs in one project take turns on its first version location, whichever directory they write to. */
function lockDirectory(locations: VersionLocations): string {
  return locations.directories[0]!;
}

/**
 * The one way a migration is made, whatever gathered the spec (a spec file, one-line command
 * arguments or the wizard's answers): read the history once under the directory's lock (a dry
 * run takes none), check the raw spec against the schema it describes, number it after the
 * head it follows, render it, and write it without ever replacing a file.
 */
export async function writeMigration(raw: unknown, options: WriteOptions): Promise<WrittenMigration> {
  const { versions } = options.settings;
  const run = async () => {
    // The parser's WASM compiles in the background while the history is read.
    startLoadingSqlParserIf(holdsSql(raw));
    const composed = await composeFromHistory(raw, readHistory(versions.directories, versions.recursive), options);
    if (!options.dryRun) writeNewFile(composed.path, composed.content);
    return composed;
  };
  return options.dryRun ? await run() : await withDirectoryLock(lockDirectory(versions), run);
}

/**
 * The migration of `raw` after `history` (read already), composed but not written: checked
 * against the schema the history's specs build, or against `knowledge` when the caller has it.
 */
export async function composeFromHistory(
  raw: unknown,
  history: History,
  options: Omit<WriteOptions, 'dryRun'> & { readonly knowledge?: SchemaKnowledge },
): Promise<WrittenMigration> {
  const { versions, defaults } = options.settings;
  const parent = findParent(history, options.head);
  const directory = targetDirectory(history, versions, parent);
  if (!existsSync(directory)) throw new UsageError(`the versions directory ${directory} does not exist; create it`);
  const checksSql = holdsSql(raw);
  let knowledge = options.knowledge;
  if (knowledge === undefined) {
    const known = await schemaKnowledge(history.revisions, {
      defaults,
      strict: options.schemaChecks !== false,
      rawSpec: raw,
      ...(options.databaseUrl !== undefined && { databaseUrl: options.databaseUrl }),
    });
    options.onWarnings?.(known.warnings);
    knowledge = known.knowledge;
  }
  const { migration, warnings } = readSpec(raw, await sqlParserIf(checksSql, raw), defaults, knowledge);
  options.onWarnings?.(warnings);
  const composed = composeMigration(migration, history, { schema: migration.schema, naming: defaults.naming }, options.date, toolVersion(), parent);
  return { ...composed, path: join(directory, composed.fileName) };
}

/**
 * Writes a migration composed earlier (the wizard's preview) exactly as it was shown, under the
 * project's lock: unless the history's migration files are no longer `files` (the ones it was
 * read from), which would make its number or parent wrong.
 */
export async function writeComposed(locations: VersionLocations, composed: WrittenMigration, files: readonly string[]): Promise<void> {
  await withDirectoryLock(lockDirectory(locations), () => {
    const now = historyFiles(readHistory(locations.directories, locations.recursive));
    const added = now.filter((file) => !files.includes(file));
    const removed = files.filter((file) => !now.includes(file));
    if (added.length > 0 || removed.length > 0) {
      const changes = [...added.map((file) => `${file} added`), ...removed.map((file) => `${file} removed`)].join(', ');
      throw new HistoryError(`the versions directory changed since the preview (${changes}); nothing was written: run create-migration again`);
    }
    writeNewFile(composed.path, composed.content);
  });
}
