import { UsageError } from '../errors.js';

/**
 * Which section of alembic.ini a command reads, as Alembic's -n/--name chooses it (a file with
 * [core] and [tenant], each a setup of its own). Every command that reads the configuration takes
 * --ini-section; all but those whose --name names the constraint or index they add take -n/--name.
 */
export const NAME_OPTION = { name: { type: 'string', short: 'n' } } as const;
export const INI_SECTION_OPTION = { 'ini-section': { type: 'string' } } as const;

/** The option values they give. */
export interface SectionValues {
  readonly name?: string | boolean | undefined;
  readonly 'ini-section'?: string | boolean | undefined;
}

/** The section named by --name (when `nameIsSection`) or --ini-section; undefined: [alembic]. */
export function iniSection(values: SectionValues, nameIsSection = true): string | undefined {
  const given = [...(nameIsSection ? [['--name', values.name] as const] : []), ['--ini-section', values['ini-section']] as const].filter(([, value]) => value !== undefined);
  for (const [flag, value] of given) {
    if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${flag} needs the name of a section of alembic.ini, as alembic -n NAME takes it`);
  }
  const names = new Set(given.map(([, value]) => value as string));
  if (names.size > 1) throw new UsageError(`--name and --ini-section name different sections (${[...names].join(', ')}); give one`);
  return given[0]?.[1] as string | undefined;
}
