import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { downRevisionList, type HistoryProblem, type RevisionFile } from './graph.js';
import { readModuleAssignments } from './python-assignments.js';
import { SPEC_MARKER } from '../render/migration-file.js';

export interface VersionsDirectory {
  readonly revisions: readonly RevisionFile[];
  /** Files Alembic would load but whose revision cannot be read. */
  readonly unreadable: readonly HistoryProblem[];
}

/** The files Alembic loads as migrations: *.py, but not __init__.py or editor lock files. */
export function isMigrationFileName(name: string): boolean {
  return name.endsWith('.py') && !name.startsWith('__init__') && !name.startsWith('.#') && !name.startsWith('.');
}

/** The spec line under the marker a generated file carries, if it carries one. */
function specOf(text: string): { spec?: string } {
  const marker = text.indexOf(SPEC_MARKER);
  if (marker === -1) return {};
  const start = text.indexOf('\n', marker) + 1;
  const end = text.indexOf('\n', start);
  const line = text.slice(start, end === -1 ? undefined : end);
  return line.startsWith('# {') ? { spec: line.slice(2) } : {};
}

export function readVersionsDirectory(directory: string): VersionsDirectory {
  const names = readdirSync(directory).filter(isMigrationFileName).sort();
  const revisions: RevisionFile[] = [];
  const unreadable: HistoryProblem[] = [];
  for (const file of names) {
    const text = readFileSync(join(directory, file), 'utf8');
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
        ...specOf(text),
      });
    }
  }
  return { revisions, unreadable };
}
