import type { Node } from '@pgsql/types';
import { LOCK_MODES, type LockMode } from './lock-modes.js';
import { clause, hasOption, lock, lookup, SAFE, someNode, variants, type PgNode, type SafetyEntry, type StatementSafety } from './safety-model.js';

// THE table of statement safety: for every kind of statement PostgreSQL's grammar has (as
// libpg_query names its parse nodes), whether it is safe to run twice as written and its guarded
// form, the lock it takes on which table, and whether it scans or rewrites. `generate` (what
// `execute` accepts) and `check` (what it reports) both read it; lock summaries read `lock`.
// The compiler requires an entry for every statement node of @pgsql/types (libpg_query's own
// type declarations), so a PostgreSQL upgrade that adds one fails to build until it is listed;
// a node this build does not know at run time is reported as unknown, never accepted.
// Lock modes are the ones pg_locks shows on PostgreSQL 15 (test/integration/statement-locks.test.ts
// measures them again).

type KeysOfUnion<T> = T extends unknown ? keyof T : never;

/** Parse nodes that never stand alone as a statement of a script (parts of other statements). */
type NotTopLevel = 'RawStmt' | 'SetOperationStmt' | 'ReturnStmt' | 'PLAssignStmt' | 'ReplicaIdentityStmt';

export type StatementKind = Exclude<Extract<KeysOfUnion<Node>, `${string}Stmt`>, NotTopLevel>;

const RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_FOREIGN_TABLE', 'OBJECT_INDEX']);

/** INSERT that cannot add a row twice: ON CONFLICT, or a SELECT that tests for what is there. */
function insertIsGuarded(node: PgNode): boolean {
  if (node.onConflictClause !== undefined) return true;
  return someNode(node.selectStmt, 'SubLink', (link) => ['EXISTS_SUBLINK', 'ANY_SUBLINK', 'ALL_SUBLINK'].includes(String(link.subLinkType)));
}

const ifNotExists = (guarded: string) => clause('IF NOT EXISTS', guarded, 'if_not_exists');
const ifExists = (guarded: string) => clause('IF EXISTS', guarded, 'missing_ok');
const orReplace = (guarded: string) => clause('OR REPLACE', guarded, 'replace');

