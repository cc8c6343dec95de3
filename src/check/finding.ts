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

/**
 * What every rule declares about itself, once: the README's rule table, `check --help`, the
 * findings' defaults and the fixture test all read it from the registry (rules/index.ts).
 */
export interface RuleInfo {
  /** Also the name of its fixture folder, test/fixtures/check/<id> (or history/<id>). */
  readonly id: string;
  readonly severity: Severity;
  /** The problem, in one line. */
  readonly summary: string;
  /** The usual fix, in one line, naming the safe form. */
  readonly fix: string;
  /** One line of a migration the rule reports, for the README; a bad fixture of the rule holds it on a marked line. */
  readonly example: string;
  /** A lock-safety rule: a warning that `check --strict-locks` reports as an error. */
  readonly lockSafety?: true;
}

/**
 * `findings`, sorted in place by file, line, rule and message (names collated by localeCompare):
 * each file name is collated once, not at every comparison (a history's findings number in the
 * tens of thousands).
 */
export function sortByPlace(findings: Finding[]): Finding[] {
  const files = [...new Set(findings.map((finding) => finding.file))].sort((a, b) => a.localeCompare(b));
  const rank = new Map<string, number>();
  files.forEach((file, index) => {
    const previous = files[index - 1];
    rank.set(file, previous !== undefined && previous.localeCompare(file) === 0 ? rank.get(previous)! : index);
  });
  return findings.sort((a, b) => rank.get(a.file)! - rank.get(b.file)! || a.line - b.line || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message));
}
