import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { ALL_SHAPE_CASES } from '../integration/shape-cases.js';
import { startMatrixServer, type MatrixServer } from './postgres-servers.js';
import { proveShapeCase } from './shape-matrix.js';

/**
 * Issue 14's partial-state matrix, every case, on one of the compatibility matrix's servers,
 * started for the calling test file (one file per server, so that vitest runs them side by side).
 */
export function describeShapeMatrixOn(server: MatrixServer): void {
  const python = inject('python');
  let url = '';
  let stop = async (): Promise<void> => {};

  beforeAll(async () => {
    const started = await startMatrixServer(server);
    url = started.url;
    stop = () => started.stop();
  });
  afterAll(() => stop());

  describe.each(ALL_SHAPE_CASES)(`%s on ${server}`, (name, testCase) => {
    it('converges from every partial state and refuses every conflicting one', async () => {
      await proveShapeCase(name, testCase, { adminUrl: url, python, linter: python });
    });
  });
}
