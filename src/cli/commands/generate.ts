import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { OPERATIONS } from '../../operations/registry.js';
import { loadProjectSettings } from '../../project/settings.js';
import { loadSpec } from '../../spec-file/load-spec.js';
import type { CliIo } from '../io.js';
import { helpLine, parseOptions } from '../parse-options.js';
import { WRITE_OPTIONS, writeAndPrint } from '../write-and-print.js';

const OPERATION_LIST = Object.values(OPERATIONS)
  .map((kind) => `  ${kind.op.padEnd(16)} ${kind.summary}`)
  .join('\n');

export const GENERATE_HELP = `Usage: create-migration generate --spec FILE [--dir VERSIONS_DIR] [--head HEAD] [--dry-run] [--json]
                                [--database-url URL] [--no-schema-checks]

Writes the next numbered Alembic migration (NNN_slug.py) from a spec file. Its upgrade is
idempotent (every object guarded on its own) and its downgrade undoes it in reverse order.

Options:
  -s, --spec FILE     the spec: YAML, or JSON when FILE ends in .json; - reads standard input
  -d, --dir DIR       the versions directory; default: versions_dir from the configuration
                      (pyproject.toml [tool.create-migration], create-migration.config.json),
                      else Alembic's own: version_locations, else script_location/versions, of
                      ./alembic.ini's [alembic] section or pyproject.toml's [tool.alembic]
      --head HEAD     the head to add to, as alembic revision --head: LABEL@head (or LABEL)
                      for a labelled branch, or a head's revision id; needed when the history
                      has several labelled branches
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
nothing written), 2 usage error (unknown option, no spec, no Alembic configuration and no
--dir, a --head that names no head).

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
  const { values } = parseOptions('generate', args, { spec: { type: 'string', short: 's' }, ...WRITE_OPTIONS });
  if (values.help) {
    io.stdout(GENERATE_HELP);
    return 0;
  }
  if (values.spec === undefined) throw new UsageError(`--spec FILE is required\n${helpLine('generate')}`);

  // What the user typed is reported before what the directory lacks: the spec, then alembic.ini.
  const raw = await loadSpec(values.spec === '-' ? '-' : resolve(io.cwd, values.spec), io.readStdin);
  const settings = loadProjectSettings(io.cwd, { dir: values.dir }, io.env);
  return writeAndPrint(io, raw, settings, values);
}
