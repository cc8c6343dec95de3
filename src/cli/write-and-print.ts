import type { SpecProblem } from '../errors.js';
import { writeMigration } from '../generate/write-migration.js';
import type { ProjectSettings } from '../project/settings.js';
import { createDate } from '../render/migration-file.js';
import { INI_SECTION_OPTION } from './config-section.js';
import type { CliIo } from './io.js';
import { printMigration } from './print-migration.js';
import { printWarnings } from './report.js';

/** The options every command that writes a migration takes the same way (for parseOptions). */
export const WRITE_OPTIONS = {
  dir: { type: 'string', short: 'd' },
  head: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  'database-url': { type: 'string' },
  'no-schema-checks': { type: 'boolean' },
  ...INI_SECTION_OPTION,
  help: { type: 'boolean', short: 'h' },
} as const;

/** Their values, as parseOptions returns them. */
export interface WriteOptionValues {
  readonly 'dry-run'?: boolean | string | undefined;
  readonly json?: boolean | string | undefined;
  readonly 'no-schema-checks'?: boolean | string | undefined;
  readonly 'database-url'?: boolean | string | undefined;
  readonly head?: boolean | string | undefined;
}

/** Writes (or, with --dry-run, prints) the migration of `spec` and prints the command's stable output. */
export async function writeAndPrint(io: CliIo, spec: unknown, settings: ProjectSettings, values: WriteOptionValues): Promise<number> {
  const dryRun = values['dry-run'] === true;
  const warned: SpecProblem[] = [];
  const migration = await writeMigration(spec, {
    settings,
    dryRun,
    date: createDate(new Date(), io.env.SOURCE_DATE_EPOCH),
    onWarnings: (warnings) => {
      warned.push(...warnings);
      printWarnings(io, warnings);
    },
    schemaChecks: values['no-schema-checks'] !== true,
    ...(typeof values['database-url'] === 'string' && { databaseUrl: values['database-url'] }),
    ...(typeof values.head === 'string' && { head: values.head }),
  });
  printMigration(io, migration, { json: values.json === true, dryRun, warnings: warned });
  return 0;
}
