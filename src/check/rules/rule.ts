import type { HistoryProblem, RevisionFile } from '../../history/graph.js';
import type { FileFacts } from '../file-facts.js';
import type { FileFinding, Finding, RuleInfo } from '../finding.js';

/** A rule about one file's code; its findings depend on the file's text alone (so they can be cached). */
export interface FileRule extends RuleInfo {
  readonly scope: 'file';
  check(facts: FileFacts): FileFinding[];
}

/** What the history rules see: every file's revision links, read without Python, and what could not be read. */
export interface History {
  readonly revisions: readonly RevisionFile[];
  /** Files Alembic would load whose revision cannot be read. */
  readonly unreadable: readonly HistoryProblem[];
  /** Files that cannot be read at all (permissions, a directory named *.py, a broken link). */
  readonly unreadableFiles: readonly HistoryProblem[];
  /** Subdirectories holding .py files that were not read, because recursion is off. */
  readonly skippedDirectories: readonly { readonly directory: string; readonly files: number; readonly first: string }[];
}

/**
 * A rule about the history as a whole: the chain of revisions, the names of the files, and the
 * schema their specs build (which needs the SQL parser, hence a check that may be asynchronous).
 */
export interface HistoryRule extends RuleInfo {
  readonly scope: 'history';
  check(history: History): Finding[] | Promise<Finding[]>;
}

export type Rule = FileRule | HistoryRule;

/** A finding of `rule` with its usual fix unless `fix` says more. */
export function fileFinding(rule: RuleInfo, line: number, message: string, fix: string = rule.fix): FileFinding {
  return { rule: rule.id, severity: rule.severity, line, message, fix };
}

export function historyFinding(rule: RuleInfo, file: string, line: number, message: string, fix: string = rule.fix): Finding {
  return { rule: rule.id, severity: rule.severity, file, line, message, fix };
}
