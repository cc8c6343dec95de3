import { qualify, quoteIdent } from './identifiers.js';
import { ALTER_TABLE_COMMANDS, CONSTRAINTS, constraintVariant, rewritingDefault } from './alter-table-safety.js';
import { functionName, resolveSafety, someNode, type PgNode, type StatementSafety } from './safety-model.js';
import { statementEntry } from './statement-safety.js';

// Reads one parsed statement into the actions the statement-safety table describes: one per
// statement, one per ALTER TABLE subcommand, and one per constraint written inline in an added
// column. Pure: the parse tree in, plain facts out, for `generate` and `check` alike.

export interface QualifiedName {
  readonly schema?: string;
  readonly name: string;
}

export interface StatementAction {
  /** The parse node kind (`CreateStmt`), or `AlterTableStmt.AT_AddColumn` for a subcommand. */
  readonly kind: string;
  /** The table's entry for it; an unknown kind gets a stand-in that is never safe. */
  readonly safety: StatementSafety;
  /** How messages name it: `CREATE TABLE`, `DROP VIEW`, `ADD COLUMN`. */
  readonly action: string;
  /** What it acts on, for messages: `app.users`, `users.email`, `uq_users_email on app.users`. */
  readonly object: string;
  /** It runs again without error as written (its kind is safe, or it carries its clause). */
  readonly rerunSafe: boolean;
  /** Libpg_query knows the kind, but this table does not. */
  readonly unknown?: true;
  /** The table whose lock `safety.lock` describes. */
  readonly table?: QualifiedName;
  /** The table a foreign key references. */
  readonly referenced?: QualifiedName;
  /** A table (or view) this statement creates. */
  readonly createsTable?: QualifiedName;
  /** Tables (or views, sequences) this statement drops. */
  readonly dropsTables?: readonly QualifiedName[];
  readonly createsEnum?: QualifiedName;
  readonly dropsTypes?: readonly QualifiedName[];
  /** Constraints written inside an ADD COLUMN's definition (CHECK, UNIQUE, ...). */
  readonly inlineConstraints?: readonly string[];
  /** It belongs to an ADD COLUMN (an inline constraint): it runs only when the column is added. */
  readonly inline?: true;
  /** `SET lock_timeout` (or set_config('lock_timeout', ...)). */
  readonly setsLockTimeout?: true;
  /** What makes it hazardous, when the safety table's words need the particulars: `the volatile default random()`. */
  readonly detail?: string;
  /** A CHECK (column IS NOT NULL) it adds: the constraint's name (if any), the column, and whether it is validated as added. */
  readonly checksNotNull?: { readonly constraint?: string; readonly column: string; readonly validated: boolean };
  /** The constraint a VALIDATE CONSTRAINT validates. */
  readonly validates?: string;
  /** The column a SET NOT NULL (or other column subcommand) names. */
  readonly column?: string;
}

