import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { interpolate, parseIni } from './ini.js';

const SEPARATORS: Readonly<Record<string, RegExp>> = {
  os: /:/,
  space: /\s+/,
  newline: /\n/,
  ',': /,/,
  ';': /;/,
  ':': /:/,
};

/** version_locations, split the way Alembic splits it for the configured separator. */
function splitLocations(value: string, separator: string | undefined): string[] {
  const pattern = separator === undefined ? /[\s,]+/ : (SEPARATORS[separator] ?? /[\s,]+/);
  return value.split(pattern).map((part) => part.trim()).filter(Boolean);
}

/**
 * The versions directory named by alembic.ini in `cwd`: the first `version_locations` entry when
 * set, else `script_location` + /versions, with %(here)s meaning the directory of alembic.ini.
 */
export function findVersionsDirectory(cwd: string, configFile = 'alembic.ini'): string {
  const iniPath = resolve(cwd, configFile);
  if (!existsSync(iniPath)) {
    throw new UsageError(
      `no ${configFile} in ${cwd}, so the versions directory is unknown; run in the directory that holds alembic.ini, or pass --dir path/to/alembic/versions`,
    );
  }
  const section = parseIni(readFileSync(iniPath, 'utf8')).get('alembic');
  const variables = new Map([...(section ?? new Map<string, string>()), ['here', dirname(iniPath)]]);
  const read = (key: string): string | undefined => {
    const value = section?.get(key);
    return value === undefined || value.trim() === '' ? undefined : interpolate(value, variables).trim();
  };
  const place = (path: string): string => (isAbsolute(path) ? path : resolve(cwd, path));

  const locations = read('version_locations');
  if (locations !== undefined) {
    const separator = read('path_separator') ?? read('version_path_separator');
    const first = splitLocations(locations, separator)[0];
    if (first !== undefined) return place(first);
  }
  const scriptLocation = read('script_location');
  if (scriptLocation === undefined) {
    throw new UsageError(`${iniPath} has no script_location in its [alembic] section; pass --dir path/to/alembic/versions`);
  }
  if (/^[A-Za-z_][\w.]*:/.test(scriptLocation) && !/^[A-Za-z]:[\\/]/.test(scriptLocation)) {
    throw new UsageError(`script_location "${scriptLocation}" names a Python package, which this tool cannot resolve; pass --dir path/to/versions`);
  }
  return join(place(scriptLocation), 'versions');
}
