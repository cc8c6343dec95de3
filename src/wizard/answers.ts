import { compact } from '../fields/raw.js';
import type { DraftFields, DraftOperation, OperationName } from '../operations/registry.js';

/**
 * The pure half of each operation's generator: the answers a person gives (in prompts, or as
 * one-line command arguments) become one operation of a spec. Validation, numbering and
 * rendering are the same code `generate --spec` uses, so both paths write the same file.
 */
export type Answers = Record<string, unknown>;

/**
 * The spec's operation `op` made of answers: what was left empty (undefined, or an empty answer)
 * is dropped, so a skipped optional prompt is absent from the spec; a field the operation does
 * not declare is a compile error. Keys keep their order: the spec is kept in the file as written.
 */
export function draft<N extends OperationName>(op: N, fields: NoInfer<DraftFields<N>>): DraftOperation<N> {
  const made: Readonly<Record<string, unknown>> = { op, ...compact(fields as Readonly<Record<string, unknown>>) };
  return made as DraftOperation<N>;
}

/** "ADMIN, USER" → ["ADMIN", "USER"]; a list (from a one-line command) is kept as it is. */
export function commaList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return String(value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** An answer that is text, trimmed; anything else (a skipped prompt) is undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A nested answer: inquirer stores `column.name` as `{column: {name}}`. */
export function answerAt(answers: Answers, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Answers)[key] : undefined), answers);
}
