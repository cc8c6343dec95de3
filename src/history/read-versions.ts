import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { downRevisionList, type HistoryProblem, type RevisionFile } from './graph.js';
import { readModuleAssignments } from './python-assignments.js';

export interface VersionsDirectory {
  readonly revisions: readonly RevisionFile[];
  /** Files Alembic would load but whose revision cannot be read. */
  readonly unreadable: readonly HistoryProblem[];
}

/** The files Alembic loads as migrations: *.py, but not __init__.py or editor lock files. */
export function isMigrationFileName(name: string): boolean {
  return name.endsWith('.py') && !name.startsWith('__init__') && !name.startsWith('.#') && !name.startsWith('.');
}

export function readVersionsDirectory(directory: string): VersionsDirectory {
  const names = readdirSync(directory).filter(isMigrationFileName).sort();
  const revisions: RevisionFile[] = [];
  const unreadable: HistoryProblem[] = [];
  for (const file of names) {
    const found = readModuleAssignments(readFileSync(join(directory, file), 'utf8'));
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
