import { loadPgParser, type PgParser } from '../sql/pg-parser.js';
import { readFileFacts, type Parsers } from './file-facts.js';
import type { FileFinding } from './finding.js';
import { fastSyntaxTree } from './python/fast-python-tree.js';
import { loadPythonParser } from './python/python-parser.js';
import type { SyntaxTree } from './python/syntax-node.js';
import { syntaxTree, treeSitterSyntaxTree } from './python/syntax-tree.js';
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
function checkTree(tree: () => SyntaxTree, sql: PgParser): FileFinding[] {
  let facts;
  try {
    facts = readFileFacts(tree(), sql);
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

export function checkFileText(text: string, parsers: Parsers): FileFinding[] {
  return checkTree(() => syntaxTree(text, parsers.python), parsers.sql);
}

/**
 * The findings of each text, as checkFileText gives them, with PostgreSQL's parser: tree-sitter's
 * Python grammar loads only once a file needs it, which most histories never do.
 */
export async function checkFileTexts(texts: readonly string[], sql: PgParser): Promise<FileFinding[][]> {
  const findings: FileFinding[][] = [];
  for (const text of texts) {
    const fast = fastSyntaxTree(text);
    if (fast) {
      findings.push(checkTree(() => fast, sql));
    } else {
      const python = await loadPythonParser();
      findings.push(checkTree(() => treeSitterSyntaxTree(text, python), sql));
    }
  }
  return findings;
}
