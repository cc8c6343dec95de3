/**
 * The pure half of each operation's generator: the answers a person gives (in prompts, or as
 * one-line command arguments) become one operation of a spec. Validation, numbering and
 * rendering are the same code `generate --spec` uses, so both paths write the same file.
 */
export type Answers = Record<string, unknown>;
export type RawOperation = Readonly<Record<string, unknown>>;

/** Drops answers left empty, so an optional prompt skipped by the user is absent from the spec. */
export function compact(fields: Readonly<Record<string, unknown>>): RawOperation {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== ''));
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
