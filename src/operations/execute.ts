import { flag, optional, sql } from '../fields/kinds.js';
import type { SpecNode } from '../fields/spec-node.js';
import { markPartial } from '../schema/model.js';
import { analyzeScript } from '../sql/sql-script.js';
import type { SqlStatement, Statement } from '../sql/statement.js';
import type { OperationKind, ParseContext } from './operation-kind.js';

export interface Execute {
  readonly op: 'execute';
  readonly upgrade: readonly SqlStatement[];
  /** Absent when irreversible: the downgrade then refuses and says to restore from a backup. */
  readonly downgrade?: readonly SqlStatement[];
}

/** A statement of the user's script, run exactly as written (never wrapped in a retry loop). */
function asWritten(statement: SqlStatement): Statement {
  return { sql: statement.sql, autocommit: statement.autocommit, verbatim: statement.verbatim, asWritten: true, ...(statement.locks && { locks: statement.locks }) };
}

const fields = {
  upgrade: sql('script'),
  /** Required unless irreversible. */
  downgrade: optional(sql('script')),
  irreversible: flag(false),
};

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

export const execute: OperationKind<Execute, typeof fields> = {
  op: 'execute',
  summary: 'run your own SQL (data changes, guarded DDL) with its downgrade SQL, or mark it irreversible',
  fields,
  doc: {
    text: `your own SQL, split into statements by PostgreSQL's parser. Statements that cannot run in
a transaction (\`CREATE INDEX CONCURRENTLY\`, \`VACUUM\`, ...) go into an autocommit block by themselves.
SQL that fails (or adds its rows again) when run again is refused, exactly as \`check\` reports it
(one [table of statement safety](#checking-a-history-check) decides for both): \`CREATE TABLE\` without \`IF NOT
EXISTS\`, \`DROP\` without \`IF EXISTS\`, \`ADD CONSTRAINT\`, \`CREATE TYPE\` / \`DOMAIN\`, \`CREATE TRIGGER\` / \`FUNCTION\`
without \`OR REPLACE\`, \`ALTER TYPE ... ADD VALUE\` without \`IF NOT EXISTS\`, renames, \`INSERT\` without \`ON
CONFLICT\`, and the same inside a \`DO\` block unless its \`IF\` looks the object up in the catalog; and so
is transaction control. \`UPDATE\`, \`DELETE\`, \`TRUNCATE\` and \`DROP\` get a warning naming what they change.
A statement whose quoted text spans lines is written into the file exactly as given.`,
    example: `- op: execute
  upgrade: UPDATE users SET status = 'active' WHERE status IS NULL
  downgrade: UPDATE users SET status = NULL WHERE status = 'active'
  # or irreversible: true — the downgrade raises NotImplementedError telling to restore from a backup`,
  },

  parse(node, context) {
    const upgrade = readScript(node.field('upgrade'), context, true);
    const irreversible = node.read('irreversible');
    const downgradeNode = node.field('downgrade');
    if (irreversible && !downgradeNode.missing) return downgradeNode.problem('give downgrade or irreversible: true, not both');
    if (!irreversible && downgradeNode.missing) return downgradeNode.problem('is required: the SQL that undoes upgrade, or irreversible: true');
    const downgrade = irreversible ? undefined : readScript(downgradeNode, context, false);
    if (upgrade === undefined || (!irreversible && downgrade === undefined)) return undefined;
    return { op: 'execute', upgrade, ...(downgrade && { downgrade }) };
  },

  claims: () => [],

  describe: () => 'Run SQL',
  upgrade: (operation) => operation.upgrade.map(asWritten),
  downgrade: (operation) =>
    operation.downgrade ? operation.downgrade.map(asWritten) : [{ refuse: 'an execute operation was marked irreversible' }],

  // Schema changes made by hand-written SQL are not followed: after one, the model no longer
  // claims to know every object.
  apply(operation, model) {
    if (operation.upgrade.some((statement) => statement.changesSchema)) markPartial(model);
  },
};
