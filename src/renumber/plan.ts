import { HistoryError } from '../errors.js';
import { headGroups } from '../history/branch-labels.js';
import { chainProblems, migrationNumber, type RevisionFile } from '../history/graph.js';
import { formatNumber, MAX_REVISION_LENGTH } from '../history/numbering.js';
import type { VersionsDirectory } from '../history/read-versions.js';
import type { AddedTime } from './added-times.js';
import { forkedBranches, linearChain, withAncestors } from './branches.js';

/** What changes in one file: its name, its revision id, its down_revision. */
export interface FileRewrite {
  readonly file: string;
  readonly newFile: string;
  readonly revision: string;
  readonly newRevision: string;
  readonly downRevisions: readonly string[];
  readonly newDownRevisions: readonly string[];
}

export interface BranchSummary {
  readonly revisions: readonly RevisionFile[];
  /** The earliest time one of its files was added. */
  readonly added: AddedTime;
}

export interface RenumberPlan {
  /** `fork`: branches joined one after another; `numbers`: one chain whose numbers repeat. */
  readonly kind: 'fork' | 'numbers';
  readonly fork?: string | null;
  readonly kept?: BranchSummary;
  readonly moved: readonly BranchSummary[];
  readonly rewrites: readonly FileRewrite[];
  /** Old revision id → new one, for every renamed revision. */
  readonly renamed: ReadonlyMap<string, string>;
}

export interface PlanOptions {
  /** Names the branch to keep in place: a revision id or file name of one of its files. */
  readonly keep?: string;
  /** Revisions some database has applied (recorded in alembic_version, or their ancestors). */
  readonly applied?: ReadonlySet<string>;
  addedTime(file: string): AddedTime;
}

/** `147_add_fields` renumbered to 149: `149_add_fields`, cut at a word boundary to fit 32 characters. */
export function renumberedId(id: string, newNumber: number): string {
  const digits = /^\d+/.exec(id)![0];
  const rest = id.slice(digits.length);
  const prefix = formatNumber(newNumber);
  let result = prefix + rest;
  if (result.length <= MAX_REVISION_LENGTH) return result;
  result = result.slice(0, MAX_REVISION_LENGTH);
  const boundary = result.lastIndexOf('_');
  return boundary > prefix.length ? result.slice(0, boundary) : result;
}

/** The file's new name, in the same subdirectory (of a recursive version location) as before. */
function renamedFile(revision: RevisionFile, newId: string, oldNumber: number): string {
  const slash = revision.file.lastIndexOf('/') + 1;
  const [folder, name] = [revision.file.slice(0, slash), revision.file.slice(slash)];
  const stem = name.replace(/\.py$/, '');
  if (stem === revision.revision) return `${folder}${newId}.py`;
  const digits = /^\d+/.exec(stem)?.[0];
  return digits !== undefined && Number(digits) === oldNumber ? `${folder}${name.replace(/^\d+/, /^\d+/.exec(newId)![0])}` : revision.file;
}

function summary(revisions: readonly RevisionFile[], options: PlanOptions): BranchSummary {
  const times = revisions.map((revision) => options.addedTime(revision.file));
  const added = times.reduce((earliest, time) => (time.time < earliest.time ? time : earliest));
  return { revisions, added };
}

function matchesKeep(revision: RevisionFile, keep: string): boolean {
  return revision.revision === keep || revision.file === keep || revision.file === `${keep}.py`;
}

/**
 * New numbers for `sequence` (in their final chain order): a file keeps its number while it is
 * above every number before it, else takes the next one. `floor` is the highest number among the
 * files that stay where they are.
 */
function renumber(sequence: readonly RevisionFile[], floor: number): Map<string, { id: string; file: string }> {
  const renamed = new Map<string, { id: string; file: string }>();
  let highest = floor;
  for (const revision of sequence) {
    const number = migrationNumber(revision);
    if (number === undefined) continue;
    if (number > highest) {
      highest = number;
      continue;
    }
    highest += 1;
    const id = renumberedId(revision.revision, highest);
    renamed.set(revision.revision, { id, file: renamedFile(revision, id, number) });
  }
  return renamed;
}

/** The ids after renaming must stay unique: a slug cut to fit 32 characters could meet another. */
function refuseClashes(revisions: readonly RevisionFile[], renamed: ReadonlyMap<string, { id: string; file: string }>): void {
  const seen = new Map<string, string>();
  for (const revision of revisions) {
    const id = renamed.get(revision.revision)?.id ?? revision.revision;
    const other = seen.get(id);
    if (other !== undefined) throw new HistoryError(`renumbering would give ${revision.file} and ${other} the same revision id ${id}; rename one of them first`);
    seen.set(id, revision.file);
  }
}

function highestNumber(revisions: readonly RevisionFile[]): number {
  return revisions.reduce((highest, revision) => Math.max(highest, migrationNumber(revision) ?? 0), 0);
}

