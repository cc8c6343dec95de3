import type { Change, Comparison } from './comparison.js';
import type { Findings } from './findings.js';
import { specType } from './spec-type.js';

type ColumnChange = Extract<Change, { kind: 'add_column' | 'drop_column' }>;

/**
 * Alembic sees a renamed column as one dropped and one added. When both have the same type on
 * the same table, say so with the command that renames instead: the drop would lose the data.
 * The migration still does what the models say; nothing is turned into a rename silently.
 */
export function warnProbableRenames(comparison: Comparison, schema: string, findings: Findings): void {
  const typeOf = (change: ColumnChange): string | undefined => {
    const result = specType(change.column.type, schema, comparison.types);
    return 'text' in result ? result.text : undefined;
  };
  const columnChanges = comparison.changes.filter((change): change is ColumnChange => change.kind === 'add_column' || change.kind === 'drop_column');
  for (const dropped of columnChanges.filter((change) => change.kind === 'drop_column')) {
    const type = typeOf(dropped);
    const added = columnChanges.filter((change) => change.kind === 'add_column' && change.schema === dropped.schema && change.table === dropped.table && typeOf(change) === type);
    for (const candidate of type === undefined ? [] : added) {
      const [from, to] = [dropped.column.name, candidate.column.name];
      findings.warn(
        `table ${dropped.table}`,
        `column ${from} is dropped and ${to} added, both ${type}: if ${to} is ${from} renamed, this loses the data in ${from}; rename it instead with \`create-migration rename-column ${dropped.table} ${from} ${to}\`, then run autogenerate again for the other changes`,
      );
    }
  }
}
