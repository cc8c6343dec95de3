import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { SpecProblem } from '../errors.js';
import { isRecord } from '../fields/spec-node.js';
import { ConfigError } from './config-error.js';
import { readConfig, type ProjectConfig } from './read-config.js';

const PYPROJECT = 'pyproject.toml';
const CONFIG_JSON = 'create-migration.config.json';

interface Source {
  readonly file: string;
  /** How a problem's key path is shown, e.g. `pyproject.toml [tool.create-migration].naming.index`. */
  where(path: string): string;
  /** The settings table in the parsed file, or undefined when the file holds none. */
  table(document: unknown): unknown;
  parse(text: string): unknown;
}

const SOURCES: readonly Source[] = [
  {
    file: PYPROJECT,
    where: (path) => `${PYPROJECT} [tool.create-migration]${path ? `.${path}` : ''}`,
    table: (document) => {
      const tool = isRecord(document) ? document.tool : undefined;
      return isRecord(tool) ? tool['create-migration'] : undefined;
    },
    // Only a pyproject.toml that names create-migration at all is parsed.
    parse: (text) => (text.includes('create-migration') ? parseToml(text) : {}),
  },
  {
    file: CONFIG_JSON,
    where: (path) => (path ? `${CONFIG_JSON} ${path}` : CONFIG_JSON),
    table: (document) => document,
    parse: (text) => JSON.parse(text) as unknown,
  },
];

function syntaxProblem(source: Source, error: unknown): SpecProblem {
  const kind = source.file.endsWith('.toml') ? 'TOML' : 'JSON';
  const at = kind === 'TOML' && error instanceof TomlError ? ` (line ${error.line}, column ${error.column})` : '';
  const reason = (error as Error).message.split('\n')[0];
  return { path: source.file, message: `is not valid ${kind}${at}: ${reason}` };
}

function readSource(cwd: string, source: Source, problems: SpecProblem[]): ProjectConfig | undefined {
  const path = join(cwd, source.file);
  if (!existsSync(path)) return undefined;
  let document: unknown;
  try {
    document = source.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push(syntaxProblem(source, error));
    return undefined;
  }
  const table = source.table(document);
  if (table === undefined) return undefined;
  const local: SpecProblem[] = [];
  const config = readConfig(table, local);
  problems.push(...local.map((problem) => ({ path: source.where(problem.path), message: problem.message })));
  return config;
}

/**
 * The settings of the project in `cwd`: `[tool.create-migration]` of pyproject.toml, then
 * create-migration.config.json, whose keys win where both set one. Either may be absent.
 */
export function loadProjectConfig(cwd: string): ProjectConfig {
  const problems: SpecProblem[] = [];
  const found = SOURCES.map((source) => readSource(cwd, source, problems)).filter((config) => config !== undefined);
  if (problems.length > 0) throw new ConfigError(problems);
  return found.reduce<ProjectConfig>(
    (merged, config) => ({ ...merged, ...config, naming: { ...merged.naming, ...config.naming } }),
    { naming: {} },
  );
}
