import { loadPgParser } from '../sql/pg-parser.js';
import { readFileFacts, type Parsers } from './file-facts.js';
import type { FileFinding } from './finding.js';
import { loadPythonParser } from './python/python-parser.js';
import { FILE_RULES } from './rules/index.js';
import { notUnderstood } from './rules/not-understood.js';
import { pythonSyntaxError } from './rules/python-syntax-error.js';
import { fileFinding } from './rules/rule.js';

export async function loadParsers(): Promise<Parsers> {
  const [python, sql] = await Promise.all([loadPythonParser(), loadPgParser()]);
  return { python, sql };
}

/** The first line of an error's message, for a finding: no stack, no path of this tool's files. */
const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);

/**
 * The findings of one file's text: every per-file rule over its facts. A file that is not valid
 * Python gets only that finding: the rest of its tree is tree-sitter's guess. Whatever the text
 * holds, this returns findings: a construct that breaks the analysis (or a rule) becomes a
 * not-understood finding naming what failed, never an error out of check.
 */
export function checkFileText(text: string, parsers: Parsers): FileFinding[] {
  let facts;
  try {
    facts = readFileFacts(text, parsers);
  } catch (error) {
    return [fileFinding(notUnderstood, 1, `check could not analyse this file (${firstLine(error)}), so none of its code was checked; please report it`)];
  }
  if (facts.python.syntaxErrors.length > 0) return pythonSyntaxError.check(facts);
  return FILE_RULES.flatMap((rule) => {
    try {
      return rule.check(facts);
    } catch (error) {
      return [fileFinding(notUnderstood, 1, `rule ${rule.id} could not check this file (${firstLine(error)}); please report it`)];
    }
  });
}
