import type { AlterTableType } from '@pgsql/types';
import { clause, functionName, lock, lookup, SAFE, someNode, variants, type PgNode, type SafetyEntry, type StatementSafety } from './safety-model.js';

// The ALTER TABLE half of the statement-safety table: one entry per subcommand libpg_query knows
// (AlterTableType), each with its rerun safety and the lock it takes on the table. Lock modes are
// PostgreSQL's (AlterTableGetLockLevel), as pg_locks shows them on PostgreSQL 15.

const ifExists = (guarded: string) => clause('IF EXISTS', guarded, 'missing_ok');
const CONSTRAINT_LOOKUP = lookup('pg_constraint', 'constraint of that name for that table (conrelid = to_regclass(...))');

/** Functions whose value differs per row: a default calling one is computed for every existing row. */
const VOLATILE_FUNCTIONS = new Set([
  'random',
  'random_normal',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'txid_current',
  'gen_random_bytes',
]);

const SERIAL_TYPES = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

function constraintsOf(column: PgNode): PgNode[] {
  return ((column.constraints as { Constraint: PgNode }[] | undefined) ?? []).map((entry) => entry.Constraint);
}

/** The volatile function a default expression (a parse tree) calls, if it calls one. */
export function volatileCall(expression: unknown): string | undefined {
  let found: string | undefined;
  someNode(expression, 'FuncCall', (call) => {
    const name = functionName(call);
    if (name !== undefined && VOLATILE_FUNCTIONS.has(name)) found = name;
    return found !== undefined;
  });
  return found;
}

const VOLATILE_CALL = new RegExp(`(?:^|[^\\w."])(?:pg_catalog\\.|public\\.)?(${[...VOLATILE_FUNCTIONS].join('|')})\\s*\\(`, 'i');

/**
 * The volatile function an expression's text calls (a default known only as text, from the
 * schema model), if it calls one: string literals are skipped.
 */
export function volatileCallIn(text: string): string | undefined {
  return VOLATILE_CALL.exec(text.replace(/'(?:[^']|'')*'/g, "''"))?.[1]?.toLowerCase();
}

/** Why ADD COLUMN fills every existing row by rewriting the table, if it does. */
export function rewritingDefault(column: PgNode): string | undefined {
  const typeName = ((column.typeName as { names?: { String: { sval: string } }[] } | undefined)?.names ?? []).at(-1)?.String.sval;
  if (typeName !== undefined && SERIAL_TYPES.has(typeName)) return `a ${typeName} column`;
  for (const constraint of constraintsOf(column)) {
    if (constraint.contype === 'CONSTR_IDENTITY') return 'an identity column';
    if (constraint.contype === 'CONSTR_GENERATED') return 'a stored generated column';
    if (constraint.contype === 'CONSTR_DEFAULT') {
      const call = volatileCall(constraint.raw_expr);
      if (call !== undefined) return `the volatile default ${call}()`;
    }
  }
  return undefined;
}

function addColumnVariant(command: PgNode): 'plain' | 'rewriting default' | 'required' {
  const column = (command.def as { ColumnDef?: PgNode } | undefined)?.ColumnDef ?? {};
  if (rewritingDefault(column) !== undefined) return 'rewriting default';
  const constraints = constraintsOf(column);
  const notNull = column.is_not_null === true || constraints.some((constraint) => constraint.contype === 'CONSTR_NOTNULL' || constraint.contype === 'CONSTR_PRIMARY');
  return notNull && !constraints.some((constraint) => constraint.contype === 'CONSTR_DEFAULT') ? 'required' : 'plain';
}

type ConstraintVariant = 'check' | 'check not valid' | 'foreign key' | 'foreign key not valid' | 'unique' | 'unique using index' | 'exclusion' | 'other';

