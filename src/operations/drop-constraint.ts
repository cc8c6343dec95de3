import { name, optional, sql } from '../fields/kinds.js';
import { dropConstraintFrom } from '../schema/changes.js';
import { addConstraint, dropConstraint } from '../sql/ddl.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { expectConstraint } from './expectations.js';
import type { OperationKind, ParseContext } from './operation-kind.js';

export interface DropConstraint {
  readonly op: 'drop_constraint';
  readonly table: string;
  readonly name: string;
  /** The constraint's definition (`CHECK (...)`, `UNIQUE (...)`, `FOREIGN KEY ...`) for the downgrade. */
  readonly definition?: string;
}

type ParseResult = ReturnType<ParseContext['sql']['parse']>;

/** The commands of a parsed ALTER TABLE statement (none when it did not parse). */
function alterTableCommands(parsed: ParseResult): { AlterTableCmd: { subtype: string } }[] {
  if ('error' in parsed) return [];
  return (parsed.tree.stmts?.[0]?.stmt.AlterTableStmt as { cmds?: { AlterTableCmd: { subtype: string } }[] } | undefined)?.cmds ?? [];
}

const fields = {
  table: name('table'),
  name: name('constraint'),
  /** For the downgrade; default: as the known schema has it. */
  definition: optional(sql('constraint')),
};

export const dropConstraintKind: OperationKind<DropConstraint, typeof fields> = {
  op: 'drop_constraint',
  summary: 'drop a named constraint (IF EXISTS); the downgrade re-adds it, guarded, when its definition is given',
  fields,
  doc: {
    text: `with the definition the downgrade needs to re-add it (else it raises
\`NotImplementedError\` saying why):`,
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
    let definition: string | undefined;
    if (text !== undefined && /[\u0000-\u001f\u007f]/.test(text)) {
      definitionNode.problem('must be a single line without control characters');
    } else if (text !== undefined) {
      // Exactly one table constraint, as PostgreSQL's parser reads it in ALTER TABLE ... ADD CONSTRAINT.
      const parsed = context.sql.parse(`ALTER TABLE t ADD CONSTRAINT c ${text}`);
      const own = alterTableCommands(parsed);
      if ('error' in parsed || parsed.tree.stmts?.length !== 1 || own.length !== 1 || own[0]!.AlterTableCmd.subtype !== 'AT_AddConstraint') {
        definitionNode.problem(`must be one constraint definition such as "CHECK (price > 0)", "UNIQUE (email)" or "FOREIGN KEY (a) REFERENCES t (id)"${'error' in parsed ? `: ${parsed.error}` : ''}`);
      } else if (alterTableCommands(context.sql.parse(`ALTER TABLE t ADD CONSTRAINT c ${text}, DROP CONSTRAINT d`)).length !== 2) {
        // The command after it is lost: the definition ends in a comment, which would swallow
        // whatever follows it on the line it is rendered into (the guard's `;` and END IF).
        definitionNode.problem('must not end in a -- comment, which would hide the SQL that follows it');
      } else {
        definition = text.trim();
      }
    }
    if (table === undefined || name === undefined) return undefined;
    const known = expectConstraint(context, node.field('name'), table, name);
    definition ??= known?.definition;
    context.warn(node.path, `drops constraint ${name} of ${table}${definition ? '' : '; without its definition the downgrade cannot re-add it and will refuse to run'}`);
    return { op: 'drop_constraint', table, name, ...(definition !== undefined && { definition }) };
  },

  claims: () => [],

  describe: (operation, { schema }) => `Drop constraint ${quoteIdent(operation.name)} of ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => [{ sql: dropConstraint(schema, operation.table, operation.name) }],
  downgrade: (operation, { schema }) =>
    operation.definition
      ? [{ sql: addConstraint(schema, operation.table, operation.name, operation.definition) }]
      : [{ refuse: `drop_constraint dropped ${operation.name} of ${operation.table} without its definition in the spec, so it cannot be re-added` }],
  apply: (operation, model, schema) => dropConstraintFrom(model, schema, operation.table, operation.name),
};
