import type { Migration, RenderContext, Setting } from '../operations/model.js';
import { operationKind } from '../operations/registry.js';
import { schemaQuery } from '../sql/catalog-queries.js';
import { guarded } from '../sql/do-block.js';
import { quoteIdent } from '../sql/identifiers.js';
import type { Statement } from '../sql/statement.js';

/** The statements of one operation, under a comment that says what they do. */
export interface Step {
  readonly comment: string;
  readonly statements: readonly Statement[];
}

/** Why the downgrade cannot be written; the file's downgrade() raises with these reasons instead. */
export interface Refused {
  readonly refusals: readonly string[];
}

export interface Plan {
  readonly upgrade: readonly Step[];
  readonly downgrade: readonly Step[] | Refused;
  /** Session settings (lock_timeout, statement_timeout) for every transaction of both directions. */
  readonly settings: readonly Setting[];
}

/**
 * The schema is created when missing and never dropped: other migrations may share it. The
 * catalog check comes first because CREATE SCHEMA IF NOT EXISTS still demands CREATE on the
 * database, which a migration role often lacks once the schema exists.
 */
function createSchemaStep(schema: string): Step {
  return {
    comment: `Create schema ${quoteIdent(schema)} when it is missing (the downgrade leaves it in place)`,
    statements: [{ sql: guarded('IF NOT EXISTS', schemaQuery(schema), `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`) }],
  };
}

/** Upgrade steps in spec order; the downgrade is each operation's reverse, in reverse order. */
export function planMigration(migration: Migration, context: RenderContext): Plan {
  const steps = migration.operations.map((operation) => {
    const kind = operationKind(operation);
    const comment = kind.describe(operation, context);
    return { comment, upgrade: kind.upgrade(operation, context), downgrade: kind.downgrade(operation, context) };
  });
  const refusals = steps.flatMap((step) => step.downgrade.flatMap((statement) => ('refuse' in statement ? [statement.refuse] : [])));
  const schemaSteps = migration.schema === 'public' ? [] : [createSchemaStep(migration.schema)];
  return {
    upgrade: [...schemaSteps, ...steps.map((step) => ({ comment: step.comment, statements: step.upgrade }))],
    downgrade:
      refusals.length > 0
        ? { refusals }
        : steps
            .map((step) => ({
              comment: `Undo: ${step.comment[0]!.toLowerCase()}${step.comment.slice(1)}`,
              statements: step.downgrade.filter((statement): statement is Statement => 'sql' in statement),
            }))
            .reverse(),
    settings: migration.settings,
  };
}
