import { existsSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PythonParser } from '../check/python/python-parser.js';
import { HistoryError } from '../errors.js';
import { writeNewFile } from '../fs/write-new-file.js';
import type { SourceFile } from '../history/read-versions.js';
import { editSource } from './edit-source.js';
import type { RenumberPlan } from './plan.js';

export interface FileChange {
  readonly file: string;
  readonly newFile: string;
  readonly content: string;
}

/** The new text of every file the plan touches, including files whose depends_on names a renamed revision. */
export function plannedChanges(plan: RenumberPlan, sources: readonly SourceFile[], parser: PythonParser): FileChange[] {
  const rewrites = new Map(plan.rewrites.map((rewrite) => [rewrite.file, rewrite]));
  const oldIds = [...plan.renamed.keys()];
  const changes: FileChange[] = [];
  for (const { file, text } of sources) {
    const rewrite = rewrites.get(file);
    if (!rewrite && !oldIds.some((id) => text.includes(id))) continue;
    const relinked = rewrite && rewrite.newDownRevisions.length === 1 && rewrite.newDownRevisions.join() !== rewrite.downRevisions.join();
    const content = editSource(text, { renamed: plan.renamed, ...(relinked && { newDownRevision: rewrite.newDownRevisions[0]! }) }, parser);
    if (content !== text || (rewrite && rewrite.newFile !== file)) changes.push({ file, newFile: rewrite?.newFile ?? file, content });
  }
  return changes;
}

/**
 * Writes the changes: renamed files appear under their new name (never over an existing file)
 * before the old name goes; edited files are replaced through a temporary file.
 */
export function writeChanges(directory: string, changes: readonly FileChange[]): void {
  const clash = changes.find((change) => change.newFile !== change.file && existsSync(join(directory, change.newFile)));
  if (clash) throw new HistoryError(`${clash.newFile} already exists; nothing was changed`);
  for (const change of changes.filter((entry) => entry.newFile !== entry.file)) writeNewFile(join(directory, change.newFile), change.content);
  for (const change of changes) {
    if (change.newFile !== change.file) {
      unlinkSync(join(directory, change.file));
    } else {
      const temporary = join(directory, `.${change.file}.${process.pid}.tmp`);
      writeFileSync(temporary, change.content);
      renameSync(temporary, join(directory, change.file));
    }
  }
}