function rewritesFor(
  revisions: readonly RevisionFile[],
  renamed: ReadonlyMap<string, { id: string; file: string }>,
  relinked: ReadonlyMap<string, string>,
): FileRewrite[] {
  const rewrites: FileRewrite[] = [];
  for (const revision of revisions) {
    const moved = renamed.get(revision.revision);
    const parentChange = relinked.get(revision.revision);
    const downRevisions = parentChange !== undefined ? [parentChange] : revision.downRevisions;
    const newDownRevisions = downRevisions.map((parent) => renamed.get(parent)?.id ?? parent);
    const changed = moved !== undefined || newDownRevisions.join() !== revision.downRevisions.join();
    if (!changed) continue;
    rewrites.push({
      file: revision.file,
      newFile: moved?.file ?? revision.file,
      revision: revision.revision,
      newRevision: moved?.id ?? revision.revision,
      downRevisions: revision.downRevisions,
      newDownRevisions,
    });
  }
  return rewrites;
}

function refuseApplied(rewrites: readonly FileRewrite[], applied: ReadonlySet<string> | undefined): void {
  const touched = rewrites.filter((rewrite) => applied?.has(rewrite.revision));
  if (touched.length === 0) return;
  const names = touched.map((rewrite) => `${rewrite.revision} (${rewrite.file})`).join(', ');
  throw new HistoryError(
    `refusing to move ${names}: the database's alembic_version shows it is already applied there, so renaming or relinking it would leave that database on a revision the files no longer have; keep that branch in place with --keep ${touched[0]!.revision}`,
  );
}

/**
 * The rewrites that renumber `sequence` (in its final order) after every other file and relink
 * the revisions `relinked` names; refused when two ids would clash or an applied revision would change.
 */
function moveAfter(
  revisions: readonly RevisionFile[],
  sequence: readonly RevisionFile[],
  relinked: ReadonlyMap<string, string>,
  applied: ReadonlySet<string> | undefined,
): Pick<RenumberPlan, 'rewrites' | 'renamed'> {
  const moving = new Set(sequence);
  const renamed = renumber(sequence, highestNumber(revisions.filter((revision) => !moving.has(revision))));
  refuseClashes(revisions, renamed);
  const rewrites = rewritesFor(revisions, renamed, relinked);
  refuseApplied(rewrites, applied);
  return { rewrites, renamed: new Map([...renamed].map(([id, to]) => [id, to.id])) };
}

/** The plan that leaves one head and unique, increasing numbers; undefined when there is nothing to do. */
export function planRenumber(history: VersionsDirectory, options: PlanOptions): RenumberPlan | undefined {
  const broken = [...history.unreadable, ...chainProblems(history.revisions)];
  if (broken.length > 0) {
    const list = broken.map((problem) => `  ${problem.file}:${problem.line}: ${problem.message}`).join('\n');
    throw new HistoryError(`the history has problems renumber cannot repair; fix these first:\n${list}`);
  }
  const revisions = history.revisions;
  const groups = headGroups(revisions);
  const forks = groups.filter((group) => group.heads.length > 1);

  if (forks.length === 0) {
    // Heads of different labelled branches are meant to be: there is no fork to join, and each
    // branch's numbers are its own. A single chain may still repeat numbers.
    if (groups.length !== 1) return undefined;
    const chain = linearChain(groups[0]!.heads[0]!, revisions);
    let highest = 0;
    const start = chain.findIndex((revision) => {
      const number = migrationNumber(revision);
      if (number === undefined) return false;
      if (number <= highest) return true;
      highest = number;
      return false;
    });
    if (start < 0) return undefined;
    const sequence = chain.slice(start);
    return { kind: 'numbers', moved: [summary(sequence, options)], ...moveAfter(revisions, sequence, new Map(), options.applied) };
  }

  if (forks.length > 1) {
    const list = forks.map((group) => `${group.labels.length > 0 ? `branch ${group.labels.join(', ')}` : 'unlabelled'}: ${group.heads.map((head) => head.revision).join(', ')}`).join('; ');
    throw new HistoryError(`more than one branch has several heads (${list}); join them one at a time with \`alembic merge\``);
  }
  // Only the forked branch is joined: labelled branches beside it stay as they are.
  const fork = forks[0]!;
  const byId = new Map(revisions.map((revision) => [revision.revision, revision]));
  const inFork = withAncestors(fork.heads.map((head) => head.revision), byId);
  const forked = forkedBranches(revisions.filter((revision) => inFork.has(revision.revision)));
  if ('problem' in forked) throw new HistoryError(forked.problem);
  const branches = forked.branches.map((branch) => summary(branch, options));
  branches.sort((a, b) => a.added.time - b.added.time || a.revisions.at(-1)!.revision.localeCompare(b.revisions.at(-1)!.revision));
  if (options.keep !== undefined) {
    const keep = options.keep;
    const index = branches.findIndex((branch) => branch.revisions.some((revision) => matchesKeep(revision, keep)));
    if (index < 0) {
      const heads = branches.map((branch) => branch.revisions.at(-1)!.revision).join(', ');
      throw new HistoryError(`--keep ${keep} names no revision or file of the branches (heads: ${heads})`);
    }
    branches.unshift(...branches.splice(index, 1));
  }
  const [kept, ...moved] = branches as [BranchSummary, ...BranchSummary[]];
  const relinked = new Map<string, string>();
  let previousHead = kept.revisions.at(-1)!.revision;
  for (const branch of moved) {
    relinked.set(branch.revisions[0]!.revision, previousHead);
    previousHead = branch.revisions.at(-1)!.revision;
  }
  const sequence = moved.flatMap((branch) => branch.revisions);
  return { kind: 'fork', fork: forked.fork, kept, moved, ...moveAfter(revisions, sequence, relinked, options.applied) };
}
