import type { RevisionValue } from './python-assignments.js';

/** One migration file as far as the chain is concerned. */
export interface RevisionFile {
  readonly file: string;
  readonly revision: string;
  readonly downRevisions: readonly string[];
  readonly revisionLine: number;
  readonly downRevisionLine: number;
  /** Alembic's branch_labels: names for the branch this revision starts (or belongs to). */
  readonly branchLabels?: readonly string[];
  /** Alembic's depends_on: revisions (or branch labels) that must be applied first, across branches. */
  readonly dependsOn?: readonly string[];
  /** The JSON of the spec a generated file carries, unparsed. */
  readonly spec?: string;
}

export interface HistoryProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export function downRevisionList(value: RevisionValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/** Revisions no other revision names as its down_revision, in file order. */
export function findHeads(revisions: readonly RevisionFile[]): RevisionFile[] {
  const parents = new Set(revisions.flatMap((revision) => revision.downRevisions));
  return revisions.filter((revision) => !parents.has(revision.revision));
}

/** Files whose revision id an earlier file (in name order) already has. */
export function duplicateRevisions(revisions: readonly RevisionFile[]): HistoryProblem[] {
  const problems: HistoryProblem[] = [];
  const byId = new Map<string, RevisionFile>();
  for (const revision of revisions) {
    const first = byId.get(revision.revision);
    if (first) {
      problems.push({ file: revision.file, line: revision.revisionLine, message: `revision "${revision.revision}" is also the revision of ${first.file}` });
    } else {
      byId.set(revision.revision, revision);
    }
  }
  return problems;
}

/** down_revision entries that name no revision of the directory. */
export function danglingDownRevisions(revisions: readonly RevisionFile[]): HistoryProblem[] {
  const ids = new Set(revisions.map((revision) => revision.revision));
  const problems: HistoryProblem[] = [];
  for (const revision of revisions) {
    for (const parent of revision.downRevisions) {
      if (!ids.has(parent)) {
        problems.push({ file: revision.file, line: revision.downRevisionLine, message: `down_revision "${parent}" names no revision in this directory` });
      }
    }
  }
  return problems;
}

/** Problems that make the chain unusable: duplicate ids and links to revisions that do not exist. */
export function chainProblems(revisions: readonly RevisionFile[]): HistoryProblem[] {
  const problems = [...duplicateRevisions(revisions), ...danglingDownRevisions(revisions)];
  if (revisions.length > 0 && problems.length === 0 && findHeads(revisions).length === 0) {
    problems.push({ file: revisions[0]!.file, line: revisions[0]!.revisionLine, message: 'the down_revision links form a cycle: no revision is a head' });
  }
  return problems;
}

const NUMBERED = /^(\d+)_/;

/**
 * The number of a numbered migration: its file name and its revision id both start with it.
 * Hash-named files (even all-digit hashes) and date-prefixed file templates do not count.
 */
export function migrationNumber(revision: RevisionFile): number | undefined {
  // The file's own name: in a recursive version location `file` starts with its subdirectory.
  const match = NUMBERED.exec(revision.file.slice(revision.file.lastIndexOf('/') + 1));
  if (!match) return undefined;
  const digits = match[1]!;
  return revision.revision.startsWith(`${digits}_`) ? Number(digits) : undefined;
}

/**
 * The number in a file's name: a numbered migration's (see migrationNumber), or the number
 * before a hash revision id (`042_1975ea83b712_add_x.py`, revision `1975ea83b712`), as some
 * long-lived histories name their files. New files continue these numbers, and no two may share one.
 */
export function fileNumber(revision: RevisionFile): number | undefined {
  const ours = migrationNumber(revision);
  if (ours !== undefined) return ours;
  const name = revision.file.slice(revision.file.lastIndexOf('/') + 1);
  const match = NUMBERED.exec(name);
  if (!match) return undefined;
  const after = name.slice(match[0].length);
  return after === `${revision.revision}.py` || after.startsWith(`${revision.revision}_`) ? Number(match[1]) : undefined;
}
