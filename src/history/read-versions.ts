import { SPEC_MARKER } from '../render/spec-marker.js';
import { UNSAFE_CHARACTER } from '../text/unsafe-characters.js';
import { downRevisionList, type HistoryProblem, type RevisionFile } from './graph.js';
import { readModuleAssignments, type ModuleAssignments } from './python-assignments.js';
import { normalizeNewlines } from './python-source-text.js';
import { listMigrationFiles, readMigrationFile, type SourceFile, type VersionLocations } from './versions-files.js';

export interface VersionsDirectory {
  readonly revisions: readonly RevisionFile[];
  /** Files Alembic would load but whose revision cannot be read. */
  readonly unreadable: readonly HistoryProblem[];
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

/**
 * Why a revision id read from a file must not be copied into another file's header and
 * identifiers (a quote, backslash, control or invisible character), if it must not. Alembic's
 * own ids are hex digits or words; anything else is almost certainly an accident or an attack.
 */
function unsafeRevisionId(id: string): string | undefined {
  if (id === '') return 'is empty';
  if (/["'\\]/.test(id)) return 'holds a quote or a backslash';
  if (UNSAFE_CHARACTER.test(id)) return 'holds a control or invisible character';
  if (id.trim() !== id) return 'starts or ends with white space';
  return undefined;
}

function revisionOf(source: SourceFile): RevisionFile | HistoryProblem {
  const { file, text } = source;
  if (source.problem) return { file, ...source.problem };
  const found = readModuleAssignments(normalizeNewlines(text));
  if (found.problem) return { file, ...found.problem };
  if (!found.revision || typeof found.revision.value !== 'string') {
    return { file, line: 1, message: 'has no module-level revision = "..." assignment, so Alembic cannot load it' };
  }
  const downRevisions = downRevisionList(found.downRevision?.value);
  const dependsOn = downRevisionList(found.dependsOn?.value);
  const ids = [
    [found.revision.value, found.revision.line] as const,
    ...downRevisions.map((down) => [down, found.downRevision!.line] as const),
    ...dependsOn.map((dependency) => [dependency, found.dependsOn!.line] as const),
  ];
  for (const [id, line] of ids) {
    const unsafe = unsafeRevisionId(id);
    if (unsafe !== undefined) {
      return { file, line, message: `the revision id ${JSON.stringify(id)} ${unsafe}; create-migration does not copy such an id into another file` };
    }
  }
  return {
    file,
    revision: found.revision.value,
    downRevisions,
    ...labelsAndDependencies(found),
    revisionLine: found.revision.line,
    downRevisionLine: found.downRevision?.line ?? found.revision.line,
    ...specOf(text),
  };
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
  for (const source of sources) {
    const read = revisionOf(source);
    if ('revision' in read) revisions.push(read);
    else unreadable.push(read);
  }
  return { revisions, unreadable };
}

/** The migrations of `locations` as readRevisions reads them, one file at a time: no file's text is kept. */
export function readVersions(locations: VersionLocations): VersionsDirectory & { readonly root: string } {
  const { root, files } = listMigrationFiles(locations);
  const revisions: RevisionFile[] = [];
  const unreadable: HistoryProblem[] = [];
  for (const { file, path } of files) {
    const read = readMigrationFile(path);
    const source: SourceFile = 'text' in read ? { file, text: read.text } : { file, text: '', problem: { line: read.line, message: `${read.problem}, so Alembic cannot load it` } };
    const revision = revisionOf(source);
    if ('revision' in revision) revisions.push(revision);
    else unreadable.push(revision);
  }
  return { root, revisions, unreadable };
}

/** The migrations of one versions directory (see readVersions). */
export function readVersionsDirectory(directory: string): VersionsDirectory {
  const { revisions, unreadable } = readVersions({ directories: [directory] });
  return { revisions, unreadable };
}
