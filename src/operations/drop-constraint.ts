import { name, optional, sql } from '../fields/kinds.js';
import { dropConstraintFrom } from '../schema/changes.js';
import { constraintToAdd } from '../schema/restore.js';
import { addConstraintSafely, type ConstraintSort, type ConstraintToAdd } from '../sql/constraints.js';
import { dropConstraint, tableName } from '../sql/ddl.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { constraintShapeChecks } from '../sql/shape-checks.js';
import { expectConstraint } from './expectations.js';
import { formsOn } from './model.js';
import type { OperationKind, ParseContext } from './operation-kind.js';

export interface DropConstraint {
  readonly op: 'drop_constraint';
  readonly table: string;
  readonly name: string;
  /** The constraint as the downgrade re-adds it: from its definition, or as the known schema has it. */
  readonly restore?: ConstraintToAdd;
}

type ParseResult = ReturnType<ParseContext['sql']['parse']>;

type AlterTableCommand = { AlterTableCmd: { subtype: string; def?: { Constraint?: Record<string, unknown> } } };

/** The commands of a parsed ALTER TABLE statement (none when it did not parse). */
function alterTableCommands(parsed: ParseResult): AlterTableCommand[] {
  if ('error' in parsed) return [];
  return (parsed.tree.stmts?.[0]?.stmt.AlterTableStmt as { cmds?: AlterTableCommand[] } | undefined)?.cmds ?? [];
}

const fields = {
  table: name('table'),
  name: name('constraint'),
  /** For the downgrade; default: as the known schema has it. */
  definition: optional(sql('constraint')),
};

const SORTS: Readonly<Record<string, ConstraintSort>> = {
  CONSTR_CHECK: 'check',
  CONSTR_FOREIGN: 'foreign_key',
  CONSTR_UNIQUE: 'unique',
  CONSTR_PRIMARY: 'primary_key',
};

/** A parsed constraint definition as the downgrade re-adds it: a key of nothing but columns can be built concurrently. */
function readConstraint(name: string, definition: string, node: Record<string, unknown>, schema: string): ConstraintToAdd {
  const sort = SORTS[String(node.contype)] ?? 'other';
  const columns = ((node.keys as { String?: { sval: string } }[] | undefined) ?? []).map((key) => key.String?.sval ?? '');
  const plainKey = (sort === 'unique' || sort === 'primary_key') && Object.keys(node).every((key) => ['contype', 'conname', 'keys', 'location'].includes(key));
  const referenced = node.pktable as { schemaname?: string; relname: string } | undefined;
  return {
    name,
    sort,
    definition,
    ...(plainKey && { keyColumns: columns }),
    ...(referenced && { references: tableName(referenced.schemaname ?? schema, referenced.relname) }),
  };
}

export const dropConstraintKind: OperationKind<DropConstraint, typeof fields> = {
  op: 'drop_constraint',
  summary: 'drop a named constraint (IF EXISTS); the downgrade re-adds it, guarded, when its definition is given',
  fields,
  doc: {
    text: `with the definition the downgrade needs to re-add it (else it raises
\`NotImplementedError\` saying why). The downgrade re-adds it the safe way: a CHECK or FOREIGN KEY
\`NOT VALID\`, then validated apart; a UNIQUE or PRIMARY KEY of plain columns from an index built
\`CONCURRENTLY\`. Any other definition (an EXCLUDE, a key with INCLUDE or options) is re-added in one
blocking step, and \`generate\` says so.`,
    example: `- op: drop_constraint
  table: flow_steps
  name: ck_flow_steps_position
  definition: CHECK (position > 0)   # checked by PostgreSQL's parser to be one constraint definition`,
  },

  parse(node, context) {
    const table = node.read('table');
    const name = node.read('name');
    const definitionNode = node.field('definition');
    const text = definitionNode.string();
    let parsed: Record<string, unknown> | undefined;
    if (text !== undefined && /[\u0000-\u001f\u007f]/.test(text)) {
      definitionNode.problem('must be a single line without control characters');
    } else if (text !== undefined) {
      // Exactly one table constraint, as PostgreSQL's parser reads it in ALTER TABLE ... ADD CONSTRAINT.
      const result = context.sql.parse(`ALTER TABLE t ADD CONSTRAINT c ${text}`);
      const commands = alterTableCommands(result);
      if ('error' in result || result.tree.stmts?.length !== 1 || commands.length !== 1 || commands[0]!.AlterTableCmd.subtype !== 'AT_AddConstraint') {
        definitionNode.problem(`must be one constraint definition such as "CHECK (price > 0)", "UNIQUE (email)" or "FOREIGN KEY (a) REFERENCES t (id)"${'error' in result ? `: ${result.error}` : ''}`);
      } else if (alterTableCommands(context.sql.parse(`ALTER TABLE t ADD CONSTRAINT c ${text}, DROP CONSTRAINT d`)).length !== 2) {
        // The command after it is lost: the definition ends in a comment, which would swallow
        // whatever follows it on the line it is rendered into (the guard's `;` and END IF).
        definitionNode.problem('must not end in a -- comment, which would hide the SQL that follows it');
      } else {
        parsed = commands[0]!.AlterTableCmd.def?.Constraint ?? {};
      }
    }
    if (table === undefined || name === undefined) return undefined;
    const known = expectConstraint(context, node.field('name'), table, name);
    const restore = parsed !== undefined ? readConstraint(name, text!.trim(), parsed, context.schema) : known && constraintToAdd(known);
    context.warn(node.path, `drops constraint ${name} of ${table}${restore ? '' : '; without its definition the downgrade cannot re-add it and will refuse to run'}`);
    return { op: 'drop_constraint', table, name, ...(restore !== undefined && { restore }) };
  },

  claims: () => [],

  describe: (operation, { schema }) => `Drop constraint ${quoteIdent(operation.name)} of ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => [dropConstraint(schema, operation.table, operation.name)],
  downgrade: (operation, context) =>
    operation.restore
      ? [
          // A constraint of that name with another definition made since stops the downgrade (issue 14);
          // a foreign key known only from its text is not compared.
          ...(operation.restore.sort === 'foreign_key' ? [] : constraintShapeChecks(context.schema, operation.table, operation.restore)),
          ...addConstraintSafely(context.schema, operation.table, operation.restore, formsOn(context, operation.table)),
        ]
      : [{ refuse: `drop_constraint dropped ${operation.name} of ${operation.table} without its definition in the spec, so it cannot be re-added` }],
  changesOnlyTable: (operation) => operation.table,
  apply: (operation, model, schema) => dropConstraintFrom(model, schema, operation.table, operation.name),
};
