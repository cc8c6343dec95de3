import { join, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { cacheDirectory, openFindingsCache } from '../../check/findings-cache.js';
import { formatFindings, FORMATS, type Format } from '../../check/format-findings.js';
import { runCheck } from '../../check/run-check.js';
import { FILE_RULES, HISTORY_RULES } from '../../check/rules/index.js';
import type { Rule } from '../../check/rules/rule.js';
import { toolVersion } from '../../tool-version.js';
import { displayPath } from '../../fs/display-path.js';
import type { CliIo } from '../io.js';
import { parseOptions } from '../parse-options.js';
import { commandLocations } from '../../project/versions-directory.js';
import { INI_SECTION_OPTION, iniSection, NAME_OPTION } from '../config-section.js';

/** One rule a line: its id, severity and summary, wrapped under the id. */
function ruleLines(rules: readonly Rule[]): string {
  return rules.map((rule) => `  ${rule.id.padEnd(36)}${rule.severity}\n${wrap(rule.summary, 6, 96)}`).join('\n');
}

function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((part) => `${' '.repeat(indent)}${part}`).join('\n');
}

/** `check --help`, with the rules read from the registry and the cache directory this run would use. */
function checkHelp(env: Readonly<Record<string, string | undefined>>): string {
  const codeRules = FILE_RULES.filter((rule) => !rule.lockSafety);
  const lockRules = FILE_RULES.filter((rule) => rule.lockSafety);
  return `Usage: create-migration check [--dir VERSIONS_DIR]... [--name SECTION] [--recursive]
                              [--format text|json|github] [--strict-locks] [--no-cache]
                              [--cache-dir DIR] [--no-stamps]

Reads every migration of the versions directory without running Python and reports problems
with the history, with whether each migration can run again after a partial failure, and with
the locks it takes on live tables, each with its file, line and a one-line fix. Hand-written
migrations are held to the same rules as generated ones.

Options:
  -d, --dir DIR         the versions directory; default: versions_dir from the configuration
                        (pyproject.toml, create-migration.config.json), else from ./alembic.ini
                        (or pyproject.toml [tool.alembic]): every location Alembic reads. Give it
                        once per location to check several as one history
  -n, --name SECTION    read alembic.ini's [SECTION] instead of [alembic], as alembic -n SECTION
                        does (one file, several setups: [core], [tenant]); --ini-section SECTION
                        is the same
  -r, --recursive       also read the .py files of subdirectories (Alembic's
                        recursive_version_locations, which turns it on too); without it they are
                        reported, not read
  -f, --format FORMAT   text (default); json: one JSON document; github: workflow annotations
      --strict-locks    report the lock-safety rules' findings as errors (exit 1)
      --no-cache        neither read nor write the findings cache
      --cache-dir DIR   where the findings cache lives (also CREATE_MIGRATION_CACHE_DIR); here:
                        ${cacheDirectory(env)}
                        Findings of a parsed file are reused while its text is unchanged.
      --no-stamps       parse the files this version of create-migration wrote too (by default,
                        a file whose stamp shows it unedited since is known clean, unparsed)
  -h, --help            show this help

Environment:
  CREATE_MIGRATION_CHECK_THREADS   threads that parse files (1: no worker threads); default:
                                   one per CPU when there are at least 200 files per thread

Exit codes: 0 no error (warnings allowed), 1 at least one error, 2 usage error (also a versions
directory that cannot be listed). A file that cannot be read or analysed is a finding, never a crash.

History rules:
${ruleLines(HISTORY_RULES)}

Code rules:
${ruleLines(codeRules)}

Lock-safety rules (warnings; --strict-locks makes them errors; a table created earlier in the
same migration is new and exempt):
${ruleLines(lockRules)}
`;
}

export const CHECK_HELP = checkHelp(process.env);

export async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('check', args, {
    dir: { type: 'string', short: 'd', multiple: true },
    recursive: { type: 'boolean', short: 'r' },
    format: { type: 'string', short: 'f', default: 'text' },
    'strict-locks': { type: 'boolean' },
    'no-cache': { type: 'boolean' },
    'cache-dir': { type: 'string' },
    'no-stamps': { type: 'boolean' },
    ...NAME_OPTION,
    ...INI_SECTION_OPTION,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(checkHelp(io.env));
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${values.format}"\nsee: create-migration check --help`);
  const { directories, recursive } = commandLocations(io.cwd, values.dir, values.recursive === true, { env: io.env, section: iniSection(values) });
  const cacheDir = values['cache-dir'] !== undefined ? resolve(io.cwd, values['cache-dir']) : cacheDirectory(io.env);
  const cache = values['no-cache'] ? undefined : openFindingsCache(cacheDir, directories.join('\n'), toolVersion());
  const result = await runCheck(
    { directories, recursive },
    { ...(cache && { cache }), ...(!values['no-stamps'] && { trustStampsOf: toolVersion() }), strictLocks: values['strict-locks'] === true, env: io.env, ...(io.tuneJit && { beforeParsing: io.tuneJit }) },
  );
  const shownDirectory = directories.map((directory) => displayPath(io.cwd, directory)).join(', ');
  io.stdout(formatFindings(format, result, (file) => displayPath(io.cwd, join(result.root, file)), shownDirectory));
  return result.findings.some((finding) => finding.severity === 'error') ? 1 : 0;
}
