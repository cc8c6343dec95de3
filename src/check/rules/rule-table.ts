import { FILE_RULES, HISTORY_RULES } from './index.js';
import type { Rule } from './rule.js';

// The README's table of check's rules, made from the registry (scripts/readme-rules.mjs writes it
// between the markers below; a test fails when the README's copy is stale).

const RULE_TABLE_START = '<!-- check-rules:start (made from the rule registry of check by the readme-rules script; edit the rules, not this table) -->';
const RULE_TABLE_END = '<!-- check-rules:end -->';

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** Inline code that holds any text, backticks included. */
function code(text: string): string {
  const fence = '`'.repeat(Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length)) + 1);
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return cell(`${fence}${padded}${fence}`);
}

function table(rules: readonly Rule[]): string {
  const rows = rules.map((rule) => `| \`${rule.id}\` | ${rule.severity} | ${cell(rule.summary)} | ${code(rule.example)} | ${cell(rule.fix)} |`);
  return ['| rule | severity | finds | example | fix |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** The Markdown between the markers: the rules in three groups, as `check --help` lists them. */
function ruleTableMarkdown(): string {
  const code = FILE_RULES.filter((rule) => !rule.lockSafety);
  const locks = FILE_RULES.filter((rule) => rule.lockSafety);
  return [
    'History rules, about the chain of revisions and the files that hold it:',
    '',
    table(HISTORY_RULES),
    '',
    "Code rules, about each file's Python and SQL (a file that is not valid Python 3 gets only `python-syntax-error`):",
    '',
    table(code),
    '',
    'Lock-safety rules (warnings; `--strict-locks` makes them errors), on `op.*`, `batch_op.*` and SQL alike, also inside `DO` blocks; a table created earlier in the same migration is new and empty, so none of them fires on it:',
    '',
    table(locks),
  ].join('\n');
}

/** `readme` with the rule table between its markers replaced; undefined when it has no markers. */
export function withRuleTable(readme: string): string | undefined {
  const start = readme.indexOf(RULE_TABLE_START);
  const end = readme.indexOf(RULE_TABLE_END);
  if (start < 0 || end < start) return undefined;
  return `${readme.slice(0, start + RULE_TABLE_START.length)}\n${ruleTableMarkdown()}\n${readme.slice(end)}`;
}
