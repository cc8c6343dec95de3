import { describe, expect, it } from 'vitest';
import { relevantTo } from '../../src/known-schema/from-history.js';

const spec = (operations: unknown[]): string => JSON.stringify({ version: 1, message: 'm', operations });

describe('relevantTo', () => {
  const relevant = relevantTo(['users', 'app$role']);

  it('keeps a spec that names a table or type, whole or as the end of a qualified name', () => {
    expect(relevant(spec([{ op: 'add_column', table: 'users', column: { name: 'a', type: 'text' } }]))).toBe(true);
    expect(relevant(spec([{ op: 'create_enum', name: 'app.app$role', values: ['a'] }]))).toBe(true);
  });

  it('skips a spec that only names something else, even with a name that starts or ends the same', () => {
    expect(relevant(spec([{ op: 'create_table', table: 'users_archive', columns: [{ name: 'id', type: 'bigint' }] }]))).toBe(false);
    expect(relevant(spec([{ op: 'create_table', table: 'old_users', columns: [{ name: 'id', type: 'bigint' }] }]))).toBe(false);
    expect(relevant(spec([{ op: 'create_enum', name: 'app_role', values: ['a'] }]))).toBe(false);
  });

  it('keeps every spec that runs hand-written SQL, and index makers only when an index is dropped by name', () => {
    expect(relevant(spec([{ op: 'execute', upgrade: 'SELECT 1', downgrade: 'SELECT 1' }]))).toBe(true);
    const index = spec([{ op: 'create_index', table: 'orders', columns: ['id'] }]);
    expect(relevant(index)).toBe(false);
    expect(relevantTo([], { indexesByName: true })(index)).toBe(true);
  });
});
