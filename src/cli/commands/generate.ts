import { join, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { withDirectoryLock } from '../../fs/directory-lock.js';
import { writeNewFile } from '../../fs/write-new-file.js';
import { composeMigration } from '../../generate/compose.js';
import { readVersionsDirectory } from '../../history/read-versions.js';
import { createDate } from '../../render/migration-file.js';
import { loadSpec } from '../../spec/load-spec.js';
import { BUILT_IN_DEFAULTS, readSpec } from '../../spec/read-spec.js';
import { sqlParserFor } from '../../sql/sql-parser.js';
import { schemaKnowledge } from '../../schema/knowledge.js';
import { OPERATIONS } from '../../operations/registry.js';
import { displayPath } from '../display-path.js';
import type { CliIo } from '../io.js';
import { parseOptions } from '../parse-options.js';
import { printWarnings } from '../report.js';
import { versionsDirectory } from '../versions-directory.js';

const OPERATION_LIST = Object.values(OPERATIONS)
  .map((kind) => `  ${kind.op.padEnd(16)} ${kind.summary}`)
  .join('\n');

export const GENERATE_HELP = `Usage: create-migration generate --spec FILE [--dir VERSIONS_DIR] [--dry-run] [--json]

Writes the next numbered Alembic migration (NNN_slug.py) from a spec file. Its upgrade is
idempotent (every object guarded on its own) and its downgrade undoes it in reverse order.

Options:
  -s, --spec FILE     the spec: YAML, or JSON when FILE ends in .json; - reads standard input
  -d, --dir DIR       the versions directory; default: found from ./alembic.ini
                      (script_location/versions, or the first version_locations entry)
      --dry-run       print the file instead of writing it; nothing is written
      --json          print {"path", "revision", "down_revision", "number"} as one JSON object
      --database-url URL
                      check the spec against this database's schema (read only); without
                      it, against the schema the history's generated files describe
      --no-schema-checks
                      do not refuse what the known schema contradicts (a column that exists
                      already, a table that does not, a foreign key between different
                      types); a referencing column's missing type is still taken from it
  -h, --help          show this help

Output: the path of the new file on standard output; warnings go to standard error.
Exit codes: 0 written (or printed), 1 refused (invalid spec, several heads, broken history;
nothing written), 2 usage error (unknown option, no spec, no alembic.ini and no --dir).

Operations (each one's fields are in README.md):
${OPERATION_LIST}

Example spec:
  message: add user preferences
  schema: public                 # default public
  lock_timeout: 5s               # optional; statement_timeout too
  operations:
    - op: add_column
      table: users
      column: {name: preferences, type: jsonb, nullable: false, server_default: "'{}'::jsonb"}
`;

export async function generateCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('generate', args, {
    spec: { type: 'string', short: 's' },
    dir: { type: 'string', short: 'd' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    'database-url': { type: 'string' },
    'no-schema-checks': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(GENERATE_HELP);
    return 0;
  }
  if (values.spec === undefined) throw new UsageError('--spec FILE is required\nsee: create-migration generate --help');

  const directory = versionsDirectory(io.cwd, values.dir);
  const specPath = values.spec === '-' ? '-' : resolve(io.cwd, values.spec);
  const raw = await loadSpec(specPath, io.readStdin);
  const databaseUrl = values['database-url'];
  const dryRun = values['dry-run'] === true;
  const date = createDate(new Date(), io.env.SOURCE_DATE_EPOCH);

  // Read, check, number and write under the directory's lock (a dry run writes nothing and takes
  // none), reading the history once for both the schema it describes and the next number.
  const run = async () => {
    const history = readVersionsDirectory(directory);
    const known = await schemaKnowledge(history.revisions, {
      defaults: BUILT_IN_DEFAULTS,
      strict: values['no-schema-checks'] !== true,
      rawSpec: raw,
      ...(databaseUrl !== undefined && { databaseUrl }),
    });
    printWarnings(io, known.warnings);
    const { migration, warnings } = readSpec(raw, await sqlParserFor(raw), BUILT_IN_DEFAULTS, known.knowledge);
    printWarnings(io, warnings);
    const composed = composeMigration(migration, history, { schema: migration.schema, naming: BUILT_IN_DEFAULTS.naming }, date);
    if (!dryRun) writeNewFile(join(directory, composed.fileName), composed.content);
    return composed;
  };
  const composed = dryRun ? await run() : await withDirectoryLock(directory, run);

  const path = displayPath(io.cwd, join(directory, composed.fileName));
  if (values.json) {
    const report = { path, revision: composed.revision, down_revision: composed.downRevision, number: composed.number, ...(dryRun && { content: composed.content }) };
    io.stdout(`${JSON.stringify(report)}\n`);
  } else {
    io.stdout(dryRun ? composed.content : `${path}\n`);
  }
  return 0;
}
