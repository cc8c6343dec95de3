import { sameType } from '../sql/pg-types.js';
import type { SchemaModel } from './model.js';

/**
 * Where the schema the history's specs build differs from the live database, one line each.
 * Objects only the database has are reported only when the history claims to know everything.
 * Only the tables and enums `followed` accepts are compared: when only some specs were
 * replayed, an object one of the others mentions may have changed after the model's view of it.
 */
export function findDrift(history: SchemaModel, database: SchemaModel, followed: (name: string) => boolean = () => true): string[] {
  const lines: string[] = [];
  for (const [schema, contents] of history.schemas) {
    const live = database.schemas.get(schema);
    for (const [name, table] of contents.tables) {
      if (!followed(name)) continue;
      const liveTable = live?.tables.get(name);
      if (!liveTable) {
        lines.push(`table ${schema}.${name} is in the history's specs but not in the database`);
        continue;
      }
      for (const column of table.columns) {
        const liveColumn = liveTable.columns.find((candidate) => candidate.name === column.name);
        if (!liveColumn) lines.push(`column ${schema}.${name}.${column.name} is in the history's specs but not in the database`);
        else if (!sameType(column.type, liveColumn.type)) lines.push(`column ${schema}.${name}.${column.name} is ${column.type.sql} in the history's specs but ${liveColumn.type.sql} in the database`);
        else if (column.nullable !== liveColumn.nullable) lines.push(`column ${schema}.${name}.${column.name} is ${column.nullable ? 'nullable' : 'NOT NULL'} in the history's specs but ${liveColumn.nullable ? 'nullable' : 'NOT NULL'} in the database`);
      }
      if (history.complete) {
        for (const liveColumn of liveTable.columns) {
          if (!table.columns.some((column) => column.name === liveColumn.name)) lines.push(`column ${schema}.${name}.${liveColumn.name} is in the database but not in the history's specs`);
        }
      }
    }
    for (const [name, labels] of contents.enums) {
      if (!followed(name)) continue;
      const liveLabels = live?.enums.get(name);
      if (!liveLabels) lines.push(`enum ${schema}.${name} is in the history's specs but not in the database`);
      else if (liveLabels.join('\u0000') !== labels.join('\u0000')) lines.push(`enum ${schema}.${name} has labels ${labels.join(', ')} in the history's specs but ${liveLabels.join(', ')} in the database`);
    }
    if (history.complete && live) {
      for (const name of live.tables.keys()) if (!contents.tables.has(name)) lines.push(`table ${schema}.${name} is in the database but not in the history's specs`);
      for (const name of live.enums.keys()) if (!contents.enums.has(name)) lines.push(`enum ${schema}.${name} is in the database but not in the history's specs`);
    }
  }
  return lines;
}
