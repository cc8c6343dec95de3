import { staticString, type Resolve } from './string-literal.js';
import type { SyntaxNode as Node } from './syntax-node.js';

// Migrations written for several databases test the dialect (`if bind.dialect.name != "mysql":
// return`). SQLAlchemy names PostgreSQL's dialect "postgresql": code that only runs on another
// database never runs here, so check neither reports it nor counts it as reached.

const POSTGRESQL = 'postgresql';

/** The strings a comparison's other side names: `"mysql"`, `MYSQL` (a constant), or `("mysql", "sqlite")`. */
function literals(node: Node, resolve: Resolve | undefined): string[] | undefined {
  if (node.type === 'tuple' || node.type === 'list' || node.type === 'set') {
    const values = node.namedChildren.map((item) => staticString(item, resolve)?.value);
    return values.every((value) => value !== undefined) ? (values as string[]) : undefined;
  }
  const value = staticString(node, resolve)?.value;
  return value === undefined ? undefined : [value];
}

/** `bind.dialect.name`, `op.get_context().dialect.name`, `engine.name`, `bind.engine.name`. */
const isDialectName = (node: Node): boolean => node.type === 'attribute' && /(^|\.)(dialect|engine)\.name$/.test(node.text.replace(/\s+/g, ''));

/**
 * Whether `condition` holds on PostgreSQL, when it is a test of the dialect's name (with `not`,
 * `and`, `or` and parentheses around such tests); undefined for any other condition.
 */
function holdsOnPostgresql(condition: Node, resolve?: Resolve): boolean | undefined {
  switch (condition.type) {
    case 'parenthesized_expression':
      return condition.namedChildCount === 1 ? holdsOnPostgresql(condition.namedChild(0)!, resolve) : undefined;
    case 'not_operator': {
      const inner = condition.childForFieldName('argument');
      const value = inner ? holdsOnPostgresql(inner, resolve) : undefined;
      return value === undefined ? undefined : !value;
    }
    case 'boolean_operator': {
      const left = condition.childForFieldName('left');
      const right = condition.childForFieldName('right');
      const [a, b] = [left ? holdsOnPostgresql(left, resolve) : undefined, right ? holdsOnPostgresql(right, resolve) : undefined];
      const operator = left && right ? condition.text.slice(left.endIndex - condition.startIndex, right.startIndex - condition.startIndex).trim() : '';
      if (operator === 'and') return a === false || b === false ? false : a === true && b === true ? true : undefined;
      if (operator === 'or') return a === true || b === true ? true : a === false && b === false ? false : undefined;
      return undefined;
    }
    case 'comparison_operator': {
      const [left, right] = condition.namedChildren;
      if (!left || !right || condition.namedChildCount !== 2) return undefined;
      const operator = condition.text.slice(left.endIndex - condition.startIndex, right.startIndex - condition.startIndex).replace(/\s+/g, ' ').trim();
      const names = isDialectName(left) ? literals(right, resolve) : isDialectName(right) ? literals(left, resolve) : undefined;
      if (!names) return undefined;
      const named = names.includes(POSTGRESQL);
      if (operator === '==' || operator === 'in') return named;
      if (operator === '!=' || operator === 'not in') return !named;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The statements of an `if` that run on PostgreSQL: its consequence, an elif's, or the else's; all of them when the tests are not about the dialect. */
export function branchesOnPostgresql(statement: Node, resolve?: Resolve): { body: Node | null; condition: Node | null }[] {
  const branches = [
    { condition: statement.childForFieldName('condition'), body: statement.childForFieldName('consequence') },
    ...statement.childrenForFieldName('alternative').map((branch) => ({ condition: branch.childForFieldName('condition'), body: branch.childForFieldName('consequence') ?? branch.childForFieldName('body') })),
  ];
  const running: { body: Node | null; condition: Node | null }[] = [];
  for (const branch of branches) {
    const holds = branch.condition ? holdsOnPostgresql(branch.condition, resolve) : true;
    if (holds === false) continue;
    running.push(branch);
    if (holds === true) break;
  }
  return running;
}

/** Whether an `if` whose consequence leaves the function (`return`, `raise`) does so on PostgreSQL. */
export function exitsOnPostgresql(statement: Node, resolve?: Resolve): boolean {
  const condition = statement.childForFieldName('condition');
  const last = statement.childForFieldName('consequence')?.namedChildren.at(-1);
  return condition !== null && (last?.type === 'return_statement' || last?.type === 'raise_statement') && holdsOnPostgresql(condition, resolve) === true;
}

/** The calls of `node` that run on PostgreSQL: branches for other databases, and code after an exit for them, left out. */
export function callsOnPostgresql(node: Node, resolve?: Resolve): Node[] {
  const calls: Node[] = [];
  const visit = (current: Node): void => {
    if (current.type === 'call') calls.push(current);
    if (current.type === 'if_statement') {
      const condition = current.childForFieldName('condition');
      if (condition) visit(condition);
      for (const branch of branchesOnPostgresql(current, resolve)) {
        if (branch.condition) visit(branch.condition);
        if (branch.body) visit(branch.body);
      }
      return;
    }
    const nodes = current.namedChildren;
    for (let index = 0; index < nodes.length; index += 1) {
      const child = nodes[index]!;
      visit(child);
      if (child.type === 'if_statement' && exitsOnPostgresql(child, resolve)) return;
    }
  };
  visit(node);
  return calls;
}