export const STATEMENTS: Readonly<Record<StatementKind, SafetyEntry>> = {
  // Queries and data changes: a re-run does not fail (an INSERT may add its rows twice).
  SelectStmt: variants((node) => (node.intoClause ? 'into' : 'query'), {
    query: { action: 'SELECT', rerun: SAFE, changes: 'nothing' },
    into: { action: 'SELECT INTO', rerun: lookup('pg_class', 'table of that name in that schema'), changes: 'schema' },
  }),
  InsertStmt: {
    action: 'INSERT',
    rerun: { kind: 'clause', clause: 'ON CONFLICT DO NOTHING', guarded: 'INSERT ... ON CONFLICT DO NOTHING (or INSERT ... SELECT ... WHERE NOT EXISTS)', written: insertIsGuarded },
    lock: lock('ROW EXCLUSIVE', 'rows'),
    changes: 'data',
  },
  UpdateStmt: { action: 'UPDATE', rerun: SAFE, lock: lock('ROW EXCLUSIVE', 'rows'), changes: 'data' },
  DeleteStmt: { action: 'DELETE', rerun: SAFE, lock: lock('ROW EXCLUSIVE', 'rows'), changes: 'data' },
  MergeStmt: { action: 'MERGE', rerun: SAFE, lock: lock('ROW EXCLUSIVE', 'rows'), changes: 'data' },
  CopyStmt: variants((node) => (node.is_from === true ? 'from' : 'to'), {
    from: { action: 'COPY FROM', rerun: { kind: 'guard', guarded: 'a load that runs only while the table is empty' }, lock: lock('ROW EXCLUSIVE', 'rows'), changes: 'data' },
    to: { action: 'COPY TO', rerun: SAFE, changes: 'nothing' },
  }),
  TruncateStmt: variants((node) => (node.behavior === 'DROP_CASCADE' ? 'cascade' : 'plain'), {
    plain: { action: 'TRUNCATE', rerun: SAFE, lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'data' },
    cascade: { action: 'TRUNCATE', rerun: SAFE, lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'data', hazards: ['truncate-cascade'] },
  }),
  CallStmt: { action: 'CALL', rerun: SAFE, changes: 'data' },
  DoStmt: { action: 'DO', rerun: SAFE, changes: 'schema' },
  ExplainStmt: { action: 'EXPLAIN', rerun: SAFE, changes: 'nothing' },
  DeclareCursorStmt: { action: 'DECLARE', rerun: SAFE, changes: 'nothing' },
  ClosePortalStmt: { action: 'CLOSE', rerun: SAFE, changes: 'nothing' },
  FetchStmt: { action: 'FETCH', rerun: SAFE, changes: 'nothing' },
  PrepareStmt: { action: 'PREPARE', rerun: SAFE, changes: 'nothing' },
  ExecuteStmt: { action: 'EXECUTE', rerun: SAFE, changes: 'data' },
  DeallocateStmt: { action: 'DEALLOCATE', rerun: SAFE, changes: 'nothing' },
  NotifyStmt: { action: 'NOTIFY', rerun: SAFE, changes: 'nothing' },
  ListenStmt: { action: 'LISTEN', rerun: SAFE, changes: 'nothing' },
  UnlistenStmt: { action: 'UNLISTEN', rerun: SAFE, changes: 'nothing' },
  LoadStmt: { action: 'LOAD', rerun: SAFE, changes: 'nothing' },
  CheckPointStmt: { action: 'CHECKPOINT', rerun: SAFE, changes: 'nothing' },
  DiscardStmt: { action: 'DISCARD', rerun: SAFE, changes: 'nothing', outsideTransaction: true },
  LockStmt: variants((node) => LOCK_MODES[(typeof node.mode === 'number' ? node.mode : LOCK_MODES.length) - 1] ?? 'ACCESS EXCLUSIVE', Object.fromEntries(
    LOCK_MODES.map((mode) => [mode, { action: 'LOCK TABLE', rerun: SAFE, lock: lock(mode, 'catalog'), changes: 'nothing' }]),
  ) as Record<LockMode, StatementSafety>),
  ConstraintsSetStmt: { action: 'SET CONSTRAINTS', rerun: SAFE, changes: 'nothing' },
  VariableSetStmt: { action: 'SET', rerun: SAFE, changes: 'nothing' },
  VariableShowStmt: { action: 'SHOW', rerun: SAFE, changes: 'nothing' },
  TransactionStmt: {
    action: 'transaction control',
    rerun: {
      kind: 'refused',
      reason: 'transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT) belongs to Alembic, which runs each migration in its transaction; a statement that cannot run in one goes into `with op.get_context().autocommit_block():`',
    },
    changes: 'nothing',
  },

  // Maintenance.
  VacuumStmt: variants((node) => (node.is_vacuumcmd !== true ? 'analyze' : hasOption(node.options, 'full') ? 'full' : 'vacuum'), {
    analyze: { action: 'ANALYZE', rerun: SAFE, lock: lock('SHARE UPDATE EXCLUSIVE', 'scan'), changes: 'nothing' },
    vacuum: { action: 'VACUUM', rerun: SAFE, lock: lock('SHARE UPDATE EXCLUSIVE', 'scan'), changes: 'nothing', outsideTransaction: true },
    full: { action: 'VACUUM FULL', rerun: SAFE, lock: lock('ACCESS EXCLUSIVE', 'rewrite'), changes: 'nothing', outsideTransaction: true },
  }),
  ClusterStmt: { action: 'CLUSTER', rerun: SAFE, lock: lock('ACCESS EXCLUSIVE', 'rewrite'), changes: 'nothing' },
  ReindexStmt: variants((node) => (hasOption(node.params, 'concurrently') ? 'concurrently' : 'plain'), {
    plain: { action: 'REINDEX', rerun: SAFE, lock: lock('SHARE', 'build'), changes: 'nothing', hazards: ['index-build'] },
    concurrently: { action: 'REINDEX CONCURRENTLY', rerun: SAFE, lock: lock('SHARE UPDATE EXCLUSIVE', 'build'), changes: 'nothing', outsideTransaction: true },
  }),
  RefreshMatViewStmt: variants((node) => (node.concurrent === true ? 'concurrently' : 'plain'), {
    plain: { action: 'REFRESH MATERIALIZED VIEW', rerun: SAFE, lock: lock('ACCESS EXCLUSIVE', 'rewrite'), changes: 'data' },
    concurrently: { action: 'REFRESH MATERIALIZED VIEW CONCURRENTLY', rerun: SAFE, lock: lock('EXCLUSIVE', 'rewrite'), changes: 'data' },
  }),

  // Tables, views, indexes, sequences.
  CreateStmt: { action: 'CREATE TABLE', rerun: ifNotExists('CREATE TABLE IF NOT EXISTS'), changes: 'schema' },
  CreateTableAsStmt: variants((node) => (node.objtype === 'OBJECT_MATVIEW' ? 'matview' : 'table'), {
    table: { action: 'CREATE TABLE AS', rerun: ifNotExists('CREATE TABLE IF NOT EXISTS ... AS'), changes: 'schema' },
    matview: { action: 'CREATE MATERIALIZED VIEW', rerun: ifNotExists('CREATE MATERIALIZED VIEW IF NOT EXISTS'), changes: 'schema' },
  }),
  CreateForeignTableStmt: {
    action: 'CREATE FOREIGN TABLE',
    rerun: { kind: 'clause', clause: 'IF NOT EXISTS', guarded: 'CREATE FOREIGN TABLE IF NOT EXISTS', written: (node) => (node.base as PgNode | undefined)?.if_not_exists === true },
    changes: 'schema',
  },
  AlterTableStmt: { action: 'ALTER TABLE', rerun: SAFE, changes: 'schema' },
  ViewStmt: { action: 'CREATE VIEW', rerun: orReplace('CREATE OR REPLACE VIEW'), changes: 'schema' },
  IndexStmt: variants((node) => (node.concurrent === true ? 'concurrently' : 'plain'), {
    plain: { action: 'CREATE INDEX', rerun: ifNotExists('CREATE INDEX IF NOT EXISTS'), lock: lock('SHARE', 'build'), changes: 'schema', hazards: ['index-build'] },
    concurrently: {
      action: 'CREATE INDEX CONCURRENTLY',
      rerun: ifNotExists('CREATE INDEX CONCURRENTLY IF NOT EXISTS'),
      lock: lock('SHARE UPDATE EXCLUSIVE', 'build'),
      changes: 'schema',
      outsideTransaction: true,
    },
  }),
  CreateSeqStmt: { action: 'CREATE SEQUENCE', rerun: ifNotExists('CREATE SEQUENCE IF NOT EXISTS'), changes: 'schema' },
  AlterSeqStmt: { action: 'ALTER SEQUENCE', rerun: SAFE, changes: 'schema' },
  CreateStatsStmt: { action: 'CREATE STATISTICS', rerun: ifNotExists('CREATE STATISTICS IF NOT EXISTS'), lock: lock('SHARE UPDATE EXCLUSIVE', 'catalog'), changes: 'schema' },
  AlterStatsStmt: { action: 'ALTER STATISTICS', rerun: SAFE, changes: 'schema' },
  CreateTrigStmt: { action: 'CREATE TRIGGER', rerun: orReplace('CREATE OR REPLACE TRIGGER (PostgreSQL 14+)'), lock: lock('SHARE ROW EXCLUSIVE', 'catalog'), changes: 'schema' },
  RuleStmt: { action: 'CREATE RULE', rerun: orReplace('CREATE OR REPLACE RULE'), lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
  CreatePolicyStmt: { action: 'CREATE POLICY', rerun: lookup('pg_policy', 'policy of that name on that table'), lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
  AlterPolicyStmt: { action: 'ALTER POLICY', rerun: SAFE, lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
  CommentStmt: { action: 'COMMENT ON', rerun: SAFE, lock: lock('SHARE UPDATE EXCLUSIVE', 'catalog'), changes: 'schema' },
  SecLabelStmt: { action: 'SECURITY LABEL', rerun: SAFE, changes: 'nothing' },

  // Renames, moves, drops.
  RenameStmt: variants((node) => (RELATIONS.has(String(node.renameType)) ? 'relation' : node.renameType === 'OBJECT_COLUMN' ? 'column' : 'other'), {
    relation: { action: 'RENAME', rerun: ifExists('ALTER TABLE IF EXISTS old RENAME TO new'), lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema', hazards: ['rename'] },
    column: {
      action: 'RENAME COLUMN',
      rerun: { kind: 'guard', guarded: 'a DO block that renames only while pg_attribute has the old name and not the new one' },
      lock: lock('ACCESS EXCLUSIVE', 'catalog'),
      changes: 'schema',
      hazards: ['rename'],
    },
    other: { action: 'RENAME', rerun: { kind: 'guard', guarded: 'a DO block that renames only while the catalog has the old name and not the new one' }, lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
  }),
  AlterObjectSchemaStmt: variants((node) => (RELATIONS.has(String(node.objectType)) ? 'relation' : 'other'), {
    relation: { action: 'SET SCHEMA', rerun: ifExists('ALTER TABLE IF EXISTS old_schema.name SET SCHEMA new_schema'), lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
    other: { action: 'SET SCHEMA', rerun: { kind: 'guard', guarded: 'a DO block that moves it only while it is still in the old schema' }, changes: 'schema' },
  }),
  AlterOwnerStmt: { action: 'OWNER TO', rerun: SAFE, changes: 'nothing' },
  AlterObjectDependsStmt: { action: 'DEPENDS ON EXTENSION', rerun: SAFE, changes: 'schema' },
  DropStmt: variants((node) => (node.removeType === 'OBJECT_INDEX' ? (node.concurrent === true ? 'index concurrently' : 'index') : RELATIONS.has(String(node.removeType)) ? 'relation' : 'other'), {
    index: { action: 'DROP INDEX', rerun: ifExists('DROP INDEX IF EXISTS'), lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema', hazards: ['index-drop'] },
    'index concurrently': {
      action: 'DROP INDEX CONCURRENTLY',
      rerun: ifExists('DROP INDEX CONCURRENTLY IF EXISTS'),
      lock: lock('SHARE UPDATE EXCLUSIVE', 'catalog'),
      changes: 'schema',
      outsideTransaction: true,
    },
    relation: { action: 'DROP', rerun: ifExists('DROP ... IF EXISTS'), lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
    other: { action: 'DROP', rerun: ifExists('DROP ... IF EXISTS'), changes: 'schema' },
  }),
  DropOwnedStmt: { action: 'DROP OWNED', rerun: SAFE, changes: 'schema' },
  ReassignOwnedStmt: { action: 'REASSIGN OWNED', rerun: SAFE, changes: 'nothing' },

  // Types and functions.
  CreateEnumStmt: { action: 'CREATE TYPE', rerun: lookup('pg_type', 'type of that name in that schema'), changes: 'schema' },
  CompositeTypeStmt: { action: 'CREATE TYPE', rerun: lookup('pg_type', 'type of that name in that schema'), changes: 'schema' },
  CreateRangeStmt: { action: 'CREATE TYPE', rerun: lookup('pg_type', 'type of that name in that schema'), changes: 'schema' },
  CreateDomainStmt: { action: 'CREATE DOMAIN', rerun: lookup('pg_type', 'domain of that name in that schema'), changes: 'schema' },
  AlterEnumStmt: variants((node) => (node.oldVal !== undefined ? 'rename value' : 'add value'), {
    'add value': { action: 'ADD VALUE', rerun: clause('IF NOT EXISTS', "ALTER TYPE ... ADD VALUE IF NOT EXISTS", 'skipIfNewValExists'), changes: 'schema' },
    'rename value': { action: 'RENAME VALUE', rerun: lookup('pg_enum', 'label of the new name (and still has the old one)'), changes: 'schema', hazards: ['rename'] },
  }),
  AlterDomainStmt: variants((node) => (node.subtype === 'C' ? 'add constraint' : node.subtype === 'X' ? 'drop constraint' : node.subtype === 'O' ? 'set not null' : 'other'), {
    'add constraint': { action: 'ADD CONSTRAINT', rerun: lookup('pg_constraint', 'constraint of that name on that domain'), changes: 'schema' },
    'drop constraint': { action: 'DROP CONSTRAINT', rerun: ifExists('ALTER DOMAIN ... DROP CONSTRAINT IF EXISTS'), changes: 'schema' },
    'set not null': { action: 'SET NOT NULL', rerun: SAFE, changes: 'schema' },
    other: { action: 'ALTER DOMAIN', rerun: SAFE, changes: 'schema' },
  }),
  AlterTypeStmt: { action: 'ALTER TYPE', rerun: SAFE, changes: 'schema' },
  DefineStmt: variants((node) => (node.kind === 'OBJECT_AGGREGATE' ? 'aggregate' : node.kind === 'OBJECT_COLLATION' ? 'collation' : 'other'), {
    aggregate: { action: 'CREATE AGGREGATE', rerun: orReplace('CREATE OR REPLACE AGGREGATE'), changes: 'schema' },
    collation: { action: 'CREATE COLLATION', rerun: ifNotExists('CREATE COLLATION IF NOT EXISTS'), changes: 'schema' },
    other: { action: 'CREATE', rerun: lookup('the catalog', 'object of that name'), changes: 'schema' },
  }),
  CreateFunctionStmt: { action: 'CREATE FUNCTION', rerun: orReplace('CREATE OR REPLACE FUNCTION'), changes: 'schema' },
  AlterFunctionStmt: { action: 'ALTER FUNCTION', rerun: SAFE, changes: 'schema' },
  CreateCastStmt: { action: 'CREATE CAST', rerun: lookup('pg_cast', 'cast between those types'), changes: 'schema' },
  CreateConversionStmt: { action: 'CREATE CONVERSION', rerun: lookup('pg_conversion', 'conversion of that name'), changes: 'schema' },
  CreateTransformStmt: { action: 'CREATE TRANSFORM', rerun: orReplace('CREATE OR REPLACE TRANSFORM'), changes: 'schema' },
  CreateOpClassStmt: { action: 'CREATE OPERATOR CLASS', rerun: lookup('pg_opclass', 'operator class of that name'), changes: 'schema' },
  CreateOpFamilyStmt: { action: 'CREATE OPERATOR FAMILY', rerun: lookup('pg_opfamily', 'operator family of that name'), changes: 'schema' },
  AlterOpFamilyStmt: { action: 'ALTER OPERATOR FAMILY', rerun: lookup('pg_amop', 'such member'), changes: 'schema' },
  AlterOperatorStmt: { action: 'ALTER OPERATOR', rerun: SAFE, changes: 'schema' },
  CreatePLangStmt: { action: 'CREATE LANGUAGE', rerun: orReplace('CREATE OR REPLACE LANGUAGE'), changes: 'schema' },
  CreateAmStmt: { action: 'CREATE ACCESS METHOD', rerun: lookup('pg_am', 'access method of that name'), changes: 'schema' },
  CreateEventTrigStmt: { action: 'CREATE EVENT TRIGGER', rerun: lookup('pg_event_trigger', 'event trigger of that name'), changes: 'schema' },
  AlterEventTrigStmt: { action: 'ALTER EVENT TRIGGER', rerun: SAFE, changes: 'schema' },
  AlterCollationStmt: { action: 'ALTER COLLATION', rerun: SAFE, changes: 'schema' },
  AlterTSDictionaryStmt: { action: 'ALTER TEXT SEARCH DICTIONARY', rerun: SAFE, changes: 'schema' },
  AlterTSConfigurationStmt: variants((node) => (node.kind === 'ALTER_TSCONFIG_ADD_MAPPING' ? 'add mapping' : 'other'), {
    'add mapping': { action: 'ADD MAPPING', rerun: { kind: 'guard', guarded: 'ALTER MAPPING (which replaces), or a DO block that checks pg_ts_config_map' }, changes: 'schema' },
    other: { action: 'ALTER TEXT SEARCH CONFIGURATION', rerun: SAFE, changes: 'schema' },
  }),

  // Schemas, extensions, foreign data.
  CreateSchemaStmt: { action: 'CREATE SCHEMA', rerun: ifNotExists('CREATE SCHEMA IF NOT EXISTS'), changes: 'schema' },
  CreateExtensionStmt: { action: 'CREATE EXTENSION', rerun: ifNotExists('CREATE EXTENSION IF NOT EXISTS'), changes: 'schema' },
  AlterExtensionStmt: { action: 'ALTER EXTENSION', rerun: SAFE, changes: 'schema' },
  AlterExtensionContentsStmt: { action: 'ALTER EXTENSION ADD/DROP', rerun: lookup('pg_depend', 'such member of the extension'), changes: 'schema' },
  CreateFdwStmt: { action: 'CREATE FOREIGN DATA WRAPPER', rerun: lookup('pg_foreign_data_wrapper', 'wrapper of that name'), changes: 'schema' },
  AlterFdwStmt: { action: 'ALTER FOREIGN DATA WRAPPER', rerun: SAFE, changes: 'schema' },
  CreateForeignServerStmt: { action: 'CREATE SERVER', rerun: ifNotExists('CREATE SERVER IF NOT EXISTS'), changes: 'schema' },
  AlterForeignServerStmt: { action: 'ALTER SERVER', rerun: SAFE, changes: 'schema' },
  CreateUserMappingStmt: { action: 'CREATE USER MAPPING', rerun: ifNotExists('CREATE USER MAPPING IF NOT EXISTS'), changes: 'nothing' },
  AlterUserMappingStmt: { action: 'ALTER USER MAPPING', rerun: SAFE, changes: 'nothing' },
  DropUserMappingStmt: { action: 'DROP USER MAPPING', rerun: ifExists('DROP USER MAPPING IF EXISTS'), changes: 'nothing' },
  ImportForeignSchemaStmt: { action: 'IMPORT FOREIGN SCHEMA', rerun: lookup('pg_class', 'table of those names'), changes: 'schema' },

  // Privileges and roles.
  GrantStmt: { action: 'GRANT', rerun: SAFE, changes: 'nothing' },
  GrantRoleStmt: { action: 'GRANT role', rerun: SAFE, changes: 'nothing' },
  AlterDefaultPrivilegesStmt: { action: 'ALTER DEFAULT PRIVILEGES', rerun: SAFE, changes: 'nothing' },
  CreateRoleStmt: { action: 'CREATE ROLE', rerun: lookup('pg_roles', 'role of that name'), changes: 'nothing' },
  AlterRoleStmt: { action: 'ALTER ROLE', rerun: SAFE, changes: 'nothing' },
  AlterRoleSetStmt: { action: 'ALTER ROLE SET', rerun: SAFE, changes: 'nothing' },
  DropRoleStmt: { action: 'DROP ROLE', rerun: ifExists('DROP ROLE IF EXISTS'), changes: 'nothing' },

  // Databases, tablespaces, server settings, replication.
  CreatedbStmt: { action: 'CREATE DATABASE', rerun: lookup('pg_database', 'database of that name'), changes: 'nothing', outsideTransaction: true },
  DropdbStmt: { action: 'DROP DATABASE', rerun: ifExists('DROP DATABASE IF EXISTS'), changes: 'nothing', outsideTransaction: true, hazards: ['drop-database'] },
  AlterDatabaseStmt: { action: 'ALTER DATABASE', rerun: SAFE, changes: 'nothing' },
  AlterDatabaseSetStmt: { action: 'ALTER DATABASE SET', rerun: SAFE, changes: 'nothing' },
  AlterDatabaseRefreshCollStmt: { action: 'ALTER DATABASE REFRESH COLLATION VERSION', rerun: SAFE, changes: 'nothing' },
  AlterSystemStmt: { action: 'ALTER SYSTEM', rerun: SAFE, changes: 'nothing', outsideTransaction: true },
  CreateTableSpaceStmt: { action: 'CREATE TABLESPACE', rerun: lookup('pg_tablespace', 'tablespace of that name'), changes: 'nothing', outsideTransaction: true },
  DropTableSpaceStmt: { action: 'DROP TABLESPACE', rerun: ifExists('DROP TABLESPACE IF EXISTS'), changes: 'nothing', outsideTransaction: true },
  AlterTableSpaceOptionsStmt: { action: 'ALTER TABLESPACE', rerun: SAFE, changes: 'nothing' },
  AlterTableMoveAllStmt: { action: 'ALTER TABLE ALL IN TABLESPACE', rerun: SAFE, lock: lock('ACCESS EXCLUSIVE', 'rewrite'), changes: 'nothing' },
  CreatePublicationStmt: { action: 'CREATE PUBLICATION', rerun: lookup('pg_publication', 'publication of that name'), changes: 'nothing' },
  AlterPublicationStmt: variants((node) => (node.action === 'AP_SetObjects' ? 'set' : 'add or drop'), {
    'add or drop': { action: 'ALTER PUBLICATION ADD/DROP', rerun: lookup('pg_publication_rel', 'such member of the publication (or use SET)'), changes: 'nothing' },
    set: { action: 'ALTER PUBLICATION SET', rerun: SAFE, changes: 'nothing' },
  }),
  CreateSubscriptionStmt: { action: 'CREATE SUBSCRIPTION', rerun: lookup('pg_subscription', 'subscription of that name'), changes: 'nothing', outsideTransaction: true },
  AlterSubscriptionStmt: { action: 'ALTER SUBSCRIPTION', rerun: SAFE, changes: 'nothing' },
  DropSubscriptionStmt: { action: 'DROP SUBSCRIPTION', rerun: ifExists('DROP SUBSCRIPTION IF EXISTS'), changes: 'nothing', outsideTransaction: true },
};

/** The entry of a statement node's kind; undefined for a kind this build of the tool does not know. */
export function statementEntry(kind: string): SafetyEntry | undefined {
  return Object.hasOwn(STATEMENTS, kind) ? STATEMENTS[kind as StatementKind] : undefined;
}

