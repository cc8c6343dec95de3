import { SpecError, type SpecProblem } from '../errors.js';
import { FieldsNode } from '../fields/fields-node.js';
import { readBatchSize, readDuration, readExtensionTypes, readIdentifier, readLockRetries } from '../fields/readers.js';
import { SpecNode } from '../fields/spec-node.js';
import { nearest } from '../nearest.js';
import type { Migration, Pacing, Setting } from '../operations/model.js';
import type { ParseContext } from '../operations/operation-kind.js';
import { enumsCreatedBy } from '../operations/raw-scan.js';
import { findOperationKind, OPERATION_NAMES, operationKind, type Operation } from '../operations/registry.js';
import { emptyModel, type SchemaModel } from '../schema/model.js';
import { DEFAULT_NAMING, type NamingConvention } from '../sql/derived-names.js';
import type { SqlParser } from '../sql/sql-parser.js';
import { findNameClashes } from './name-clashes.js';
import { removalFromNewTableProblem } from './new-table-columns.js';

const SPEC_FIELDS = ['version', 'message', 'schema', 'extension_types', 'lock_timeout', 'lock_retries', 'statement_timeout', 'backfill_batch_size', 'operations'] as const;

/** Defaults a team sets once; a spec's own fields win. */
export interface SpecDefaults {
  readonly schema: string;
  readonly naming: NamingConvention;
  readonly extensionTypes: readonly string[];
  readonly lockTimeout?: string;
  readonly lockRetries?: number;
  readonly statementTimeout?: string;
  readonly batchSize?: number;
}

export const BUILT_IN_DEFAULTS: SpecDefaults = { schema: 'public', naming: DEFAULT_NAMING, extensionTypes: [] };

/**
 * How long a statement waits for a lock that blocks other sessions (while it waits, every query
 * on that table queues behind it), how often it tries again, and the rows per batch of a backfill,
 * when neither the spec nor the configuration says. README.md ("Timeouts") says why these values.
 */
export const BUILT_IN_PACING: Pacing = { locks: { lockTimeout: '2s', retries: 5 }, batchSize: 1000 };


/** What the spec is read against: the schema it changes, and whether to hold it to that schema. */
export interface SchemaKnowledge {
  readonly model: SchemaModel;
  readonly source: string;
  readonly strict: boolean;
}

const NO_KNOWLEDGE = (): SchemaKnowledge => ({ model: emptyModel(false), source: 'nothing', strict: false });

