import { existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CreateMigrationError, UsageError } from '../../errors.js';
import { replaceFile } from '../../fs/replace-file.js';
import { writeNewFile } from '../../fs/write-new-file.js';
import { planInit } from '../../init/scaffold.js';
import { displayPath } from '../../fs/display-path.js';
import type { CliIo } from '../io.js';
import { parseOptions } from '../parse-options.js';

export const INIT_HELP = `Usage: create-migration init [--project DIR] [--script-location alembic] [--schema NAME] [--module NAME]
                           [--url-env NAME] [--force] [--dir DIR (deprecated)]

Sets up Alembic for numbered, idempotent migrations, in the project directory:
  alembic.ini              script_location = DIR; file_template = %%(rev)s, so
                           \`alembic revision --rev-id 004_add_x -m "add x"\` writes DIR/versions/004_add_x.py
  DIR/env.py               the URL from -x url, else $DATABASE_URL (see --url-env), else alembic.ini;
                           an async driver's URL (postgresql+asyncpg://) runs on SQLAlchemy's async
                           engine, any other on a sync one; offline mode (--sql) needs no URL;
                           each migration in its own transaction
  DIR/script.py.mako       the layout create-migration generate writes
  DIR/versions/            empty
  tests/test_migrations.py pytest: upgrade, downgrade, upgrade again, on a database it creates
                           on the server $DATABASE_URL names (and drops)

Options:
      --project DIR           where alembic.ini and tests/ go (default: the current directory)
      --script-location DIR   the Alembic directory, relative to the project (default: alembic)
  -d, --dir DIR               deprecated: the same as --script-location DIR for this release
      --schema NAME           the schema the migrations create objects in: autogenerate compares only it
      --module NAME           a module sharing its database with others: autogenerate compares only
                              tables starting with NAME_, and revisions go in NAME_alembic_version
      --url-env NAME          the environment variable with the database URL (default DATABASE_URL)
      --force                 replace files that exist (without it, init refuses and writes nothing)
  -h, --help                  show this help

Output: the path of each file written.
Exit codes: 0 written, 1 refused (files exist; nothing written), 2 usage error.
`;

export const INIT_DIR_DEPRECATION = 'warning: init --dir DIR is deprecated; use --script-location DIR (--dir is the versions directory, as for every other command)\n';

export async function initCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('init', args, {
    project: { type: 'string' },
    'script-location': { type: 'string' },
    dir: { type: 'string', short: 'd' },
    schema: { type: 'string' },
    module: { type: 'string' },
    'url-env': { type: 'string' },
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(INIT_HELP);
    return 0;
  }
  const urlEnv = values['url-env'] ?? 'DATABASE_URL';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(urlEnv)) throw new UsageError(`--url-env "${urlEnv}" is not an environment variable name`);
  if (values.dir !== undefined) {
    if (values['script-location'] !== undefined) throw new UsageError('--dir is the deprecated name of --script-location: give only --script-location');
    io.stderr(INIT_DIR_DEPRECATION);
  }
  const location = values['script-location'] ?? values.dir;
  if (location !== undefined && location.trim() === '') throw new UsageError('--script-location needs a directory');
  const root = values.project === undefined ? io.cwd : resolve(io.cwd, values.project);
  if (values.project !== undefined && (!existsSync(root) || !statSync(root).isDirectory())) throw new UsageError(`--project ${values.project}: no such directory`);
  const plan = planInit(root, {
    dir: location ?? 'alembic',
    urlEnv,
    ...(values.schema !== undefined && { schema: values.schema }),
    ...(values.module !== undefined && { module: values.module }),
  });

  const existing = plan.files.filter((file) => existsSync(file.path));
  if (existing.length > 0 && values.force !== true) {
    const list = existing.map((file) => `  ${displayPath(io.cwd, file.path)}`).join('\n');
    throw new CreateMigrationError(`these files exist; nothing was written (pass --force to replace them):\n${list}`);
  }
  for (const directory of plan.directories) mkdirSync(directory, { recursive: true });
  for (const file of plan.files) {
    if (values.force === true) replaceFile(file.path, file.content);
    else writeNewFile(file.path, file.content);
    io.stdout(`${displayPath(io.cwd, file.path)}\n`);
  }
  return 0;
}
