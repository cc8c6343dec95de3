import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { cacheDirectory, openFindingsCache } from '../../check/findings-cache.js';
import { formatFindings, FORMATS, type Format } from '../../check/format-findings.js';
import { runCheck } from '../../check/run-check.js';
import { RULES } from '../../check/rules/index.js';
import { toolVersion } from '../../tool-version.js';
import { displayPath } from '../../fs/display-path.js';
import type { CliIo } from '../io.js';
import { parseOptions } from '../parse-options.js';
import { versionsDirectory } from '../../project/versions-directory.js';

const RULE_LIST = RULES.map((rule) => `  ${rule.id.padEnd(32)} ${rule.severity}`).join('\n');

export const CHECK_HELP = `Usage: create-migration check [--dir VERSIONS_DIR] [--format text|json|github] [--no-cache] [--no-stamps]

Reads every migration of the versions directory without running Python and reports problems
with the history and with the idempotency of each migration's code, each with its file, line
and a one-line fix. Hand-written migrations are held to the same rules as generated ones.

Options:
  -d, --dir DIR         the versions directory; default: versions_dir from the configuration
                        (pyproject.toml, create-migration.config.json), else from ./alembic.ini
  -f, --format FORMAT   text (default); json: one JSON document; github: workflow annotations
      --no-cache        neither read nor write the findings cache (by default, findings of files
                        parsed before are reused from $XDG_CACHE_HOME/create-migration, or
                        CREATE_MIGRATION_CACHE_DIR, while their text is unchanged)
      --no-stamps       parse the files this version of create-migration wrote too (by default,
                        a file whose stamp shows it unedited since is known clean, unparsed)
  -h, --help            show this help

Environment:
  CREATE_MIGRATION_CHECK_THREADS   threads that parse files (1: no worker threads); default:
                                   one per CPU when there are at least 200 files per thread

Exit codes: 0 no error (warnings allowed), 1 at least one error, 2 usage error.

Rules:
${RULE_LIST}
`;

export async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('check', args, {
    dir: { type: 'string', short: 'd' },
    format: { type: 'string', short: 'f', default: 'text' },
    'no-cache': { type: 'boolean' },
    'no-stamps': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(CHECK_HELP);
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${values.format}"\nsee: create-migration check --help`);
  const directory = versionsDirectory(io.cwd, values.dir, io.env);
  const cache = values['no-cache'] ? undefined : openFindingsCache(cacheDirectory(io.env), directory, toolVersion());
  const result = await runCheck(directory, { ...(cache && { cache }), ...(!values['no-stamps'] && { trustStampsOf: toolVersion() }), env: io.env });
  io.stdout(formatFindings(format, result, (file) => displayPath(io.cwd, join(directory, file)), displayPath(io.cwd, directory)));
  return result.findings.some((finding) => finding.severity === 'error') ? 1 : 0;
}
