import { HistoryError, UsageError } from '../errors.js';
import { chooseHead, describeHead, labelledHeads } from '../history/branch-labels.js';
import { chainProblems, type HistoryProblem, type RevisionFile } from '../history/graph.js';
import { nextNumber, revisionId } from '../history/numbering.js';
import type { VersionsDirectory } from '../history/read-versions.js';
import { planMigration } from '../migration/plan.js';
import type { Migration, RenderContext } from '../operations/model.js';
import { renderMigrationFile } from '../render/migration-file.js';

export interface ComposedMigration {
  readonly fileName: string;
  readonly revision: string;
  readonly downRevision: string | null;
  readonly number: number;
  readonly content: string;
}

function listProblems(problems: readonly HistoryProblem[]): string {
  return problems.map((problem) => `  ${problem.file}:${problem.line}: ${problem.message}`).join('\n');
}

/**
 * The head a new migration follows: the one `head` names (`--head LABEL@head`, a label, or a
 * head's revision id), else the single head of the history; undefined for the first migration.
 */
export function findParent(history: VersionsDirectory, head?: string): RevisionFile | undefined {
  const broken = [...history.unreadable, ...chainProblems(history.revisions)];
  if (broken.length > 0) {
    throw new HistoryError(`the migration history cannot be read safely; fix these first:\n${listProblems(broken)}`);
  }
  if (head !== undefined) {
    const choice = chooseHead(history.revisions, head);
    if ('problem' in choice) throw new UsageError(choice.problem);
    return choice.head;
  }
  const heads = labelledHeads(history.revisions);
  if (heads.length > 1) {
    const names = heads.map((found) => `  ${describeHead(found)}`).join('\n');
    const labelled = heads.every((found) => found.labels.length > 0);
    throw new HistoryError(
      labelled
        ? `the history has ${heads.length} labelled branches, so a new migration needs to know which one it extends:\n${names}\npass --head LABEL@head (as alembic revision --head does)`
        : `the history has ${heads.length} heads, so a new migration would have no single parent:\n${names}\n` +
            'join them first: `create-migration renumber` moves one branch after the other, or `alembic merge heads` merges them',
    );
  }
  return heads[0]?.head;
}

/** The next file of the history: its number, name, parent and full text. */
export function composeMigration(
  migration: Migration,
  history: VersionsDirectory,
  context: RenderContext,
  date: string,
  version: string,
  parent: RevisionFile | undefined,
): ComposedMigration {
  const downRevision = parent?.revision ?? null;
  const number = nextNumber(history.revisions);
  const revision = revisionId(number, migration.message);
  const clash = history.revisions.find((existing) => existing.revision === revision);
  if (clash) throw new HistoryError(`revision id ${revision} is already used by ${clash.file}`);
  const header = { message: migration.message, revision, downRevision, createDate: date, spec: migration.source, version };
  const content = renderMigrationFile(header, planMigration(migration, context));
  return { fileName: `${revision}.py`, revision, downRevision, number, content };
}