export interface ReadSpecResult {
  readonly migration: Migration;
  readonly warnings: readonly SpecProblem[];
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function readMessage(node: SpecNode): string | undefined {
  const text = node.string({ required: true });
  if (text === undefined) return undefined;
  if (CONTROL.test(text)) return node.problem('must be one line of text without control characters');
  if (text.trim() === '') return node.problem('must not be empty');
  return text.trim();
}

function readOperation(node: SpecNode, context: ParseContext): Operation | undefined {
  const opNode = node.field('op');
  const op = opNode.string({ required: true });
  if (op === undefined) {
    if (!node.missing && typeof node.value !== 'object') node.problem('must be a mapping with an "op" field');
    return undefined;
  }
  const kind = findOperationKind(op);
  if (!kind) {
    const guess = nearest(op, OPERATION_NAMES);
    const hint = guess.length > 0 ? `did you mean "${guess[0]}"? ` : '';
    return opNode.problem(`unknown operation "${op}"; ${hint}known operations: ${OPERATION_NAMES.join(', ')}`);
  }
  const fields = new FieldsNode(node, kind.fields, context);
  if (!fields.object(['op'])) return undefined;
  return kind.parse(fields, context);
}

/**
 * Validates a raw spec (parsed YAML or JSON) into a Migration. Every problem is collected and
 * reported at once with the path of its field; warnings are returned for the caller to print.
 */
export function readSpec(raw: unknown, sql: SqlParser, defaults: SpecDefaults = BUILT_IN_DEFAULTS, knowledge: SchemaKnowledge = NO_KNOWLEDGE()): ReadSpecResult {
  const problems: SpecProblem[] = [];
  const warnings: SpecProblem[] = [];
  const root = SpecNode.root(raw, problems);
  if (!root.object(SPEC_FIELDS)) throw new SpecError(problems);

  const version = root.field('version');
  if (!version.missing && version.value !== 1) version.problem('must be 1, the only spec version there is');
  const message = readMessage(root.field('message'));
  const schema = root.field('schema').missing ? defaults.schema : readIdentifier(root.field('schema'));
  const extensionTypes = [...defaults.extensionTypes, ...readExtensionTypes(root.field('extension_types'))];
  const items = root.field('operations').list({ required: true, nonEmpty: true });
  const lockTimeout = readDuration(root.field('lock_timeout'), defaults.lockTimeout);
  const lockRetries = readLockRetries(root.field('lock_retries'), defaults.lockRetries);
  const statementTimeout = readDuration(root.field('statement_timeout'), defaults.statementTimeout);
  const batchSize = readBatchSize(root.field('backfill_batch_size'), defaults.batchSize);
  const pacing: Pacing = {
    locks: { lockTimeout: lockTimeout ?? BUILT_IN_PACING.locks.lockTimeout, retries: lockRetries ?? BUILT_IN_PACING.locks.retries },
    batchSize: batchSize ?? BUILT_IN_PACING.batchSize,
  };
  const settings: Setting[] = [
    { name: 'lock_timeout', value: pacing.locks.lockTimeout },
    ...(statementTimeout !== undefined ? [{ name: 'statement_timeout' as const, value: statementTimeout }] : []),
  ];

  const enumPaths = new Map<string, string>();
  for (const item of items ?? []) {
    for (const name of enumsCreatedBy(item.value)) if (!enumPaths.has(name)) enumPaths.set(name, item.path);
  }
  const createdBy = new Map<string, string>();
  const context: ParseContext = {
    schema: schema ?? defaults.schema,
    naming: defaults.naming,
    sql,
    extensionTypes,
    enums: new Set(),
    enumPaths,
    model: knowledge.model,
    modelSource: knowledge.source,
    strict: knowledge.strict,
    newTables: createdBy,
    warn: (path, text) => warnings.push({ path, message: text }),
  };
  const operations: Operation[] = [];
  for (const item of items ?? []) {
    const operation = readOperation(item, context);
    if (!operation) continue;
    operations.push(operation);
    const kind = operationKind(operation);
    const removal = kind.removesColumn?.(operation);
    const creator = removal && createdBy.get(removal.table);
    const problem = removal && creator !== undefined ? removalFromNewTableProblem(context.model, context.schema, removal, creator) : undefined;
    if (problem !== undefined) problems.push({ path: item.path, message: problem });
    const created = kind.createsTable?.(operation);
    if (created !== undefined) createdBy.set(created, item.path);
    // Later operations see what this one did: a table created here can be referenced below.
    kind.apply(operation, context.model, context.schema);
  }
  if (items && operations.length === items.length) {
    problems.push(...findNameClashes(operations, items.map((item) => item.path)));
  }
  if (problems.length > 0 || message === undefined || schema === undefined) throw new SpecError(problems);
  const rawSpec = raw as Record<string, unknown>;
  const source = {
    version: 1,
    message,
    schema,
    ...(extensionTypes.length > 0 && { extension_types: extensionTypes }),
    ...(lockTimeout !== undefined && { lock_timeout: lockTimeout }),
    ...(lockRetries !== undefined && { lock_retries: lockRetries }),
    ...(statementTimeout !== undefined && { statement_timeout: statementTimeout }),
    ...(batchSize !== undefined && { backfill_batch_size: batchSize }),
    operations: rawSpec.operations,
  };
  return { migration: { message, schema, operations, settings, pacing, source }, warnings };
}
