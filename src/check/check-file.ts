import { readFileFacts, type Parsers } from './file-facts.js';
import type { FileFinding } from './finding.js';
import { loadPythonParser } from './python/python-parser.js';
import { FILE_RULES } from './rules/index.js';
import { pythonSyntaxError } from './rules/python-syntax-error.js';
import { loadPgParser } from './sql/pg-parser.js';

export async function loadParsers(): Promise<Parsers> {
  const [python, sql] = await Promise.all([loadPythonParser(), loadPgParser()]);
  return { python, sql };
}

/**
 * The findings of one file's text: every per-file rule over its facts. A file that is not valid
 * Python gets only that finding: the rest of its tree is tree-sitter's guess.
 */
export function checkFileText(text: string, parsers: Parsers): FileFinding[] {
  const facts = readFileFacts(text, parsers);
  if (facts.python.syntaxErrors.length > 0) return pythonSyntaxError.check(facts);
  return FILE_RULES.flatMap((rule) => rule.check(facts));
}
