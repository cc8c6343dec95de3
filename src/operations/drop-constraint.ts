import { readIdentifier } from '../fields/readers.js';
import { addConstraint, dropConstraint } from '../sql/ddl.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import type { DropConstraint } from './model.js';
import { dropConstraintFrom } from '../schema/changes.js';
import { expectConstraint } from './expectations.js';
import type { OperationKind } from './operation-kind.js';

export const dropConstraintKind: OperationKind<DropConstraint> = {
  op: 'drop_constraint',
  summary: 'drop a named constraint (IF EXISTS); the downgrade re-adds it, guarded, when its definition is given',
  fields: ['table', 'name', 'definition'],

  parse(node, context) {
    const table = readIdentifier(node.field('table'));
    const name = readIdentifier(node.field('name'));
    const definitionNode = node.field('definition');
    const text = definitionNode.string();
    let definition: string | undefined;
    if (text !== undefined && /[\u0000-\u001f\u007f]/.test(text)) {
      definitionNode.problem('must be a single line without control characters');
    } else if (text !== undefined) {
      // Exactly one table constraint, as PostgreSQL's parser reads it in ALTER TABLE ... ADD CONSTRAINT.
      const parsed = context.sql.parse(`ALTER TABLE t ADD CONSTRAINT c ${text}`);
      const commands = 'tree' in parsed ? ((parsed.tree.stmts?.[0]?.stmt.AlterTableStmt as { cmds?: { AlterTableCmd: { subtype: string } }[] } | undefined)?.cmds ?? []) : [];
      if ('error' in parsed || parsed.tree.stmts?.length !== 1 || commands.length !== 1 || commands[0]!.AlterTableCmd.subtype !== 'AT_AddConstraint') {
        definitionNode.problem(`must be one constraint definition such as "CHECK (price > 0)", "UNIQUE (email)" or "FOREIGN KEY (a) REFERENCES t (id)"${'error' in parsed ? `: ${parsed.error}` : ''}`);
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

  describe: (operation, { schema }) => `Drop constraint ${quoteIdent(operation.name)} of ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => [{ sql: dropConstraint(schema, operation.table, operation.name) }],
  downgrade: (operation, { schema }) =>
    operation.definition
      ? [{ sql: addConstraint(schema, operation.table, operation.name, operation.definition) }]
      : [{ refuse: `drop_constraint dropped ${operation.name} of ${operation.table} without its definition in the spec, so it cannot be re-added` }],
  apply: (operation, model, schema) => dropConstraintFrom(model, schema, operation.table, operation.name),
};
