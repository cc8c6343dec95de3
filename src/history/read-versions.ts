import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { downRevisionList, type HistoryProblem, type RevisionFile } from './graph.js';
import { readModuleAssignments } from './python-assignments.js';

export interface VersionsDirectory {
  readonly revisions: readonly RevisionFile[];
  /** Files Alembic would load but whose revision cannot be read. */
  readonly unreadable: readonly HistoryProblem[];
}

/** A migration file's name (relative to the versions directory) and its text. */
export interface SourceFile {
  readonly file: string;
  readonly text: string;
}

/** The files Alembic loads as migrations: *.py, but not __init__.py or editor lock files. */
export function isMigrationFileName(name: string): boolean {
  return name.endsWith('.py') && !name.startsWith('__init__') && !name.startsWith('.#') && !name.startsWith('.');
}

/** Every migration file of `directory`, in name order, with its text. */
export function readMigrationSources(directory: string): SourceFile[] {
  const names = readdirSync(directory).filter(isMigrationFileName).sort();
  return names.map((file) => ({ file, text: readFileSync(join(directory, file), 'utf8') }));
}

/** The revision and down_revision of each file, without running Python. */
export function readRevisions(sources: readonly SourceFile[]): VersionsDirectory {
  const revisions: RevisionFile[] = [];
  const unreadable: HistoryProblem[] = [];
  for (const { file, text } of sources) {
    const found = readModuleAssignments(text);
    if (found.problem) {
      unreadable.push({ file, ...found.problem });
    } else if (!found.revision || typeof found.revision.value !== 'string') {
      unreadable.push({ file, line: 1, message: 'has no module-level revision = "..." assignment, so Alembic cannot load it' });
    } else {
      revisions.push({
        file,
        revision: found.revision.value,
        downRevisions: downRevisionList(found.downRevision?.value),
        revisionLine: found.revision.line,
        downRevisionLine: found.downRevision?.line ?? found.revision.line,
      });
    }
  }
  return { revisions, unreadable };
}

export function readVersionsDirectory(directory: string): VersionsDirectory {
  return readRevisions(readMigrationSources(directory));
}