/** The column of a CHECK (column IS NOT NULL), if the constraint is exactly that. */
function notNullColumn(constraint: PgNode): string | undefined {
  const test = (constraint.raw_expr as { NullTest?: PgNode } | undefined)?.NullTest;
  if (constraint.contype !== 'CONSTR_CHECK' || test?.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const fields = ((test.arg as { ColumnRef?: { fields?: Names } } | undefined)?.ColumnRef?.fields) ?? [];
  return fields.length === 1 ? fields[0]!.String?.sval : undefined;
}

type Names = { String?: { sval: string } }[];

const names = (list: unknown): string[] => ((list as Names | undefined) ?? []).flatMap((part) => (part.String ? [part.String.sval] : []));

export function qualified(list: unknown): QualifiedName {
  const parts = names(list);
  return parts.length > 1 ? { schema: parts.at(-2)!, name: parts.at(-1)! } : { name: parts[0] ?? '' };
}

/** A name as PostgreSQL reads it back: quoted where it needs to be (`"App Data".orders`). */
export const shown = (name: QualifiedName): string => (name.schema !== undefined ? qualify(name.schema, name.name) : quoteIdent(name.name));

export function relationName(rangeVar: unknown): QualifiedName | undefined {
  const node = rangeVar as { schemaname?: string; relname?: string } | undefined;
  if (node?.relname === undefined) return undefined;
  return { ...(node.schemaname !== undefined && { schema: node.schemaname }), name: node.relname };
}

const relationShown = (rangeVar: unknown): string => {
  const name = relationName(rangeVar);
  return name ? shown(name) : '(unnamed)';
};

const OBJECT_WORDS: Readonly<Record<string, string>> = {
  OBJECT_TABLE: 'TABLE',
  OBJECT_INDEX: 'INDEX',
  OBJECT_TYPE: 'TYPE',
  OBJECT_DOMAIN: 'DOMAIN',
  OBJECT_VIEW: 'VIEW',
  OBJECT_MATVIEW: 'MATERIALIZED VIEW',
  OBJECT_SEQUENCE: 'SEQUENCE',
  OBJECT_SCHEMA: 'SCHEMA',
  OBJECT_EXTENSION: 'EXTENSION',
  OBJECT_FUNCTION: 'FUNCTION',
  OBJECT_PROCEDURE: 'PROCEDURE',
  OBJECT_ROUTINE: 'ROUTINE',
  OBJECT_AGGREGATE: 'AGGREGATE',
  OBJECT_TRIGGER: 'TRIGGER',
  OBJECT_POLICY: 'POLICY',
  OBJECT_RULE: 'RULE',
  OBJECT_FOREIGN_TABLE: 'FOREIGN TABLE',
  OBJECT_COLUMN: 'COLUMN',
  OBJECT_TABCONSTRAINT: 'CONSTRAINT',
  OBJECT_DOMCONSTRAINT: 'CONSTRAINT',
  OBJECT_PUBLICATION: 'PUBLICATION',
  OBJECT_CAST: 'CAST',
  OBJECT_COLLATION: 'COLLATION',
  OBJECT_OPERATOR: 'OPERATOR',
  OBJECT_STATISTIC_EXT: 'STATISTICS',
};

const objectWord = (type: unknown): string => OBJECT_WORDS[String(type)] ?? String(type ?? '').replace(/^OBJECT_/, '').replaceAll('_', ' ');

/** The name of one entry of a DROP, COMMENT or ALTER ... RENAME object list. */
function objectName(object: unknown): QualifiedName {
  const item = (object ?? {}) as { List?: { items: unknown }; TypeName?: { names: unknown }; ObjectWithArgs?: { objname: unknown }; String?: { sval: string } };
  if (item.List) return qualified(item.List.items);
  if (item.TypeName) return qualified(item.TypeName.names);
  if (item.ObjectWithArgs) return qualified(item.ObjectWithArgs.objname);
  return { name: item.String?.sval ?? '' };
}

function rerunSafe(safety: StatementSafety, node: PgNode): boolean {
  const { rerun } = safety;
  return rerun.kind === 'safe' || (rerun.kind === 'clause' && rerun.written(node));
}

/** An action of `node` (the statement's or subcommand's own fields) with the entry that fits it. */
function action(kind: string, safety: StatementSafety, node: PgNode, object: string, extra: Partial<StatementAction> = {}): StatementAction {
  return { kind, safety, action: safety.action, object, rerunSafe: rerunSafe(safety, node), ...extra };
}

function unknownAction(kind: string, object: string): StatementAction {
  return {
    kind,
    safety: { action: kind, rerun: { kind: 'guard', guarded: 'a statement this version of create-migration knows' }, changes: 'schema' },
    action: kind,
    object,
    rerunSafe: false,
    unknown: true,
  };
}

function constraintObject(constraint: PgNode, table: string): string {
  const name = constraint.conname as string | undefined;
  return `${name !== undefined ? quoteIdent(name) : '(unnamed)'} on ${table}`;
}

const INLINE_CONSTRAINT_WORDS: Readonly<Record<string, string>> = {
  CONSTR_CHECK: 'CHECK',
  CONSTR_UNIQUE: 'UNIQUE',
  CONSTR_PRIMARY: 'PRIMARY KEY',
  CONSTR_FOREIGN: 'REFERENCES',
  CONSTR_EXCLUSION: 'EXCLUDE',
};

function alterTableActions(statement: PgNode): StatementAction[] {
  const tableName = relationName(statement.relation);
  const table = relationShown(statement.relation);
  const on = tableName ? { table: tableName } : {};
  const actions: StatementAction[] = [];
  for (const entry of (statement.cmds as { AlterTableCmd?: PgNode }[] | undefined) ?? []) {
    const command = entry.AlterTableCmd ?? {};
    const subtype = String(command.subtype);
    const kind = `AlterTableStmt.${subtype}`;
    const found = Object.hasOwn(ALTER_TABLE_COMMANDS, subtype) ? ALTER_TABLE_COMMANDS[subtype as keyof typeof ALTER_TABLE_COMMANDS] : undefined;
    if (!found) {
      actions.push({ ...unknownAction(kind, table), ...on });
      continue;
    }
    const safety = resolveSafety(found, command);
    const name = command.name as string | undefined;
    const definition = (command.def ?? {}) as { ColumnDef?: PgNode; Constraint?: PgNode; PartitionCmd?: PgNode };
    if (subtype === 'AT_AddColumn') {
      const column = definition.ColumnDef ?? {};
      const object = `${table}.${quoteIdent(String(column.colname ?? ''))}`;
      const inline = ((column.constraints as { Constraint: PgNode }[] | undefined) ?? []).map((item) => item.Constraint).filter((constraint) => INLINE_CONSTRAINT_WORDS[String(constraint.contype)]);
      const words = inline.map((constraint) => INLINE_CONSTRAINT_WORDS[String(constraint.contype)]!);
      const detail = rewritingDefault(column);
      actions.push(action(kind, safety, command, object, { ...on, ...(words.length > 0 && { inlineConstraints: words }), ...(detail !== undefined && { detail }) }));
      // Each inline constraint is also added, under the same table locks as ADD CONSTRAINT.
      for (const constraint of inline) {
        const referenced = relationName(constraint.pktable);
        const inlineSafety = { ...CONSTRAINTS[constraintVariant(constraint)], action: `ADD COLUMN ... ${INLINE_CONSTRAINT_WORDS[String(constraint.contype)]}` };
        actions.push({ kind: `${kind}.${String(constraint.contype)}`, safety: inlineSafety, action: inlineSafety.action, object, rerunSafe: true, inline: true, ...on, ...(referenced && { referenced }) });
      }
    } else if (subtype === 'AT_AddConstraint') {
      const constraint = definition.Constraint ?? {};
      const referenced = relationName(constraint.pktable);
      const column = notNullColumn(constraint);
      const name = constraint.conname as string | undefined;
      const checksNotNull = column !== undefined ? { column, validated: constraint.skip_validation !== true, ...(name !== undefined && { constraint: name }) } : undefined;
      actions.push(action(kind, safety, command, constraintObject(constraint, table), { ...on, ...(referenced && { referenced }), ...(checksNotNull && { checksNotNull }) }));
    } else if (subtype === 'AT_AttachPartition' || subtype === 'AT_DetachPartition') {
      actions.push(action(kind, safety, command, `${relationShown(definition.PartitionCmd?.name)} of ${table}`, on));
    } else if (subtype === 'AT_DropConstraint' || subtype === 'AT_ValidateConstraint' || subtype === 'AT_AlterConstraint') {
      const validates = subtype === 'AT_ValidateConstraint' && name !== undefined ? { validates: name } : {};
      actions.push(action(kind, safety, command, `${quoteIdent(name ?? '')} on ${table}`, { ...on, ...validates }));
    } else {
      actions.push(action(kind, safety, command, name !== undefined ? `${table}.${quoteIdent(name)}` : table, { ...on, ...(name !== undefined && { column: name }) }));
    }
  }
  return actions;
}

/** The single action of a statement that is not an ALTER TABLE, with its names read from `node`. */
function statementAction(kind: string, safety: StatementSafety, node: PgNode): StatementAction {
  const one = (object: string, extra: Partial<StatementAction> = {}): StatementAction => action(kind, safety, node, object, extra);
  const onRelation = (rangeVar: unknown, extra: Partial<StatementAction> = {}): StatementAction => {
    const table = relationName(rangeVar);
    return one(relationShown(rangeVar), { ...(table && { table }), ...extra });
  };
  const relations = (list: unknown): StatementAction => {
    const items = ((list as { RangeVar?: unknown }[] | undefined) ?? []).map((item) => item.RangeVar);
    const first = relationName(items[0]);
    return one(items.map(relationShown).join(', '), first ? { table: first } : {});
  };
  switch (kind) {
    case 'CreateStmt': {
      const created = relationName(node.relation);
      return one(relationShown(node.relation), created ? { createsTable: created } : {});
    }
    case 'CreateTableAsStmt': {
      const into = (node.into ?? {}) as PgNode;
      const created = relationName(into.rel);
      return one(relationShown(into.rel), created ? { createsTable: created } : {});
    }
    case 'SelectStmt': {
      const into = node.intoClause as PgNode | undefined;
      if (into) {
        const created = relationName(into.rel);
        return one(relationShown(into.rel), created ? { createsTable: created } : {});
      }
      const setsTimeout = someNode(node.targetList, 'FuncCall', (call) => functionName(call) === 'set_config' && ((call.args as PgNode[] | undefined)?.[0]?.A_Const as { sval?: { sval?: string } } | undefined)?.sval?.sval === 'lock_timeout');
      return setsTimeout ? one('lock_timeout', { setsLockTimeout: true }) : one('');
    }
    case 'CreateForeignTableStmt':
      return one(relationShown((node.base as PgNode | undefined)?.relation));
    case 'ViewStmt':
      return one(relationShown(node.view));
    case 'IndexStmt':
      return onRelation(node.relation, { object: node.idxname !== undefined ? quoteIdent(String(node.idxname)) : `(unnamed) on ${relationShown(node.relation)}` });
    case 'CreateSeqStmt':
      return one(relationShown(node.sequence));
    case 'CreateTrigStmt':
      return onRelation(node.relation, { object: `${String(node.trigname ?? '')} on ${relationShown(node.relation)}` });
    case 'RuleStmt':
      return onRelation(node.relation, { object: `${String(node.rulename ?? '')} on ${relationShown(node.relation)}` });
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt':
      return onRelation(node.table, { object: `${String(node.policy_name ?? '')} on ${relationShown(node.table)}` });
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'ClusterStmt':
    case 'RefreshMatViewStmt':
      return onRelation(node.relation);
    case 'MergeStmt':
      return onRelation(node.relation);
    case 'TruncateStmt':
    case 'LockStmt':
      return relations(node.relations);
    case 'VacuumStmt': {
      const rels = ((node.rels as { VacuumRelation?: { relation?: unknown } }[] | undefined) ?? []).map((item) => ({ RangeVar: item.VacuumRelation?.relation }));
      return relations(rels);
    }
    case 'ReindexStmt':
      return node.relation ? onRelation(node.relation) : one(String(node.name ?? ''));
    case 'CommentStmt': {
      const target = objectName(node.object);
      const table = node.objtype === 'OBJECT_TABLE' ? target : node.objtype === 'OBJECT_COLUMN' ? qualified(((node.object as { List?: { items: unknown[] } }).List?.items ?? []).slice(0, -1)) : undefined;
      return one(`${objectWord(node.objtype)} ${shown(target)}`, table ? { table } : {});
    }
    case 'RenameStmt': {
      const target = node.relation ? relationShown(node.relation) : shown(objectName(node.object));
      const table = relationName(node.relation);
      const from = node.subname !== undefined ? `${target}.${quoteIdent(String(node.subname))}` : target;
      return { ...one(`${from} to ${quoteIdent(String(node.newname ?? ''))}`, table ? { table } : {}), action: `RENAME ${objectWord(node.renameType)}` };
    }
    case 'AlterObjectSchemaStmt': {
      const target = node.relation ? relationShown(node.relation) : shown(objectName(node.object));
      const table = relationName(node.relation);
      return one(`${objectWord(node.objectType).toLowerCase()} ${target} to ${String(node.newschema ?? '')}`, table ? { table } : {});
    }
    case 'DropStmt': {
      const objects = ((node.objects as unknown[] | undefined) ?? []).map(objectName);
      const isType = node.removeType === 'OBJECT_TYPE' || node.removeType === 'OBJECT_DOMAIN';
      const word = node.removeType === 'OBJECT_INDEX' ? '' : ` ${objectWord(node.removeType)}`;
      const relations = node.removeType !== 'OBJECT_INDEX' && safety.lock !== undefined;
      const dropped = one(objects.map(shown).join(', '), isType ? { dropsTypes: objects } : relations && objects[0] ? { table: objects[0], dropsTables: objects } : {});
      return word === '' ? dropped : { ...dropped, action: `${safety.action}${word}` };
    }
    case 'CreateEnumStmt': {
      const name = qualified(node.typeName);
      return one(shown(name), { createsEnum: name });
    }
    case 'CompositeTypeStmt':
      return one(relationShown(node.typevar));
    case 'CreateRangeStmt':
    case 'AlterEnumStmt': {
      const type = shown(qualified(node.typeName));
      if (kind === 'CreateRangeStmt') return one(type);
      return node.oldVal !== undefined ? one(`'${String(node.oldVal)}' to '${String(node.newVal)}' of ${type}`) : one(`'${String(node.newVal ?? '')}' to ${type}`);
    }
    case 'CreateDomainStmt':
      return one(shown(qualified(node.domainname)));
    case 'AlterDomainStmt': {
      const domain = shown(qualified(node.typeName));
      const constraint = (node.def as { Constraint?: PgNode } | undefined)?.Constraint;
      return one(constraint ? constraintObject(constraint, domain) : node.name !== undefined ? `${String(node.name)} on ${domain}` : domain);
    }
    case 'CreateFunctionStmt': {
      const created = one(shown(qualified(node.funcname)));
      return node.is_procedure === true ? { ...created, action: 'CREATE PROCEDURE' } : created;
    }
    case 'DefineStmt':
      return { ...one(shown(qualified(node.defnames))), action: `CREATE ${objectWord(node.kind)}` };
    case 'CreateCastStmt':
      return one(`(${shown(qualified((node.sourcetype as PgNode | undefined)?.names))} AS ${shown(qualified((node.targettype as PgNode | undefined)?.names))})`);
    case 'CreateSchemaStmt':
      return one(String(node.schemaname ?? ''));
    case 'CreateExtensionStmt':
      return one(String(node.extname ?? ''));
    case 'CreatedbStmt':
    case 'DropdbStmt':
      return one(String(node.dbname ?? ''));
    case 'CreatePublicationStmt':
    case 'AlterPublicationStmt':
      return one(String(node.pubname ?? ''));
    case 'CreateRoleStmt':
      return one(String(node.role ?? ''));
    case 'CreateStatsStmt':
      return one(shown(qualified(node.defnames)));
    case 'VariableSetStmt':
      return node.name === 'lock_timeout' && node.kind === 'VAR_SET_VALUE' ? one('lock_timeout', { setsLockTimeout: true }) : one(String(node.name ?? ''));
    default:
      return one('');
  }
}

/**
 * What one parsed statement (`{ "CreateStmt": {...} }`) does, action by action, as the
 * statement-safety table describes it. A kind the table does not know becomes an `unknown` action.
 */
export function statementActions(statement: PgNode): StatementAction[] {
  const [kind, body] = (Object.entries(statement)[0] ?? ['(empty)', {}]) as [string, PgNode];
  const entry = statementEntry(kind);
  if (!entry) return [unknownAction(kind, '')];
  if (kind === 'AlterTableStmt') return alterTableActions(body);
  return [statementAction(kind, resolveSafety(entry, body), body)];
}
