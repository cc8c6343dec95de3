import { loadPythonParser } from '../check/python/python-parser.js';
import { HistoryError } from '../errors.js';
import { withDirectoryLock } from '../fs/directory-lock.js';
import { readRevisions } from '../history/read-versions.js';
import { readMigrationSourcesFrom, type VersionLocations } from '../history/versions-files.js';
import { toolVersion } from '../tool-version.js';
import { addedTimes, type AddedTime } from './added-times.js';
import { appliedRevisions } from './applied-revisions.js';
import { plannedChanges, writeChanges, type FileChange } from './apply.js';
import { planRenumber, type RenumberPlan } from './plan.js';

export interface RenumberOptions {
  /** Apply the plan (under the directory lock); without it nothing is changed. */
  readonly write: boolean;
  readonly keep?: string;
  /** Revision ids a database's alembic_version records. */
  readonly recorded: readonly string[];
}

export interface RenumberResult {
  readonly plan: RenumberPlan;
  readonly changes: readonly FileChange[];
  /** Subdirectories holding .py files that were not read (recursion off), to mention. */
  readonly skippedDirectories: readonly string[];
}

/**
 * The renumbering plan for the version locations (read recursively when they say so), and the
 * changes it makes, written when asked; undefined when there is nothing to renumber.
 */
export async function renumberLocations(locations: VersionLocations, { write, keep, recorded }: RenumberOptions): Promise<RenumberResult | { nothing: true; skippedDirectories: readonly string[] }> {
  const plan = async () => {
    const read = readMigrationSourcesFrom(locations);
    const skippedDirectories = read.skippedDirectories.map((skipped) => skipped.directory);
    if (read.unreadable.length > 0) {
      const list = read.unreadable.map((problem) => `  ${problem.message}`).join('\n');
      throw new HistoryError(`some files of the history cannot be read, so renumber cannot know the history; fix these first:\n${list}`);
    }
    const history = readRevisions(read.sources);
    // git is asked (one log of the whole directory) only once the plan needs a file's time.
    let times: Map<string, AddedTime> | undefined;
    const found = planRenumber(history, {
      ...(keep !== undefined && { keep }),
      applied: appliedRevisions(recorded, history.revisions),
      addedTime: (file) => (times ??= addedTimes(read.root, history.revisions.map((revision) => revision.file))).get(file)!,
    });
    if (!found) return { nothing: true as const, skippedDirectories };
    // The Python grammar loads only now: a history with nothing to renumber, or one refused, never needs it.
    const changes = plannedChanges(found, read.sources, await loadPythonParser(), toolVersion());
    if (write) writeChanges(read.root, changes);
    return { plan: found, changes, skippedDirectories };
  };
  const root = readMigrationSourcesFrom({ directories: locations.directories.slice(0, 1) }).root;
  return write ? withDirectoryLock(root, plan) : plan();
}
