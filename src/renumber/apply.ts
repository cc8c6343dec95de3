import { existsSync, linkSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { PythonParser } from '../check/python/python-parser.js';
import { HistoryError } from '../errors.js';
import type { SourceFile } from '../history/versions-files.js';
import { restamp } from '../render/stamp.js';
import { editSource } from './edit-source.js';
import type { RenumberPlan } from './plan.js';

export interface FileChange {
  readonly file: string;
  readonly newFile: string;
  readonly content: string;
}

/** The new text of every file the plan touches, including files whose depends_on names a renamed revision. */
export function plannedChanges(plan: RenumberPlan, sources: readonly SourceFile[], parser: PythonParser, version: string): FileChange[] {
  const rewrites = new Map(plan.rewrites.map((rewrite) => [rewrite.file, rewrite]));
  const oldIds = [...plan.renamed.keys()];
  const changes: FileChange[] = [];
  for (const { file, text } of sources) {
    const rewrite = rewrites.get(file);
    if (!rewrite && !oldIds.some((id) => text.includes(id))) continue;
    const relinked = rewrite && rewrite.newDownRevisions.length === 1 && rewrite.newDownRevisions.join() !== rewrite.downRevisions.join();
    const edited = editSource(text, { renamed: plan.renamed, ...(relinked && { newDownRevision: rewrite.newDownRevisions[0]! }) }, parser);
    const content = restamp(text, edited, version);
    if (content !== text || (rewrite && rewrite.newFile !== file)) changes.push({ file, newFile: rewrite?.newFile ?? file, content });
  }
  return changes;
}

/**
 * Writes the changes so no file is ever overwritten: renamed files go to temporary names, the
 * old names are removed, then each is linked to its new name (which fails if it exists); edited
 * files are replaced through a temporary file. Names are checked first, so a clash changes nothing.
 */
export function writeChanges(directory: string, changes: readonly FileChange[]): void {
  const renamed = changes.filter((change) => change.newFile !== change.file);
  const vacated = new Set(renamed.map((change) => change.file));
  const clash = renamed.find((change) => !vacated.has(change.newFile) && existsSync(join(directory, change.newFile)));
  if (clash) throw new HistoryError(`${clash.newFile} already exists; nothing was changed`);
  const temporary = (file: string): string => join(directory, dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  for (const change of changes) writeFileSync(temporary(change.newFile), change.content, { flag: 'wx' });
  for (const change of renamed) unlinkSync(join(directory, change.file));
  for (const change of changes) {
    if (change.newFile !== change.file) {
      linkSync(temporary(change.newFile), join(directory, change.newFile));
      unlinkSync(temporary(change.newFile));
    } else {
      renameSync(temporary(change.file), join(directory, change.file));
    }
  }
}
