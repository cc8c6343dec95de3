import type { DraftRecord } from '../fields/raw.js';
import { identifierError } from '../fields/readers.js';
import type { REFERENCE_FIELDS } from '../operations/column.js';
import { REFERENTIAL_ACTIONS, type ReferentialAction } from '../sql/definitions.js';
import { commaList } from './answers.js';
import type { ListQuestion } from './questions.js';

// The referenced side of a foreign key, written `[schema.]table.column[,column...]` both at the
// prompt and on a command line (`flows.id`, `public.accounts.id`, `orders.tenant_id,id`).

export interface Reference {
  readonly schema?: string;
  readonly table: string;
  readonly columns: readonly string[];
}

export const REFERENCE_GRAMMAR = '[SCHEMA.]TABLE.COLUMN[,COLUMN...]';

/** The reference, or why the text is not one. */
export function parseReference(text: string): Reference | string {
  const parts = text.trim().split('.');
  if (parts.length < 2 || parts.length > 3) return `"${text.trim()}" must be ${REFERENCE_GRAMMAR}, e.g. flows.id`;
  const columns = commaList(parts.pop());
  const [schema, table] = parts.length === 2 ? [parts[0], parts[1]!] : [undefined, parts[0]!];
  if (columns.length === 0) return `"${text.trim()}" names no referenced column; write e.g. flows.id`;
  for (const name of [...(schema !== undefined ? [schema] : []), table, ...columns]) {
    const problem = identifierError(name);
    if (problem) return problem;
  }
  return { ...(schema !== undefined && { schema }), table, columns };
}

/** The spec's `references` mapping of a column (one column) or of add_foreign_key (its columns). */
export function referenceSpec(reference: Reference): DraftRecord<typeof REFERENCE_FIELDS> {
  return {
    table: reference.table,
    ...(reference.columns.length === 1 ? { column: reference.columns[0] } : { columns: reference.columns }),
    ...(reference.schema !== undefined && { schema: reference.schema }),
  };
}

/** `cascade`, `set-null`, `SET NULL` → the spec's spelling; anything else is left for the spec to refuse. */
export function referentialAction(text: string): ReferentialAction {
  return text.trim().replace(/[-_\s]+/g, ' ').toUpperCase() as ReferentialAction;
}

/** ON DELETE / ON UPDATE as a list; NO ACTION, PostgreSQL's own default, first. */
export function actionQuestion(name: string, message: string, when?: ListQuestion['when']): ListQuestion {
  return {
    type: 'list',
    name,
    message,
    choices: REFERENTIAL_ACTIONS.map((action) => ({ name: action, value: action })),
    default: 'NO ACTION',
    ...(when && { when }),
  };
}
