export type Severity = 'error' | 'warning';

/** One problem `check` reports: where it is, what is wrong, and how to fix it in one line. */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  /** The file's name inside the versions directory. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly message: string;
  readonly fix: string;
}

/** A finding of a per-file rule, before it is tied to a file name (so it can be cached by content). */
export type FileFinding = Omit<Finding, 'file'>;

/** What every rule declares about itself, for --help, the README and the findings it makes. */
export interface RuleInfo {
  readonly id: string;
  readonly severity: Severity;
  /** The problem, in one line. */
  readonly summary: string;
  /** The usual fix, in one line. */
  readonly fix: string;
}

export function byPlace(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message);
}
