import { describe, expect, it } from 'vitest';
import { DEFAULT_NAMING, deriveName, fitIdentifier } from '../../src/sql/derived-names.js';

describe('derived names', () => {
  it('fills the naming patterns', () => {
    expect(deriveName(DEFAULT_NAMING.unique, { table: 'users', columns: ['email'] })).toBe('uq_users_email');
    expect(deriveName(DEFAULT_NAMING.index, { table: 'users', columns: ['org_id', 'email'] })).toBe('ix_users_org_id_email');
    expect(deriveName(DEFAULT_NAMING.primaryKey, { table: 'users' })).toBe('pk_users');
  });

  it('cuts names over 63 bytes to exactly 63 with a hash of the whole, deterministically', () => {
    const long = `ix_${'a'.repeat(70)}`;
    const fitted = fitIdentifier(long);
    expect(Buffer.byteLength(fitted)).toBe(63);
    expect(fitted).toMatch(/^ix_a+_[0-9a-f]{8}$/);
    expect(fitIdentifier(long)).toBe(fitted);
    expect(fitIdentifier(`${long}b`)).not.toBe(fitted);
  });

  it('never splits a multi-byte character', () => {
    const fitted = fitIdentifier(`ix_${'é'.repeat(40)}`);
    expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(63);
    expect(fitted).toMatch(/^ix_é+_[0-9a-f]{8}$/);
  });
});
