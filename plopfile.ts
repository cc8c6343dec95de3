import type { NodePlopAPI } from 'node-plop';
import { GENERATORS } from './generators/index.js';
import { registerGenerators } from './src/wizard/plop.js';
import { lazyProject } from './src/wizard/project.js';

/** What a host plopfile may pass to `plop.load('create-alembic-migration', config)`, besides plop's own keys. */
const CONFIG_KEYS = ['name', 'dir'] as const;
const PLOP_KEYS = ['destBasePath', 'force'];

/** The --name and --dir of the commands, from the config `plop.load` passes on. */
function settingFlags(config: Record<string, unknown>): { name?: string; dir?: string } {
  const flags: { name?: string; dir?: string } = {};
  for (const [key, value] of Object.entries(config)) {
    if (PLOP_KEYS.includes(key) || value === undefined) continue;
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      throw new Error(`create-alembic-migration: plop.load config has "${key}"; it takes ${CONFIG_KEYS.map((each) => `"${each}"`).join(' and ')} (the --name and --dir of the commands)`);
    }
    if (typeof value !== 'string' || value.trim() === '') throw new Error(`create-alembic-migration: plop.load config "${key}" must be a non-empty string`);
    flags[key as (typeof CONFIG_KEYS)[number]] = value;
  }
  return flags;
}

/**
 * create-migration's generators, one per operation. Built to dist/plopfile.js, the package's
 * main, so another project's plopfile can `await plop.load('create-alembic-migration')`; migrations go
 * to the versions directory of plop's destination (alembic.ini and the configuration there).
 * `plop.load('create-alembic-migration', { name: 'tenant' })` reads the [tenant] section of
 * alembic.ini (as --name does), `{ dir: 'db/versions' }` writes there (as --dir does).
 */
export default function plopfile(plop: NodePlopAPI, config: Record<string, unknown> = {}): void {
  registerGenerators(plop, GENERATORS, lazyProject(() => plop.getDestBasePath(), settingFlags(config)));
}
