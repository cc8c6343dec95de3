import type { AddedTime } from './added-times.js';
import type { BranchSummary, FileRewrite, RenumberPlan } from './plan.js';

function when(added: AddedTime): string {
  if (added.source === 'uncommitted') return 'not committed yet';
  const date = new Date(added.time).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return `${added.source === 'git' ? 'committed' : 'modified'} ${date}`;
}

function describeBranch(label: string, branch: BranchSummary): string {
  const files = branch.revisions.map((revision) => revision.file);
  const shown = files.length <= 3 ? files.join(', ') : `${files[0]}, ... ${files.at(-1)} (${files.length} files)`;
  return `  ${label} ${shown}; first file ${when(branch.added)}`;
}

const showDown = (ids: readonly string[]): string => (ids.length === 0 ? 'None' : ids.join(', '));

function describeRewrite(rewrite: FileRewrite): string {
  const lines = [`  ${rewrite.file}${rewrite.newFile !== rewrite.file ? ` -> ${rewrite.newFile}` : ''}`];
  if (rewrite.newRevision !== rewrite.revision) lines.push(`      revision: ${rewrite.revision} -> ${rewrite.newRevision}`);
  if (rewrite.newDownRevisions.join() !== rewrite.downRevisions.join()) {
    lines.push(`      down_revision: ${showDown(rewrite.downRevisions)} -> ${showDown(rewrite.newDownRevisions)}`);
  }
  return lines.join('\n');
}

/** The plan as a person reads it: which branch stays, which moves and why, and every file's change. */
export function formatPlan(plan: RenumberPlan): string {
  const lines: string[] = [];
  if (plan.kind === 'fork') {
    const from = plan.fork === null ? 'the start of the history' : plan.fork;
    lines.push(`${plan.moved.length + 1} branches grow from ${from}; the ones added later move after the one added first:`);
    lines.push(describeBranch('keep:', plan.kept!));
    for (const branch of plan.moved) lines.push(describeBranch('move:', branch));
  } else {
    lines.push('One chain, but numbers repeat or go back; the files from the first repeat on get the next numbers:');
  }
  lines.push('Changes:', ...plan.rewrites.map(describeRewrite));
  return `${lines.join('\n')}\n`;
}
