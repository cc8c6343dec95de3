import { describe, expect, it } from 'vitest';
import { judgeSnapshots, problemLine } from '../../src/verify/judge-cycle.js';
import { diffSnapshots } from '../../src/verify/snapshot-diff.js';

const users = {
  schemas: ['migration', 'public'],
  relations: [{ name: 'migration.users', kind: 'r', comment: null }],
  columns: [
    { table: 'migration.users', name: 'id', position: 1, type: 'integer', not_null: true, default: null, identity: '', comment: null },
    { table: 'migration.users', name: 'status', position: 2, type: 'character varying(20)', not_null: false, default: null, identity: '', comment: null },
  ],
  constraints: [{ table: 'migration.users', name: 'pk_users', type: 'p', definition: 'PRIMARY KEY (id)', validated: true }],
  indexes: [{ name: 'migration.pk_users', definition: 'CREATE UNIQUE INDEX pk_users ON migration.users USING btree (id)', valid: true }],
  enums: [],
};

const withRole = {
  ...users,
  relations: [...users.relations, { name: 'migration.service_accounts', kind: 'r', comment: null }],
  columns: [...users.columns, { table: 'migration.service_accounts', name: 'role', position: 1, type: 'migration.service_account_role', not_null: true, default: null, identity: '', comment: null }],
  indexes: [...users.indexes, { name: 'migration.ix_service_accounts_role', definition: 'CREATE INDEX ix_service_accounts_role ON migration.service_accounts USING btree (role)', valid: true }],
  enums: [{ name: 'migration.service_account_role', labels: ['ADMIN', 'USER'] }],
};

describe('diffSnapshots', () => {
  it('finds nothing between equal snapshots', () => {
    expect(diffSnapshots(users, structuredClone(users))).toEqual([]);
  });

  it('names an extra table once, not its columns and indexes, and an extra enum by schema', () => {
    expect(diffSnapshots(users, withRole)).toEqual([
      { change: 'extra', kind: 'table', name: 'migration.service_accounts' },
      { change: 'extra', kind: 'enum', name: 'migration.service_account_role' },
    ]);
  });

  it('names a missing table', () => {
    expect(diffSnapshots(withRole, { ...withRole, relations: [withRole.relations[1]], columns: [withRole.columns[2]], constraints: [], indexes: [withRole.indexes[1]] })).toEqual([
      { change: 'missing', kind: 'table', name: 'migration.users' },
    ]);
  });

  it('lists each changed field of a column', () => {
    const changed = { ...users, columns: [users.columns[0], { ...users.columns[1], type: 'text', not_null: true }] };
    expect(diffSnapshots(users, changed)).toEqual([
      { change: 'changed', kind: 'column', name: 'migration.users.status', fields: ['type: character varying(20) → text', 'not_null: false → true'] },
    ]);
  });

  it('names a constraint with its table, and an index left on a table that stays', () => {
    const more = {
      ...users,
      constraints: [...users.constraints, { table: 'migration.users', name: 'ck_users_status', type: 'c', definition: "CHECK (status <> '')", validated: true }],
      indexes: [...users.indexes, { name: 'migration.ix_users_status', definition: 'CREATE INDEX ix_users_status ON migration.users USING btree (status)', valid: true }],
    };
    expect(diffSnapshots(users, more)).toEqual([
      { change: 'extra', kind: 'constraint', name: 'ck_users_status on migration.users' },
      { change: 'extra', kind: 'index', name: 'migration.ix_users_status' },
    ]);
  });

  it('compares functions, triggers and extensions by name', () => {
    const plus = {
      ...users,
      functions: [{ name: 'migration.touch()', kind: 'f', definition: 'CREATE FUNCTION ...' }],
      triggers: [{ table: 'migration.users', name: 'trg_touch', definition: 'CREATE TRIGGER ...', enabled: 'O' }],
      extensions: [{ name: 'citext', schema: 'public', version: '1.6' }],
    };
    expect(diffSnapshots({ ...users, functions: [], triggers: [], extensions: [] }, plus)).toEqual([
      { change: 'extra', kind: 'function', name: 'migration.touch()' },
      { change: 'extra', kind: 'trigger', name: 'trg_touch on migration.users' },
      { change: 'extra', kind: 'extension', name: 'citext' },
    ]);
  });
});

describe('judgeSnapshots', () => {
  it('passes a cycle whose downgrade leaves only the schema it created', () => {
    const before = { ...users, schemas: ['public'], relations: [], columns: [], constraints: [], indexes: [] };
    const downgraded = { ...before, schemas: ['migration', 'public'] };
    expect(judgeSnapshots({ before, upgraded: users, reUpgraded: users, downgraded, reDowngraded: downgraded, upgradedAgain: users })).toEqual([]);
  });

  it('says a leftover enum once, for the downgrade, not again for the second downgrade', () => {
    const leftover = { ...users, enums: withRole.enums };
    const lines = judgeSnapshots({ before: users, upgraded: withRole, reUpgraded: withRole, downgraded: leftover, reDowngraded: leftover, upgradedAgain: withRole }).map(problemLine);
    expect(lines).toEqual(['downgrade left behind: enum migration.service_account_role']);
  });

  it('reports what a downgrade removed that the upgrade never made', () => {
    const tooMuch = { ...users, relations: [], columns: [], constraints: [], indexes: [] };
    const lines = judgeSnapshots({ before: users, upgraded: withRole, reUpgraded: withRole, downgraded: tooMuch }).map(problemLine);
    expect(lines).toEqual(['downgrade removed: table migration.users']);
  });

  it('reports an upgrade that adds a second index when run again, and an offline upgrade that misses one', () => {
    const twice = { ...withRole, indexes: [...withRole.indexes, { name: 'migration.ix_service_accounts_role1', definition: 'CREATE INDEX ix_service_accounts_role1 ON migration.service_accounts USING btree (role)', valid: true }] };
    const offline = { ...withRole, indexes: [withRole.indexes[0]] };
    const lines = judgeSnapshots({ before: users, upgraded: withRole, reUpgraded: twice, offline }).map(problemLine);
    expect(lines).toEqual(['re-upgrade added: index migration.ix_service_accounts_role1', 'offline missing: index migration.ix_service_accounts_role']);
  });
});
