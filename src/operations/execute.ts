import type { SpecNode } from '../fields/spec-node.js';
import { analyzeScript } from '../sql/sql-script.js';
import type { Execute } from './model.js';
import { markPartial } from '../schema/model.js';
import type { OperationKind, ParseContext } from './operation-kind.js';
import type { SqlStatement } from '../sql/statement.js';

function readScript(node: SpecNode, context: ParseContext, warnDestroys: boolean): readonly SqlStatement[] | undefined {
  const text = node.string({ required: true });
  if (text === undefined) return undefined;
  const analysis = analyzeScript(context.sql, text);
  if ('problem' in analysis) return node.problem(analysis.problem);
  if (warnDestroys && analysis.destroys.length > 0) {
    context.warn(node.path, `changes or destroys existing data: ${analysis.destroys.join('; ')}`);
  }
  return analysis.statements;
}

export const execute: OperationKind<Execute> = {
  op: 'execute',
  summary: 'run your own SQL (data changes, guarded DDL) with its downgrade SQL, or mark it irreversible',
  fields: ['upgrade', 'downgrade', 'irreversible'],

  parse(node, context) {
    const upgrade = readScript(node.field('upgrade'), context, true);
    const irreversible = node.field('irreversible').boolean(false);
    const downgradeNode = node.field('downgrade');
    if (irreversible && !downgradeNode.missing) return downgradeNode.problem('give downgrade or irreversible: true, not both');
    if (!irreversible && downgradeNode.missing) return downgradeNode.problem('is required: the SQL that undoes upgrade, or irreversible: true');
    const downgrade = irreversible ? undefined : readScript(downgradeNode, context, false);
    if (upgrade === undefined || (!irreversible && downgrade === undefined)) return undefined;
    return { op: 'execute', upgrade, ...(downgrade && { downgrade }) };
  },

  describe: () => 'Run SQL',
  upgrade: (operation) => [...operation.upgrade],
  downgrade: (operation) =>
    operation.downgrade ? [...operation.downgrade] : [{ refuse: 'an execute operation was marked irreversible' }],

  // Schema changes made by hand-written SQL are not followed: after one, the model no longer
  // claims to know every object.
  apply(operation, model) {
    if (operation.upgrade.some((statement) => statement.changesSchema)) markPartial(model);
  },
};
