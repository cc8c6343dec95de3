import { callArguments, calleeOf, dottedName, lastSegment } from './call-names.js';
import type { ArgumentValue, ColumnArgument } from './python-facts.js';
import { staticString, type Resolve } from './string-literal.js';
import type { SyntaxNode as Node } from './syntax-node.js';

/** Calls that only wrap a name or SQL text: `op.f("ix_users_email")`, `sa.text("now()")`. */
const WRAPPERS = new Set(['f', 'conv', 'text', 'literal_column']);

/** The string a wrapper call or literal (or a name bound to one) gives, if it gives one. */
function stringValue(node: Node | null | undefined, resolve: Resolve): string | undefined {
  if (!node) return undefined;
  if (node.type === 'call') {
    const callee = calleeOf(node);
    if (callee === undefined || !WRAPPERS.has(lastSegment(callee))) return undefined;
    return stringValue(callArguments(node).positional[0], resolve);
  }
  return staticString(node, resolve)?.value;
}

function columnArgument(call: Node, resolve: Resolve): ColumnArgument {
  const { positional, keywords } = callArguments(call);
  let name: string | undefined;
  let type: string | undefined;
  let foreignKey: string | undefined;
  let computedBy: ColumnArgument['computedBy'];
  positional.forEach((argument, index) => {
    const text = index === 0 ? stringValue(argument, resolve) : undefined;
    if (text !== undefined) {
      name = text;
      return;
    }
    const callee = argument.type === 'call' ? calleeOf(argument) : dottedName(argument);
    const last = callee === undefined ? undefined : lastSegment(callee);
    if (last === 'ForeignKey') foreignKey = stringValue(callArguments(argument).positional[0], resolve) ?? '?';
    else if (last === 'Identity') computedBy = 'identity';
    else if (last === 'Computed') computedBy = 'computed';
    else if (type === undefined && callee !== undefined) type = callee;
  });
  const flag = (keyword: string): boolean | undefined => {
    const value = keywords.get(keyword);
    return value?.type === 'true' ? true : value?.type === 'false' ? false : undefined;
  };
  const serverDefault = keywords.get('server_default');
  const nullable = flag('nullable');
  return {
    ...(name !== undefined && { name }),
    ...(type !== undefined && { type }),
    ...(nullable !== undefined && { nullable }),
    primaryKey: flag('primary_key') === true,
    ...(serverDefault && serverDefault.type !== 'none' && { serverDefault: { ...withSql(stringValue(serverDefault, resolve)) } }),
    ...(computedBy && { computedBy }),
    ...(foreignKey !== undefined && { foreignKey }),
  };
}

const withSql = (sql: string | undefined): { sql?: string } => (sql === undefined ? {} : { sql });

const COLUMN_CALLS = new Set(['Column', 'sa.Column', 'sqlalchemy.Column', 'sqlalchemy.schema.Column', 'schema.Column']);

/** What an argument of an operation call is, as far as it is known without running the code. */
export function argumentValue(node: Node, resolve: Resolve): ArgumentValue {
  switch (node.type) {
    case 'true':
    case 'false':
      return { kind: 'bool', value: node.type === 'true' };
    case 'none':
      return { kind: 'none' };
    case 'list':
    case 'tuple':
      return { kind: 'list', items: node.namedChildren.map((item) => argumentValue(item, resolve)) };
    case 'call': {
      const callee = calleeOf(node);
      if (callee !== undefined && COLUMN_CALLS.has(callee)) return { kind: 'column', column: columnArgument(node, resolve) };
      const text = stringValue(node, resolve);
      if (text !== undefined) return { kind: 'string', value: text };
      return callee !== undefined ? { kind: 'call', callee } : { kind: 'other' };
    }
    default: {
      const text = stringValue(node, resolve);
      return text !== undefined ? { kind: 'string', value: text } : { kind: 'other' };
    }
  }
}
