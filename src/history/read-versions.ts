import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHead } from '../fs/read-head.js';
import { downRevisionList, type HistoryProblem, type RevisionFile } from './graph.js';
import { readModuleAssignments, type ModuleAssignments } from './python-assignments.js';
import { SPEC_MARKER } from '../render/migration-file.js';

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
function isMigrationFileName(name: string): boolean {
  return name.endsWith('.py') && !name.startsWith('__init__') && !name.startsWith('.#') && !name.startsWith('.');
}

/** The names of the migration files of `directory`, sorted. */
export function migrationFileNames(directory: string): string[] {
  return readdirSync(directory).filter(isMigrationFileName).sort();
}

/** Every migration file of `directory`, in name order, with its text. */
export function readMigrationSources(directory: string): SourceFile[] {
  return migrationFileNames(directory).map((file) => ({ file, text: readFileSync(join(directory, file), 'utf8') }));
}

/** Enough of a migration's start to hold its revision identifiers, which Alembic's layout puts near the top. */
const HEAD_BYTES = 4096;
const MARKER_BYTES = Buffer.from(SPEC_MARKER, 'utf8');
const NEWLINE = 10;

/**
 * How many bytes of a file's head to decode: through the spec line of a generated file (which
 * follows its identifiers), else every whole line read; undefined when the spec line does not fit.
 * Cutting after a newline keeps every line whole, so a value is never read half-way; and a
 * newline byte never falls inside a multi-byte UTF-8 character.
 */
function headLength(head: Buffer, complete: boolean): number | undefined {
  const marker = head.indexOf(MARKER_BYTES);
  if (marker === -1) return complete ? head.length : head.lastIndexOf(NEWLINE) + 1;
  const specStart = head.indexOf(NEWLINE, marker) + 1;
  const specEnd = specStart === 0 ? -1 : head.indexOf(NEWLINE, specStart);
  if (specEnd !== -1) return specEnd + 1;
  return complete ? head.length : undefined;
}

/**
 * The module assignments of a file, decoding only its first lines when they hold both (a history
 * of thousands of files is then read in a fraction of the bytes), else all of it.
 */
function readFileAssignments(path: string, buffer: Buffer): { found: ModuleAssignments; text: string } {
  const length = readHead(path, buffer);
  const complete = length < buffer.length;
  const decode = headLength(buffer.subarray(0, length), complete);
  if (decode !== undefined) {
    const text = buffer.toString('utf8', 0, decode);
    const head = readModuleAssignments(text);
    // branch_labels follows down_revision in Alembic's layout: a head without it may cut it off.
    if (head.revision && head.downRevision && head.branchLabels && !head.problem) return { found: head, text };
  }
  const whole = complete ? buffer.toString('utf8', 0, length) : readFileSync(path, 'utf8');
  return { found: readModuleAssignments(whole), text: whole };
}

/** The spec line under the marker a generated file carries, if it carries one (whole). */
function specOf(text: string): { spec?: string } {
  const marker = text.indexOf(SPEC_MARKER);
  if (marker === -1) return {};
  const start = text.indexOf('\n', marker) + 1;
  const end = text.indexOf('\n', start);
  if (start === 0 || end === -1) return {};
  const line = text.slice(start, end);
  return line.startsWith('# {') ? { spec: line.slice(2) } : {};
}

function revisionOf(file: string, { found, text }: { found: ModuleAssignments; text: string }, revisions: RevisionFile[], unreadable: HistoryProblem[]): void {
  if (found.problem) {
    unreadable.push({ file, ...found.problem });
  } else if (!found.revision || typeof found.revision.value !== 'string') {
    unreadable.push({ file, line: 1, message: 'has no module-level revision = "..." assignment, so Alembic cannot load it' });
  } else {
    revisions.push({
      file,
      revision: found.revision.value,
      downRevisions: downRevisionList(found.downRevision?.value),
      ...labelsAndDependencies(found),
      revisionLine: found.revision.line,
      downRevisionLine: found.downRevision?.line ?? found.revision.line,
      ...specOf(text),
    });
  }
}

/** branch_labels and depends_on, when the file sets them to anything but None. */
function labelsAndDependencies(found: ModuleAssignments): Pick<RevisionFile, 'branchLabels' | 'dependsOn'> {
  const labels = downRevisionList(found.branchLabels?.value);
  const dependencies = downRevisionList(found.dependsOn?.value);
  return { ...(labels.length > 0 && { branchLabels: labels }), ...(dependencies.length > 0 && { dependsOn: dependencies }) };
}

/** The revision and down_revision of each file, without running Python. */
export function readRevisions(sources: readonly SourceFile[]): VersionsDirectory {
  const revisions: RevisionFile[] = [];
  const unreadable: HistoryProblem[] = [];
  for (const { file, text } of sources) revisionOf(file, { found: readModuleAssignments(text), text }, revisions, unreadable);
  return { revisions, unreadable };
}

export function readVersionsDirectory(directory: string): VersionsDirectory {
  const revisions: RevisionFile[] = [];
  const unreadable: HistoryProblem[] = [];
  const buffer = Buffer.allocUnsafe(HEAD_BYTES);
  for (const file of migrationFileNames(directory)) revisionOf(file, readFileAssignments(join(directory, file), buffer), revisions, unreadable);
  return { revisions, unreadable };
}
