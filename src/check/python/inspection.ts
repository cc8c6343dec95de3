import { callArguments, calleeOf, lastSegment } from './call-names.js';
import type { StaticString } from './string-literal.js';
import type { SyntaxNode as Node } from './syntax-node.js';

// What reads the database from Python. A connection (`op.get_bind()`) by itself reads nothing:
// its dialect, `.commit()` or an `execute` whose result nobody reads work in offline mode too
// (Alembic's offline connection prints what it is given). An inspector, a query whose result is
// read, and `checkfirst=True` do read the database: they fail offline, and an `if` on them is a
// guard that looks objects up.

/** Names bound in a function (or the module) that the reading of its code needs. */
export interface Scope {
  readonly strings: ReadonlyMap<string, StaticString>;
  /** Variables holding `sa.Enum(..., name=...)`: variable → enum type name. */
  readonly enums: ReadonlyMap<string, string>;
  /** Variables holding a connection: `bind = op.get_bind()`. */
  readonly binds: ReadonlySet<string>;
  /** Variables holding an inspector (`sa.inspect(bind)`) or something read through one or a query. */
  readonly inspected: ReadonlySet<string>;
}

const INSPECT_CALLS = new Set(['inspect', 'sa.inspect', 'sqlalchemy.inspect', 'Inspector.from_engine', 'reflection.Inspector.from_engine']);
const BIND_CALLS = new Set(['op.get_bind', 'context.get_bind', 'op.get_context().bind']);
/** Connection methods that send SQL and give a result back. */
const QUERY_METHODS = new Set(['execute', 'exec_driver_sql', 'scalar', 'scalars']);
/** Connection methods that return what the database says without a result object to read. */
const READING_METHODS = new Set(['scalar', 'scalars']);

/** A connection: `op.get_bind()`, or a variable bound to one. */
function isBind(node: Node | null | undefined, scope: Scope): boolean {
  if (!node) return false;
  if (node.type === 'identifier') return scope.binds.has(node.text);
  if (node.type === 'call') {
    const callee = calleeOf(node);
    return callee !== undefined && BIND_CALLS.has(callee);
  }
  if (node.type === 'attribute') return node.text === 'op.get_context().bind' || node.text === 'context.bind';
  return false;
}

/** The receiver of a method call `receiver.method(...)`. */
const receiverOf = (call: Node): Node | null => {
  const callee = call.childForFieldName('function');
  return callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
};

/**
 * Where reading the database starts: an inspector made, a connection query whose result is read
 * (`resultRead`: the call is not a statement of its own), a connection's scalar(), or a
 * `.create()`/`.drop()` with checkfirst=True. These are the lines that fail in offline mode.
 */
export function startsRead(call: Node, scope: Scope, resultRead: boolean, callee: string | undefined = calleeOf(call)): boolean {
  if (callee === undefined) return false;
  if (INSPECT_CALLS.has(callee)) return true;
  const method = lastSegment(callee);
  const receiver = receiverOf(call);
  if (receiver && isBind(receiver, scope)) return READING_METHODS.has(method) || (QUERY_METHODS.has(method) && resultRead);
  return (method === 'create' || method === 'drop') && callArguments(call).keywords.get('checkfirst')?.type === 'true';
}

/**
 * Whether this call reads the database: it starts a read, uses an inspector or a value read
 * before, works on a call's result that did (`inspect(bind).has_table(...)`), or is a helper
 * function that reads.
 */
function readsDatabase(call: Node, scope: Scope, helpers: ReadonlySet<string>, resultRead: boolean): boolean {
  if (startsRead(call, scope, resultRead)) return true;
  const callee = calleeOf(call);
  if (callee !== undefined && helpers.has(callee)) return true;
  const receiver = receiverOf(call);
  if (receiver?.type === 'identifier') return scope.inspected.has(receiver.text);
  return receiver?.type === 'call' && readsDatabase(receiver, scope, helpers, true);
}

/** Whether `node` (a condition, an assigned value) reads the database anywhere inside. */
export function containsRead(node: Node, scope: Scope, helpers: ReadonlySet<string>): boolean {
  if (node.type === 'identifier') return scope.inspected.has(node.text);
  if (node.type === 'call' && readsDatabase(node, scope, helpers, true)) return true;
  return node.namedChildren.some((child) => containsRead(child, scope, helpers));
}

/** What an assignment's value makes its variable: a connection, a value read from the database, or neither. */
export function boundKind(value: Node, scope: Scope, helpers: ReadonlySet<string>): 'bind' | 'inspected' | undefined {
  if (isBind(value, scope)) return 'bind';
  return containsRead(value, scope, helpers) ? 'inspected' : undefined;
}
