import { readMigrationSources, readRevisions } from '../history/read-versions.js';
import { unchangedSinceWritten } from '../render/stamp.js';
import { readFileFacts, type Parsers } from './file-facts.js';
import type { FindingsCache } from './findings-cache.js';
import { byPlace, type FileFinding, type Finding } from './finding.js';
import { loadPythonParser } from './python/python-parser.js';
import { FILE_RULES, HISTORY_RULES } from './rules/index.js';
import { pythonSyntaxError } from './rules/python-syntax-error.js';
import { loadPgParser } from './sql/pg-parser.js';
import { foreignKeyTypeFindings } from './foreign-key-types.js';

export interface CheckResult {
  readonly files: number;
  /** Files whose findings came from the cache, unparsed. */
  readonly cached: number;
  /** Files this version of create-migration wrote, unedited since (their stamp says so): no findings, unparsed. */
  readonly unedited: number;
  readonly findings: readonly Finding[];
}

async function loadParsers(): Promise<Parsers> {
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

export interface CheckOptions {
  readonly cache?: FindingsCache;
  /** Trust the stamps of files this version wrote (see render/stamp.ts) instead of parsing them. */
  readonly trustStampsOf?: string;
}

/** Every finding for the versions directory: history rules over all files, file rules over each. */
export async function runCheck(directory: string, { cache, trustStampsOf }: CheckOptions = {}): Promise<CheckResult> {
  const sources = readMigrationSources(directory);
  const history = readRevisions(sources);
  const findings: Finding[] = [...HISTORY_RULES.flatMap((rule) => rule.check(history)), ...(await foreignKeyTypeFindings(history.revisions))];
  let parsers: Parsers | undefined;
  let cached = 0;
  let unedited = 0;
  for (const { file, text } of sources) {
    if (trustStampsOf !== undefined && unchangedSinceWritten(text) === trustStampsOf) {
      unedited += 1;
      continue;
    }
    let fileFindings = cache?.get(text);
    if (fileFindings) {
      cached += 1;
    } else {
      // The parsers load only when some file is not in the cache.
      parsers ??= await loadParsers();
      fileFindings = checkFileText(text, parsers);
      cache?.set(text, fileFindings);
    }
    for (const finding of fileFindings) findings.push({ ...finding, file });
  }
  cache?.save();
  return { files: sources.length, cached, unedited, findings: findings.sort(byPlace) };
}
