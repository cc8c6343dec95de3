import type { Field, Fields } from '../fields/kinds.js';
import { isRecord } from '../fields/spec-node.js';
import { isBuiltinType } from '../sql/pg-types.js';
import { findOperationKind, OPERATION_LIST } from './registry.js';

// Questions asked of a raw spec before it is read (is there SQL for the parser to check? which
// names does it mention?), answered from the operations' declared fields: a new operation's
// fields are scanned as soon as they are declared.

type Visit = (field: Field, value: unknown) => void;

function shapeMatches(field: Field, value: unknown): boolean {
  if (field.kind === 'record' || field.kind === 'mapping') return isRecord(value);
  if (field.kind === 'list' || field.kind === 'names' || field.kind === 'texts') return Array.isArray(value);
  return !isRecord(value) && !Array.isArray(value);
}

function walkValue(field: Field, value: unknown, visit: Visit): void {
  if (value === undefined) return;
  if (field.kind === 'either') {
    const option = field.options.find((candidate) => shapeMatches(candidate, value));
    if (option) walkValue(option, value, visit);
    return;
  }
  visit(field, value);
  if (field.kind === 'record' && isRecord(value)) walkFields(field.fields, value, visit);
  else if (field.kind === 'list' && Array.isArray(value)) for (const item of value) walkValue(field.item, item, visit);
}

function walkFields(fields: Fields, value: Readonly<Record<string, unknown>>, visit: Visit): void {
  for (const [key, field] of Object.entries(fields)) if (Object.hasOwn(value, key)) walkValue(field, value[key], visit);
}

/** Every declared field of one raw operation, nested ones included; an unknown operation has none. */
function walkOperation(operation: unknown, visit: Visit): void {
  if (!isRecord(operation) || typeof operation.op !== 'string') return;
  const kind = findOperationKind(operation.op);
  if (kind) walkFields(kind.fields, operation, visit);
}

function operationsOf(rawSpec: unknown): readonly unknown[] {
  const operations = isRecord(rawSpec) ? rawSpec.operations : undefined;
  return Array.isArray(operations) ? operations : [];
}

function walkSpec(rawSpec: unknown, visit: Visit): void {
  for (const operation of operationsOf(rawSpec)) walkOperation(operation, visit);
}

/** Whether the spec holds SQL for PostgreSQL's parser to check: a spec without any never loads it. */
export function holdsSql(rawSpec: unknown): boolean {
  let found = false;
  walkSpec(rawSpec, (field, value) => {
    if (field.kind === 'sql' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) found = true;
  });
  return found;
}

/**
 * The names a spec refers to that earlier migrations may have made: tables, enums and other
 * non-built-in types, and indexes (whose names are unique in the whole schema; a constraint's
 * only within its table, which is looked for anyway). A history spec that mentions none of them
 * cannot have changed what this spec depends on, so replaying only the ones that do gives the
 * same answers for a fraction of the work.
 */
export function namesReferenced(rawSpec: unknown): string[] {
  const names = new Set<string>();
  const add = (text: string, isType: boolean): void => {
    if (isType && isBuiltinType(text)) return;
    // "app.role[]" and "vector(3)" are looked for as "role" and "vector": a wider net only costs time.
    const name = text.replace(/\[.*$/, '').replace(/\(.*$/, '').split('.').pop()!.replaceAll('"', '').trim();
    if (name !== '') names.add(name);
  };
  const schemaWide = (field: Field): boolean => (field.kind === 'name' || field.kind === 'names') && ['table', 'enum', 'index'].includes(field.names);
  walkSpec(rawSpec, (field, value) => {
    if (field.kind === 'type' && typeof value === 'string') add(value, true);
    else if (schemaWide(field) && typeof value === 'string') add(value, false);
    else if (schemaWide(field) && Array.isArray(value)) for (const item of value) if (typeof item === 'string') add(item, false);
  });
  return [...names];
}

/** Whether the spec finds an index by its name alone, a name that may have been derived when it was made. */
export function findsIndexByName(rawSpec: unknown): boolean {
  let found = false;
  walkSpec(rawSpec, (field, value) => {
    if (field.kind === 'name' && field.names === 'index' && !field.creates && typeof value === 'string') found = true;
  });
  return found;
}

/** The enums one raw operation creates, by name. */
export function enumsCreatedBy(operation: unknown): string[] {
  const created: string[] = [];
  walkOperation(operation, (field, value) => {
    if (field.kind === 'name' && field.names === 'enum' && field.creates && typeof value === 'string') created.push(value);
  });
  return created;
}

function declares(test: (field: Field) => boolean): string[] {
  const found = (fields: Fields): boolean =>
    Object.values(fields).some((field) => test(field) || (field.kind === 'record' && found(field.fields)) || (field.kind === 'list' && field.item.kind === 'record' && found(field.item.fields)));
  return OPERATION_LIST.filter((kind) => found(kind.fields)).map((kind) => kind.op);
}

/** Operations that create an index, under a name they may derive (create_index). */
export const INDEX_CREATORS: readonly string[] = declares((field) => field.kind === 'name' && field.names === 'index' && field.creates);

/** Operations that run a user's own SQL script, whose schema changes no model can follow (execute). */
export const SCRIPT_RUNNERS: readonly string[] = declares((field) => field.kind === 'sql' && field.use === 'script');