/** Which kind of constraint a Constraint node adds, and how (validated or NOT VALID, building its index or using one). */
export function constraintVariant(constraint: PgNode): ConstraintVariant {
  const notValid = constraint.skip_validation === true;
  switch (constraint.contype) {
    case 'CONSTR_CHECK':
      return notValid ? 'check not valid' : 'check';
    case 'CONSTR_FOREIGN':
      return notValid ? 'foreign key not valid' : 'foreign key';
    case 'CONSTR_UNIQUE':
    case 'CONSTR_PRIMARY':
      return constraint.indexname !== undefined ? 'unique using index' : 'unique';
    case 'CONSTR_EXCLUSION':
      return 'exclusion';
    default:
      return 'other';
  }
}

/** The safety of adding each kind of constraint, whether by ADD CONSTRAINT or inline in a column. */
export const CONSTRAINTS: Readonly<Record<ConstraintVariant, StatementSafety>> = {
  check: { action: 'ADD CONSTRAINT', rerun: CONSTRAINT_LOOKUP, lock: lock('ACCESS EXCLUSIVE', 'scan'), changes: 'schema', hazards: ['validated-check'] },
  'check not valid': { action: 'ADD CONSTRAINT', rerun: CONSTRAINT_LOOKUP, lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
  'foreign key': {
    action: 'ADD CONSTRAINT',
    rerun: CONSTRAINT_LOOKUP,
    lock: lock('SHARE ROW EXCLUSIVE', 'scan', 'SHARE ROW EXCLUSIVE'),
    changes: 'schema',
    hazards: ['validated-foreign-key'],
  },
  'foreign key not valid': { action: 'ADD CONSTRAINT', rerun: CONSTRAINT_LOOKUP, lock: lock('SHARE ROW EXCLUSIVE', 'catalog', 'SHARE ROW EXCLUSIVE'), changes: 'schema' },
  unique: { action: 'ADD CONSTRAINT', rerun: CONSTRAINT_LOOKUP, lock: lock('ACCESS EXCLUSIVE', 'build'), changes: 'schema', hazards: ['unique-constraint'] },
  'unique using index': { action: 'ADD CONSTRAINT', rerun: CONSTRAINT_LOOKUP, lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
  exclusion: { action: 'ADD CONSTRAINT', rerun: CONSTRAINT_LOOKUP, lock: lock('ACCESS EXCLUSIVE', 'build'), changes: 'schema' },
  other: { action: 'ADD CONSTRAINT', rerun: CONSTRAINT_LOOKUP, lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
};

const catalogOnly = (action: string, mode: 'ACCESS EXCLUSIVE' | 'SHARE UPDATE EXCLUSIVE' | 'SHARE ROW EXCLUSIVE' = 'ACCESS EXCLUSIVE'): StatementSafety => ({
  action,
  rerun: SAFE,
  lock: lock(mode, 'catalog'),
  changes: 'schema',
});
const rewrite = (action: string): StatementSafety => ({ action, rerun: SAFE, lock: lock('ACCESS EXCLUSIVE', 'rewrite'), changes: 'schema' });
/** Subcommands PostgreSQL makes for itself while executing others; never in a parsed script. */
const internal = (action: string): StatementSafety => catalogOnly(action);

export const ALTER_TABLE_COMMANDS: Readonly<Record<AlterTableType, SafetyEntry>> = {
  AT_AddColumn: variants(addColumnVariant, {
    plain: { action: 'ADD COLUMN', rerun: clause('IF NOT EXISTS', 'ADD COLUMN IF NOT EXISTS', 'missing_ok'), lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
    'rewriting default': {
      action: 'ADD COLUMN',
      rerun: clause('IF NOT EXISTS', 'ADD COLUMN IF NOT EXISTS', 'missing_ok'),
      lock: lock('ACCESS EXCLUSIVE', 'rewrite'),
      changes: 'schema',
      hazards: ['rewriting-default'],
    },
    required: {
      action: 'ADD COLUMN',
      rerun: clause('IF NOT EXISTS', 'ADD COLUMN IF NOT EXISTS', 'missing_ok'),
      lock: lock('ACCESS EXCLUSIVE', 'catalog'),
      changes: 'schema',
      hazards: ['required-column'],
    },
  }),
  AT_AddColumnToView: catalogOnly('ADD COLUMN'),
  AT_ColumnDefault: catalogOnly('SET DEFAULT'),
  AT_CookedColumnDefault: internal('SET DEFAULT'),
  AT_DropNotNull: catalogOnly('DROP NOT NULL'),
  AT_SetNotNull: { action: 'SET NOT NULL', rerun: SAFE, lock: lock('ACCESS EXCLUSIVE', 'scan'), changes: 'schema', hazards: ['set-not-null'] },
  AT_SetExpression: rewrite('SET EXPRESSION'),
  AT_DropExpression: { action: 'DROP EXPRESSION', rerun: ifExists('DROP EXPRESSION IF EXISTS'), lock: lock('ACCESS EXCLUSIVE', 'rewrite'), changes: 'schema' },
  AT_CheckNotNull: internal('SET NOT NULL'),
  AT_SetStatistics: catalogOnly('SET STATISTICS', 'SHARE UPDATE EXCLUSIVE'),
  AT_SetOptions: catalogOnly('SET', 'SHARE UPDATE EXCLUSIVE'),
  AT_ResetOptions: catalogOnly('RESET', 'SHARE UPDATE EXCLUSIVE'),
  AT_SetStorage: catalogOnly('SET STORAGE'),
  AT_SetCompression: catalogOnly('SET COMPRESSION'),
  AT_DropColumn: { action: 'DROP COLUMN', rerun: ifExists('DROP COLUMN IF EXISTS'), lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
  AT_AddIndex: internal('ADD INDEX'),
  AT_ReAddIndex: internal('ADD INDEX'),
  AT_AddConstraint: variants((command) => constraintVariant((command.def as { Constraint?: PgNode } | undefined)?.Constraint ?? {}), CONSTRAINTS),
  AT_ReAddConstraint: internal('ADD CONSTRAINT'),
  AT_ReAddDomainConstraint: internal('ADD CONSTRAINT'),
  AT_AlterConstraint: catalogOnly('ALTER CONSTRAINT'),
  AT_ValidateConstraint: { action: 'VALIDATE CONSTRAINT', rerun: SAFE, lock: lock('SHARE UPDATE EXCLUSIVE', 'scan'), changes: 'schema' },
  AT_AddIndexConstraint: internal('ADD CONSTRAINT'),
  AT_DropConstraint: { action: 'DROP CONSTRAINT', rerun: ifExists('DROP CONSTRAINT IF EXISTS'), lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
  AT_ReAddComment: internal('COMMENT'),
  AT_AlterColumnType: { action: 'ALTER COLUMN TYPE', rerun: SAFE, lock: lock('ACCESS EXCLUSIVE', 'rewrite'), changes: 'schema', hazards: ['type-change'] },
  AT_AlterColumnGenericOptions: catalogOnly('OPTIONS'),
  AT_ChangeOwner: catalogOnly('OWNER TO'),
  AT_ClusterOn: catalogOnly('CLUSTER ON', 'SHARE UPDATE EXCLUSIVE'),
  AT_DropCluster: catalogOnly('SET WITHOUT CLUSTER', 'SHARE UPDATE EXCLUSIVE'),
  AT_SetLogged: rewrite('SET LOGGED'),
  AT_SetUnLogged: rewrite('SET UNLOGGED'),
  AT_DropOids: catalogOnly('SET WITHOUT OIDS'),
  AT_SetAccessMethod: rewrite('SET ACCESS METHOD'),
  AT_SetTableSpace: rewrite('SET TABLESPACE'),
  AT_SetRelOptions: catalogOnly('SET', 'SHARE UPDATE EXCLUSIVE'),
  AT_ResetRelOptions: catalogOnly('RESET', 'SHARE UPDATE EXCLUSIVE'),
  AT_ReplaceRelOptions: catalogOnly('SET', 'SHARE UPDATE EXCLUSIVE'),
  AT_EnableTrig: catalogOnly('ENABLE TRIGGER', 'SHARE ROW EXCLUSIVE'),
  AT_EnableAlwaysTrig: catalogOnly('ENABLE ALWAYS TRIGGER', 'SHARE ROW EXCLUSIVE'),
  AT_EnableReplicaTrig: catalogOnly('ENABLE REPLICA TRIGGER', 'SHARE ROW EXCLUSIVE'),
  AT_DisableTrig: catalogOnly('DISABLE TRIGGER', 'SHARE ROW EXCLUSIVE'),
  AT_EnableTrigAll: catalogOnly('ENABLE TRIGGER ALL', 'SHARE ROW EXCLUSIVE'),
  AT_DisableTrigAll: catalogOnly('DISABLE TRIGGER ALL', 'SHARE ROW EXCLUSIVE'),
  AT_EnableTrigUser: catalogOnly('ENABLE TRIGGER USER', 'SHARE ROW EXCLUSIVE'),
  AT_DisableTrigUser: catalogOnly('DISABLE TRIGGER USER', 'SHARE ROW EXCLUSIVE'),
  AT_EnableRule: catalogOnly('ENABLE RULE'),
  AT_EnableAlwaysRule: catalogOnly('ENABLE ALWAYS RULE'),
  AT_EnableReplicaRule: catalogOnly('ENABLE REPLICA RULE'),
  AT_DisableRule: catalogOnly('DISABLE RULE'),
  AT_AddInherit: { action: 'INHERIT', rerun: lookup('pg_inherits', 'row for that child and parent'), lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
  AT_DropInherit: { action: 'NO INHERIT', rerun: { kind: 'guard', guarded: 'a DO block that runs it only while pg_inherits has the row for that child and parent' }, lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
  AT_AddOf: { action: 'OF', rerun: { kind: 'guard', guarded: 'a DO block that runs it only while pg_class.reloftype is unset' }, lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
  AT_DropOf: catalogOnly('NOT OF'),
  AT_ReplicaIdentity: catalogOnly('REPLICA IDENTITY'),
  AT_EnableRowSecurity: catalogOnly('ENABLE ROW LEVEL SECURITY'),
  AT_DisableRowSecurity: catalogOnly('DISABLE ROW LEVEL SECURITY'),
  AT_ForceRowSecurity: catalogOnly('FORCE ROW LEVEL SECURITY'),
  AT_NoForceRowSecurity: catalogOnly('NO FORCE ROW LEVEL SECURITY'),
  AT_GenericOptions: catalogOnly('OPTIONS'),
  AT_AttachPartition: {
    action: 'ATTACH PARTITION',
    rerun: lookup('pg_inherits', 'row for that partition'),
    lock: lock('SHARE UPDATE EXCLUSIVE', 'scan'),
    changes: 'schema',
  },
  AT_DetachPartition: variants((command) => ((command.def as { PartitionCmd?: PgNode } | undefined)?.PartitionCmd?.concurrent === true ? 'concurrently' : 'plain'), {
    plain: { action: 'DETACH PARTITION', rerun: { kind: 'guard', guarded: 'a DO block that detaches only while pg_inherits has the row for that partition' }, lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
    concurrently: {
      action: 'DETACH PARTITION CONCURRENTLY',
      rerun: { kind: 'guard', guarded: 'a DO block that detaches only while pg_inherits has the row for that partition' },
      lock: lock('SHARE UPDATE EXCLUSIVE', 'catalog'),
      changes: 'schema',
      outsideTransaction: true,
    },
  }),
  AT_DetachPartitionFinalize: catalogOnly('DETACH PARTITION FINALIZE', 'SHARE UPDATE EXCLUSIVE'),
  AT_AddIdentity: { action: 'ADD GENERATED AS IDENTITY', rerun: lookup('pg_attribute', 'identity on that column (attidentity)'), lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
  AT_SetIdentity: catalogOnly('SET GENERATED'),
  AT_DropIdentity: { action: 'DROP IDENTITY', rerun: ifExists('DROP IDENTITY IF EXISTS'), lock: lock('ACCESS EXCLUSIVE', 'catalog'), changes: 'schema' },
  AT_ReAddStatistics: internal('ADD STATISTICS'),
};
