import { withDirectoryLock } from '../../fs/directory-lock.js';
import { loadPythonParser } from '../../check/python/python-parser.js';
import { readMigrationSources, readRevisions } from '../../history/read-versions.js';
import { addedTimes, type AddedTime } from '../../renumber/added-times.js';
import { appliedRevisions, recordedRevisions } from '../../renumber/applied-revisions.js';
import { plannedChanges, writeChanges } from '../../renumber/apply.js';
import { formatPlan } from '../../renumber/format-plan.js';
import { planRenumber } from '../../renumber/plan.js';
import { toolVersion } from '../../tool-version.js';
import type { CliIo } from '../io.js';
import { parseOptions } from '../parse-options.js';
import { versionsDirectory } from '../../project/versions-directory.js';

export const RENUMBER_HELP = `Usage: create-migration renumber [--dir VERSIONS_DIR] [--write] [--keep REVISION] [--database-url URL]

After a merge leaves two heads (two branches that each added migrations after one fork point),
moves the branch whose files were added later after the other one: renumbers each moved file
(its name, revision, the docstring's Revision ID / Revises lines) and rewrites every
down_revision (and depends_on) that points at a moved revision. A single chain whose numbers
repeat gets the same treatment from the first repeat on. Without --write it only prints the plan.

"Added later" is decided by git (the commit that added each file; files not committed yet count
as newest) when the directory is in a git work tree, else by file modification time.

Options:
  -d, --dir DIR          the versions directory; default: versions_dir from the configuration
                         (pyproject.toml, create-migration.config.json), else from ./alembic.ini
  -w, --write            apply the plan (without it nothing is changed)
  -k, --keep REVISION    keep the branch holding this revision id (or file name) in place
      --database-url URL refuse to move any revision that database has applied (read from its
                         alembic_version), so a deployed branch is never renamed
  -h, --help             show this help

Exit codes: 0 planned, applied, or nothing to do; 1 refused (broken history, branches that do
not descend linearly from one fork point, a revision the database has applied; nothing
changed); 2 usage error.
`;

export async function renumberCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('renumber', args, {
    dir: { type: 'string', short: 'd' },
    write: { type: 'boolean', short: 'w' },
    keep: { type: 'string', short: 'k' },
    'database-url': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(RENUMBER_HELP);
    return 0;
  }
  const directory = versionsDirectory(io.cwd, values.dir, io.env);
  const databaseUrl = values['database-url'];
  const recorded = databaseUrl !== undefined ? await recordedRevisions(databaseUrl) : [];

  const run = async () => {
    const sources = readMigrationSources(directory);
    const history = readRevisions(sources);
    // git is asked (one log of the whole directory) only once the plan needs a file's time.
    let times: Map<string, AddedTime> | undefined;
    const plan = planRenumber(history, {
      ...(values.keep !== undefined && { keep: values.keep }),
      applied: appliedRevisions(recorded, history.revisions),
      addedTime: (file) => (times ??= addedTimes(directory, history.revisions.map((revision) => revision.file))).get(file)!,
    });
    if (!plan) return undefined;
    // The Python grammar loads only now: a history with nothing to renumber, or one refused, never needs it.
    const changes = plannedChanges(plan, sources, await loadPythonParser(), toolVersion());
    if (values.write) writeChanges(directory, changes);
    return { plan, changes };
  };
  const result = values.write ? await withDirectoryLock(directory, run) : await run();
  if (!result) {
    io.stdout('Nothing to renumber: the history has one head and its numbers do not repeat.\n');
    return 0;
  }
  const rewritten = new Set(result.plan.rewrites.map((rewrite) => rewrite.file));
  const extra = result.changes.filter((change) => !rewritten.has(change.file)).map((change) => `  ${change.file}\n      depends_on: names a renamed revision\n`);
  io.stdout(formatPlan(result.plan) + extra.join(''));
  io.stdout(values.write ? `Changed ${result.changes.length} file(s).\n` : 'Nothing was changed: run again with --write to apply this plan.\n');
  return 0;
}
