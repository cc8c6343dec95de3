import { autocommit, testOperation } from '../support/operation-tester.js';

testOperation('execute', {
  valid: [
    {
      name: 'statements split by the parser; one that cannot run in a transaction gets an autocommit block',
      operation: { op: 'execute', upgrade: "UPDATE users SET status = 'a'; CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON users (status)", downgrade: 'DROP INDEX CONCURRENTLY IF EXISTS ix' },
      upgrade: ["UPDATE users SET status = 'a'", autocommit('CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON users (status)')],
      downgrade: [autocommit('DROP INDEX CONCURRENTLY IF EXISTS ix')],
      warnings: { upgrade: 'changes or destroys existing data: UPDATE on users' },
    },
    {
      name: 'irreversible: the downgrade refuses',
      operation: { op: 'execute', upgrade: 'SELECT 1', irreversible: true },
      upgrade: ['SELECT 1'],
      downgrade: ['REFUSE: an execute operation was marked irreversible'],
    },
  ],
  invalid: [
    {
      name: 'DDL that fails when run again',
      operation: { op: 'execute', upgrade: 'CREATE TABLE t (id int)', irreversible: true },
      problems: { upgrade: 'CREATE TABLE without IF NOT EXISTS fails when run again; write CREATE TABLE IF NOT EXISTS: CREATE TABLE t (id int)' },
    },
    {
      name: 'neither a downgrade nor irreversible',
      operation: { op: 'execute', upgrade: 'SELECT 1' },
      problems: { downgrade: 'is required: the SQL that undoes upgrade, or irreversible: true' },
    },
    {
      name: 'a downgrade and irreversible',
      operation: { op: 'execute', upgrade: 'SELECT 1', downgrade: 'SELECT 2', irreversible: true },
      problems: { downgrade: 'give downgrade or irreversible: true, not both' },
    },
  ],
});
