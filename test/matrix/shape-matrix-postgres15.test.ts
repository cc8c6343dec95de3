import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { ALL_SHAPE_CASES } from '../integration/shape-cases.js';
import { compatibilityServers, type NamedServer } from '../support/postgres-servers.js';
import { proveShapeCase } from '../support/shape-matrix.js';

// Issue 14's partial-state matrix on the compatibility matrix's other server, Debian's PostgreSQL 15.

const python = inject('python');
let postgres15: NamedServer;
let stop = async (): Promise<void> => {};

beforeAll(async () => {
  const started = await compatibilityServers();
  postgres15 = started.servers[1]!;
  stop = started.stop;
});
afterAll(() => stop());

describe.each(ALL_SHAPE_CASES)('%s on PostgreSQL 15', (name, testCase) => {
  it('converges from every partial state and refuses every conflicting one', async () => {
    await proveShapeCase(name, testCase, { adminUrl: postgres15.url, python, linter: python });
  });
});
