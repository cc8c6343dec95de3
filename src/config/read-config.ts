import type { SpecProblem } from '../errors.js';
import { readIdentifier } from '../fields/readers.js';
import { readBatchSize, readDuration, readExtensionTypes, readLockRetries } from '../fields/readers.js';
import { isRecord, SpecNode } from '../fields/spec-node.js';
import type { NamingConvention } from '../sql/derived-names.js';
import { NAMING_KEYS, namingPatternProblem } from './naming-pattern.js';

/** What a team sets once, as read from one configuration file; every field is optional. */
export interface ProjectConfig {
  /** As written, relative to the directory of the configuration file. */
  readonly versionsDir?: string;
  readonly schema?: string;
  readonly naming: Partial<NamingConvention>;
  readonly extensionTypes?: readonly string[];
  readonly lockTimeout?: string;
  readonly lockRetries?: number;
  readonly statementTimeout?: string;
  readonly batchSize?: number;
}

const CONFIG_FIELDS = ['versions_dir', 'schema', 'naming', 'extension_types', 'lock_timeout', 'lock_retries', 'statement_timeout', 'backfill_batch_size'] as const;

function readVersionsDir(node: SpecNode): string | undefined {
  const text = node.string();
  if (text === undefined) return undefined;
  return text.trim() === '' ? node.problem('must not be empty') : text;
}

function readNaming(node: SpecNode): Partial<NamingConvention> {
  if (node.missing || !node.object(Object.keys(NAMING_KEYS))) return {};
  const naming: Partial<Record<keyof NamingConvention, string>> = {};
  for (const [configKey, { key }] of Object.entries(NAMING_KEYS)) {
    const field = node.field(configKey);
    const pattern = field.string();
    if (pattern === undefined) continue;
    const problem = namingPatternProblem(configKey, pattern);
    if (problem) field.problem(`"${pattern}" ${problem}`);
    else naming[key] = pattern;
  }
  return naming;
}

/**
 * Validates one configuration table (`[tool.create-migration]`, or the JSON file's object).
 * Problems are collected with the path of their key, relative to that table.
 */
export function readConfig(raw: unknown, problems: SpecProblem[]): ProjectConfig {
  const root = SpecNode.root(raw, problems);
  if (!isRecord(raw)) {
    root.problem(`must be a table of settings: ${CONFIG_FIELDS.join(', ')}`);
    return { naming: {} };
  }
  root.object(CONFIG_FIELDS);
  const schemaNode = root.field('schema');
  const extensionNode = root.field('extension_types');
  const versionsDir = readVersionsDir(root.field('versions_dir'));
  const schema = schemaNode.missing ? undefined : readIdentifier(schemaNode);
  const extensionTypes = extensionNode.missing ? undefined : readExtensionTypes(extensionNode);
  // Checked as the spec's own lock_timeout, lock_retries, statement_timeout and backfill_batch_size are.
  const lockTimeout = readDuration(root.field('lock_timeout'), undefined);
  const lockRetries = readLockRetries(root.field('lock_retries'), undefined);
  const statementTimeout = readDuration(root.field('statement_timeout'), undefined);
  const batchSize = readBatchSize(root.field('backfill_batch_size'), undefined);
  return {
    naming: readNaming(root.field('naming')),
    ...(versionsDir !== undefined && { versionsDir }),
    ...(schema !== undefined && { schema }),
    ...(extensionTypes !== undefined && { extensionTypes }),
    ...(lockTimeout !== undefined && { lockTimeout }),
    ...(lockRetries !== undefined && { lockRetries }),
    ...(statementTimeout !== undefined && { statementTimeout }),
    ...(batchSize !== undefined && { batchSize }),
  };
}
