import type { Finding } from './finding.js';
import type { CheckResult } from './run-check.js';

export const FORMATS = ['text', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** How a finding's file is shown: its path as the user would type it. */
export type PathOf = (file: string) => string;

function counts(findings: readonly Finding[]): { errors: number; warnings: number } {
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  return { errors, warnings: findings.length - errors };
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

function formatText(result: CheckResult, pathOf: PathOf): string {
  const lines = result.findings.map(
    (finding) => `${pathOf(finding.file)}:${finding.line}: ${finding.severity}: ${finding.message} [${finding.rule}]\n    fix: ${finding.fix}`,
  );
  const { errors, warnings } = counts(result.findings);
  const unedited = result.unedited > 0 ? ` (${result.unedited} unedited since create-migration wrote them)` : '';
  lines.push(`${plural(result.files, 'file')} checked${unedited}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  return `${lines.join('\n')}\n`;
}

function formatJson(result: CheckResult, pathOf: PathOf, directory: string): string {
  const findings = result.findings.map(({ file, line, severity, rule, message, fix }) => ({ file: pathOf(file), line, severity, rule, message, fix }));
  return `${JSON.stringify({ directory, files: result.files, unedited: result.unedited, ...counts(result.findings), findings }, null, 2)}\n`;
}

/** GitHub's workflow-command escaping: data escapes %, CR, LF; properties also : and ,. */
const escapeData = (text: string): string => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (text: string): string => escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');

function formatGithub(result: CheckResult, pathOf: PathOf): string {
  const lines = result.findings.map(
    (finding) =>
      `::${finding.severity} file=${escapeProperty(pathOf(finding.file))},line=${finding.line},title=${escapeProperty(finding.rule)}::${escapeData(`${finding.message}. Fix: ${finding.fix}`)}`,
  );
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** `pathOf`, worked out once per file: a file has many findings. */
function oncePerFile(pathOf: PathOf): PathOf {
  const paths = new Map<string, string>();
  return (file) => {
    let path = paths.get(file);
    if (path === undefined) {
      path = pathOf(file);
      paths.set(file, path);
    }
    return path;
  };
}

export function formatFindings(format: Format, result: CheckResult, anyPathOf: PathOf, directory: string): string {
  const pathOf = oncePerFile(anyPathOf);
  if (format === 'json') return formatJson(result, pathOf, directory);
  if (format === 'github') return formatGithub(result, pathOf);
  return formatText(result, pathOf);
}
