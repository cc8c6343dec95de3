import { recordedRevisions } from '../../renumber/applied-revisions.js';
import { formatPlan } from '../../renumber/format-plan.js';
import { renumberLocations } from '../../renumber/run-renumber.js';
import type { CliIo } from '../io.js';
import { parseOptions } from '../parse-options.js';
import { commandLocations } from '../../project/versions-directory.js';
import { INI_SECTION_OPTION, iniSection, NAME_OPTION } from '../config-section.js';

export const RENUMBER_HELP = `Usage: create-migration renumber [--dir VERSIONS_DIR]... [--name SECTION] [--recursive] [--write]
                                [--keep REVISION] [--database-url URL]

After a merge leaves two heads on one branch (two branches that each added migrations after one
fork point), moves the branch whose files were added later after the other one: renumbers each
moved file (its name, revision, the docstring's Revision ID / Revises lines) and rewrites every
down_revision (and depends_on) that points at a moved revision. A single chain whose numbers
repeat gets the same treatment from the first repeat on. Without --write it only prints the plan.

"Added later" is decided by git (the commit that added each file; files not committed yet count
as newest) when the directory is in a git work tree, else by file modification time.

Heads of different labelled branches (Alembic's branch_labels, such as expand and contract) are
meant to be and never joined; only a branch with two heads is.

Options:
  -d, --dir DIR          the versions directory; default: versions_dir from the configuration
                         (pyproject.toml, create-migration.config.json), else from ./alembic.ini
                         (or pyproject.toml [tool.alembic]): every location Alembic reads; once
                         per location for several
  -n, --name SECTION     the section of alembic.ini to read instead of [alembic], as alembic -n
                         SECTION; also --ini-section SECTION
  -r, --recursive        also read the subdirectories' .py files (recursive_version_locations,
                         which turns it on too)
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
    dir: { type: 'string', short: 'd', multiple: true },
    recursive: { type: 'boolean', short: 'r' },
    write: { type: 'boolean', short: 'w' },
    keep: { type: 'string', short: 'k' },
    'database-url': { type: 'string' },
    ...NAME_OPTION,
    ...INI_SECTION_OPTION,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(RENUMBER_HELP);
    return 0;
  }
  const { directories, recursive } = commandLocations(io.cwd, values.dir, values.recursive === true, { env: io.env, section: iniSection(values) });
  const databaseUrl = values['database-url'];
  const recorded = databaseUrl !== undefined ? await recordedRevisions(databaseUrl) : [];
  const result = await renumberLocations(
    { directories, recursive },
    { write: values.write === true, ...(values.keep !== undefined && { keep: values.keep }), recorded },
  );
  for (const directory of result.skippedDirectories) io.stderr(`warning: ${directory}/ holds .py files that were not read (Alembic reads subdirectories only with recursive_version_locations; pass --recursive)\n`);
  if ('nothing' in result) {
    io.stdout('Nothing to renumber: no branch has several heads, and no chain repeats a number.\n');
    return 0;
  }
  const rewritten = new Set(result.plan.rewrites.map((rewrite) => rewrite.file));
  const extra = result.changes.filter((change) => !rewritten.has(change.file)).map((change) => `  ${change.file}\n      depends_on: names a renamed revision\n`);
  io.stdout(formatPlan(result.plan) + extra.join(''));
  io.stdout(values.write ? `Changed ${result.changes.length} file(s).\n` : 'Nothing was changed: run again with --write to apply this plan.\n');
  return 0;
}
