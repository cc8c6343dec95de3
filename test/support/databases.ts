import { createThrowawayDatabase, withClient } from '../../src/verify/throwaway-database.js';

export { withClient };

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A new, empty database on the suite's server, with a unique name (the product's own throwaway database). */
export function createDatabase(adminUrl: string): Promise<TestDatabase> {
  return createThrowawayDatabase(adminUrl, 'cm_test');
}
