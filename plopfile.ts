import type { NodePlopAPI } from 'node-plop';
import { GENERATORS } from './generators/index.js';
import { registerGenerators } from './src/wizard/plop.js';
import { lazyProject } from './src/wizard/project.js';

/**
 * create-migration's generators, one per operation. Built to dist/plopfile.js, the package's
 * main, so another project's plopfile can `await plop.load('create-alembic-migration')`; migrations go
 * to the versions directory of plop's destination (alembic.ini and the configuration there).
 */
export default function plopfile(plop: NodePlopAPI): void {
  registerGenerators(plop, GENERATORS, lazyProject(() => plop.getDestBasePath()));
}
