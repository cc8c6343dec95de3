import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { OPERATIONS } from '../../operations/registry.js';
import { loadProjectSettings } from '../../project/settings.js';
import { loadSpec } from '../../spec-file/load-spec.js';
import { iniSection, NAME_OPTION } from '../config-section.js';
import type { CliIo } from '../io.js';
import { helpLine, parseOptions } from '../parse-options.js';
import { WRITE_OPTIONS, writeAndPrint } from '../write-and-print.js';

const OPERATION_LIST = Object.values(OPERATIONS)
  .map((kind) => `  ${kind.op.padEnd(16)} ${kind.summary}`)
  .join('\n');

export const GENERATE_HELP = `Usage: create-migration generate --spec FILE [--dir VERSIONS_DIR] [--name SECTION] [--head HEAD]
                                [--dry-run] [--json] [--database-url URL] [--no-schema-checks]

Writes the next numbered Alembic migration (NNN_slug.py) from a spec file. Its upgrade is
idempotent (every object guarded on its own) and its downgrade undoes it in reverse order.
On tables that hold rows, both take the forms that keep reads and writes going while they scan
or build (indexes CONCURRENTLY, constraints NOT VALID then validated, NOT NULL proven by a
CHECK, backfills in batches), and wait at most lock_timeout (2s) for a lock, retrying.

Options:
  -s, --spec FILE     the spec: YAML, or JSON when FILE ends in .json; - reads standard input
  -d, --dir DIR       the versions directory; default: versions_dir from the configuration
                      (pyproject.toml [tool.create-migration], create-migration.config.json),
                      else Alembic's own: version_locations, else script_location/versions, of
                      ./alembic.ini's [alembic] section or pyproject.toml's [tool.alembic]
  -n, --name SECTION  read alembic.ini's [SECTION] instead of [alembic], as alembic -n SECTION
                      (one file holding several setups: [core], [tenant]); also --ini-section
      --head HEAD     the head to add to, as alembic revision --head: LABEL@head (or LABEL)
                      for a labelled branch, or a head's revision id; needed when the history
                      has several labelled branches
      --dry-run       print the file instead of writing it, and on standard error which lock
                      each operation takes on which table, for how long; nothing is written
      --json          print {"path", "revision", "down_revision", "number", "warnings",
                      "locks"} as one JSON object (with --dry-run, "content" too)
      --database-url URL
                      check the spec against this database's schema (read only); without
                      it, against the schema the history's generated files describe
      --no-schema-checks
                      do not refuse what the known schema contradicts (a column that exists
                      already, a table that does not, a foreign key between different
                      types); a referencing column's missing type is still taken from it
  -h, --help          show this help

Output: the path of the new file on standard output; warnings go to standard error, among
them what stays blocking (a table rewrite, an opt-out such as concurrently: false).
Exit codes: 0 written (or printed), 1 refused (invalid spec, several heads, broken history;
nothing written), 2 usage error (unknown option, no spec, no Alembic configuration and no
--dir, a --head that names no head).

Operations (each one's fields are in README.md):
${OPERATION_LIST}

Example spec:
  message: add user preferences
  schema: public                 # default public
  lock_timeout: 5s               # optional, default 2s; lock_retries, statement_timeout,
                                 # backfill_batch_size too
  operations:
    - op: add_column
      table: users
      column: {name: preferences, type: jsonb, nullable: false, server_default: "'{}'::jsonb"}
`;

export async function generateCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('generate', args, { spec: { type: 'string', short: 's' }, ...WRITE_OPTIONS, ...NAME_OPTION });
  if (values.help) {
    io.stdout(GENERATE_HELP);
    return 0;
  }
  if (values.spec === undefined) throw new UsageError(`--spec FILE is required\n${helpLine('generate')}`);

  // What the user typed is reported before what the directory lacks: the spec, then alembic.ini.
  const raw = await loadSpec(values.spec === '-' ? '-' : resolve(io.cwd, values.spec), io.readStdin);
  const settings = loadProjectSettings(io.cwd, { dir: values.dir, name: iniSection(values) }, io.env);
  return writeAndPrint(io, raw, settings, values);
}
