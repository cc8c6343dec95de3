import { commaList, compact, type OperationGenerator } from './answers.js';

export const GENERATORS: readonly OperationGenerator[] = [
  {
    op: 'create_table',
    description: 'create a table',
    toOperation: (answers) => compact({ op: 'create_table', table: answers.table, columns: answers.columns }),
  },
  {
    op: 'add_column',
    description: 'add a column to a table',
    toOperation: (answers) => compact({ op: 'add_column', table: answers.table, column: answers.column }),
  },
  {
    op: 'add_check',
    description: 'add a check constraint',
    toOperation: (answers) => compact({ op: 'add_check', table: answers.table, name: answers.name, expression: answers.expression }),
  },
  {
    op: 'create_index',
    description: 'add an index',
    toOperation: (answers) =>
      compact({
        op: 'create_index',
        table: answers.table,
        columns: commaList(answers.columns),
        name: answers.name,
        unique: answers.unique,
        using: answers.using,
        where: answers.where,
        concurrently: answers.concurrently,
      }),
  },
  {
    op: 'create_enum',
    description: 'create an enum type',
    toOperation: (answers) => compact({ op: 'create_enum', name: answers.name, values: commaList(answers.values) }),
  },
];
