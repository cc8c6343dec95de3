import { findHeads, type RevisionFile } from './graph.js';

/**
 * The branch labels each revision carries, as Alembic's revision map gives them: a revision's own
 * branch_labels, and those of every ancestor that has some (a label names the branch from the
 * labelled revision on, so every later revision of it carries the label too).
 */
export function branchLabelsOf(revisions: readonly RevisionFile[]): Map<string, ReadonlySet<string>> {
  const byId = new Map(revisions.map((revision) => [revision.revision, revision]));
  const labels = new Map<string, ReadonlySet<string>>();
  const visit = (revision: RevisionFile, path: Set<string>): ReadonlySet<string> => {
    const known = labels.get(revision.revision);
    if (known) return known;
    // A cycle (reported elsewhere) must not recurse forever.
    if (path.has(revision.revision)) return new Set();
    path.add(revision.revision);
    const own = new Set(revision.branchLabels ?? []);
    for (const parent of revision.downRevisions) {
      const found = byId.get(parent);
      if (found) for (const label of visit(found, path)) own.add(label);
    }
    labels.set(revision.revision, own);
    return own;
  };
  for (const revision of revisions) visit(revision, new Set());
  return labels;
}

/** A head and the labels that name its branch. */
export interface LabelledHead {
  readonly head: RevisionFile;
  readonly labels: readonly string[];
}

export function labelledHeads(revisions: readonly RevisionFile[]): LabelledHead[] {
  const labels = branchLabelsOf(revisions);
  return findHeads(revisions).map((head) => ({ head, labels: [...(labels.get(head.revision) ?? [])].sort() }));
}

/** How a head is shown in a message: `expand@head (003_add_x.py)` or `003_add_x (003_add_x.py)`. */
export function describeHead({ head, labels }: LabelledHead): string {
  return `${labels.length > 0 ? labels.map((label) => `${label}@head`).join(' / ') : head.revision} (${head.file})`;
}

export type HeadChoice = { readonly head: RevisionFile } | { readonly problem: string };

/**
 * The head `wanted` names, as `alembic revision --head` reads it: `LABEL@head` (or just the
 * label) for the head of a labelled branch, or a head's revision id (a unique prefix is enough).
 */
export function chooseHead(revisions: readonly RevisionFile[], wanted: string): HeadChoice {
  const heads = labelledHeads(revisions);
  const listed = `the heads are:\n${heads.map((head) => `  ${describeHead(head)}`).join('\n')}`;
  const label = wanted.endsWith('@head') ? wanted.slice(0, -'@head'.length) : wanted;
  const onBranch = heads.filter((head) => head.labels.includes(label));
  if (onBranch.length === 1) return { head: onBranch[0]!.head };
  if (onBranch.length > 1) return { problem: `the branch "${label}" has ${onBranch.length} heads (${onBranch.map(describeHead).join(', ')}); merge them first, or pass one head's revision id` };
  if (wanted.endsWith('@head')) return { problem: `--head ${wanted}: no branch is labelled "${label}"; ${listed}` };
  const byId = revisions.filter((revision) => revision.revision === wanted);
  const matching = byId.length > 0 ? byId : revisions.filter((revision) => revision.revision.startsWith(wanted));
  if (matching.length > 1) return { problem: `--head ${wanted} is ambiguous: ${matching.map((revision) => revision.revision).join(', ')}` };
  const revision = matching[0];
  if (revision === undefined) return { problem: `--head ${wanted} names no branch label and no revision; ${listed}` };
  if (!heads.some((head) => head.head === revision)) return { problem: `--head ${wanted}: revision ${revision.revision} (${revision.file}) is not a head, so a new migration after it would fork the history; ${listed}` };
  return { head: revision };
}
