/**
 * The pure half of each operation's generator: the answers a person gives (in prompts, or as
 * one-line command arguments) become one operation of a spec. Validation, numbering and
 * rendering are the same code `generate --spec` uses, so both paths write the same file.
 */
export type Answers = Readonly<Record<string, unknown>>;
export type RawOperation = Readonly<Record<string, unknown>>;

export interface OperationGenerator {
  /** The spec's `op`, e.g. add_column. */
  readonly op: string;
  readonly description: string;
  toOperation(answers: Answers): RawOperation;
}

/** Drops answers left empty, so an optional prompt skipped by the user is absent from the spec. */
export function compact(fields: Readonly<Record<string, unknown>>): RawOperation {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== ''));
}

/** "ADMIN, USER" → ["ADMIN", "USER"]. */
export function commaList(text: unknown): string[] {
  return String(text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
