import type { CodeContext, EnumUse, ExecutedSql, FunctionSummary, KeywordValue, OpCall, Phase, PythonFacts } from './python-facts.js';
import { staticString, type StaticString } from './string-literal.js';
import type { SyntaxNode as Node, SyntaxTree } from './syntax-node.js';

// Reads a migration's syntax tree into PythonFacts. Names are resolved the simple way a reader
// would: module-level helper functions by name, and variables assigned once from a literal.

const PHASES: readonly Phase[] = ['upgrade', 'downgrade'];
/** Calls that read the database from Python (op.get_bind(), SQLAlchemy's inspect()). */
const INSPECTION_CALLS = new Set(['op.get_bind', 'inspect', 'sa.inspect', 'sqlalchemy.inspect']);
const TEXT_CALLS = new Set(['text', 'sa.text', 'sqlalchemy.text', 'sql.text', 'sqlalchemy.sql.text']);
const OP_CALLS_THAT_ARE_NOT_OPERATIONS = new Set(['get_bind', 'get_context', 'execute', 'f', 'inline_literal', 'implementation_for', 'invoke']);

interface Scope {
  readonly strings: ReadonlyMap<string, StaticString>;
  /** Variables holding `sa.Enum(..., name=...)`: variable → enum type name. */
  readonly enums: ReadonlyMap<string, string>;
  /** Variables holding something derived from the database connection or an inspector. */
  readonly inspection: ReadonlySet<string>;
}

interface WalkContext extends CodeContext {
  readonly scope: Scope;
  readonly inCreateTable: boolean;
}

const line = (node: Node): number => node.line;

function children(node: Node): Node[] {
  return node.namedChildren;
}

/** `op.execute`, `sa.Enum`, `op.get_context().autocommit_block`; undefined for anything else. */
function dottedName(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedName(node.childForFieldName('object'));
    const attribute = node.childForFieldName('attribute');
    return object === undefined || !attribute ? undefined : `${object}.${attribute.text}`;
  }
  if (node.type === 'call') {
    const callee = dottedName(node.childForFieldName('function'));
    return callee === undefined ? undefined : `${callee}()`;
  }
  return undefined;
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

function callArguments(call: Node): { positional: Node[]; keywords: Map<string, Node> } {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  const list = call.childForFieldName('arguments');
  for (const argument of list ? children(list) : []) {
    if (argument.type === 'keyword_argument') {
      const name = argument.childForFieldName('name')?.text;
      const value = argument.childForFieldName('value');
      if (name !== undefined && value) keywords.set(name, value);
    } else if (argument.type !== 'list_splat' && argument.type !== 'dictionary_splat') {
      positional.push(argument);
    }
  }
  return { positional, keywords };
}

function keywordValue(node: Node): KeywordValue {
  if (node.type === 'true' || node.type === 'false') return { kind: 'bool', value: node.type === 'true' };
  if (node.type === 'none') return { kind: 'none' };
  const text = staticString(node);
  return text ? { kind: 'string', value: text.value } : { kind: 'other' };
}

function enumCallName(call: Node): { name: string; createType: boolean } | undefined {
  const callee = dottedName(call.childForFieldName('function'));
  if (callee === undefined || !['Enum', 'ENUM'].includes(lastSegment(callee))) return undefined;
  const { keywords } = callArguments(call);
  const name = keywords.get('name');
  const value = name ? staticString(name)?.value : undefined;
  if (value === undefined) return undefined;
  const createType = keywords.get('create_type');
  return { name: value, createType: createType?.type !== 'false' };
}

function functionBody(definition: Node): Node | null {
  return definition.childForFieldName('body');
}

function summarize(definition: Node): FunctionSummary {
  const body = functionBody(definition);
  const statements = body ? children(body) : [];
  const empty = statements.every((statement) => {
    if (statement.type === 'pass_statement') return true;
    if (statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return false;
    const expression = statement.namedChild(0)!;
    return expression.type === 'ellipsis' || expression.type === 'string';
  });
  return { line: line(definition), empty };
}

/** Module-level `def`s (decorated or not), by name. */
function moduleFunctions(module: Node): Map<string, Node> {
  const functions = new Map<string, Node>();
  for (const statement of children(module)) {
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type === 'function_definition') {
      const name = definition.childForFieldName('name')?.text;
      if (name !== undefined) functions.set(name, definition);
    }
  }
  return functions;
}

function callsIn(node: Node): Node[] {
  return node.descendantsOfType('call');
}

/** Which of upgrade()/downgrade() reach each module-level function, through calls by name. */
function phasesOfFunctions(functions: ReadonlyMap<string, Node>): Map<string, Set<Phase>> {
  const callees = new Map<string, Set<string>>();
  for (const [name, definition] of functions) {
    const called = new Set<string>();
    for (const call of callsIn(definition)) {
      const target = call.childForFieldName('function');
      if (target?.type === 'identifier' && functions.has(target.text)) called.add(target.text);
    }
    callees.set(name, called);
  }
  const phases = new Map<string, Set<Phase>>([...functions.keys()].map((name) => [name, new Set<Phase>()]));
  for (const phase of PHASES) {
    const pending: string[] = functions.has(phase) ? [phase] : [];
    while (pending.length > 0) {
      const name = pending.pop()!;
      const reached = phases.get(name)!;
      if (reached.has(phase)) continue;
      reached.add(phase);
      pending.push(...callees.get(name)!);
    }
  }
  return phases;
}

/** Module functions that read the database from Python, directly or through each other. */
function inspectionHelpers(functions: ReadonlyMap<string, Node>): Set<string> {
  const helpers = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, definition] of functions) {
      if (helpers.has(name)) continue;
      const inspects = callsIn(definition).some((call) => {
        const callee = dottedName(call.childForFieldName('function'));
        return callee !== undefined && (INSPECTION_CALLS.has(callee) || helpers.has(callee));
      });
      if (inspects) {
        helpers.add(name);
        changed = true;
      }
    }
  }
  return helpers;
}

function mentionsInspection(node: Node, scope: Scope, helpers: ReadonlySet<string>): boolean {
  if (node.type === 'identifier' && scope.inspection.has(node.text)) return true;
  if (node.type === 'call') {
    const callee = dottedName(node.childForFieldName('function'));
    if (callee !== undefined && (INSPECTION_CALLS.has(callee) || helpers.has(callee))) return true;
    // bind.execute(...), inspector.has_table(...): a method of an inspection-derived variable.
    const root = callee?.split('.')[0];
    if (root !== undefined && scope.inspection.has(root)) return true;
  }
  return children(node).some((child) => mentionsInspection(child, scope, helpers));
}

/** Assignments `name = <value>` anywhere under `node` (not inside nested functions). */
function assignments(node: Node): { name: string; value: Node }[] {
  const found: { name: string; value: Node }[] = [];
  const visit = (current: Node): void => {
    for (const child of children(current)) {
      if (child.type === 'function_definition' || child.type === 'class_definition' || child.type === 'decorated_definition') continue;
      if (child.type === 'assignment') {
        const left = child.childForFieldName('left');
        const value = child.childForFieldName('right');
        if (left?.type === 'identifier' && value) found.push({ name: left.text, value });
      }
      visit(child);
    }
  };
  visit(node);
  return found;
}

function extendScope(parent: Scope, node: Node, helpers: ReadonlySet<string>): Scope {
  const strings = new Map(parent.strings);
  const enums = new Map(parent.enums);
  const inspection = new Set(parent.inspection);
  const found = assignments(node);
  for (const { name, value } of found) {
    const text = staticString(value);
    if (text) strings.set(name, text);
    const enumCall = value.type === 'call' ? enumCallName(value) : undefined;
    if (enumCall) enums.set(name, enumCall.name);
  }
  // Two passes, so `insp = sa.inspect(bind)` after `bind = op.get_bind()` is found either way round.
  for (let pass = 0; pass < 2; pass += 1) {
    for (const { name, value } of found) {
      if (mentionsInspection(value, { strings, enums, inspection }, helpers)) inspection.add(name);
    }
  }
  return { strings, enums, inspection };
}

function endsWithExit(block: Node | null): boolean {
  const last = block ? children(block).at(-1) : undefined;
  return last?.type === 'return_statement' || last?.type === 'raise_statement';
}

class PythonReader {
  private readonly opCalls: OpCall[] = [];
  private readonly executedSql: ExecutedSql[] = [];
  private readonly getBindLines: number[] = [];
  private readonly enums: EnumUse[] = [];

  constructor(private readonly helpers: ReadonlySet<string>) {}

  facts(): Pick<PythonFacts, 'opCalls' | 'executedSql' | 'getBindLines' | 'enums'> {
    return { opCalls: this.opCalls, executedSql: this.executedSql, getBindLines: this.getBindLines, enums: this.enums };
  }

  walk(node: Node, context: WalkContext): void {
    switch (node.type) {
      case 'block':
      case 'module':
        this.walkBlock(node, context);
        return;
      case 'with_statement':
        this.walkWith(node, context);
        return;
      case 'if_statement':
        this.walkIf(node, context);
        return;
      case 'call':
        this.walkCall(node, context);
        return;
      case 'identifier':
        if (context.inCreateTable && context.scope.enums.has(node.text)) {
          this.enums.push({ ...this.codeContext(context), name: context.scope.enums.get(node.text)!, line: line(node), action: 'create' });
        }
        return;
      default:
        for (const child of children(node)) this.walk(child, context);
    }
  }

  private codeContext(context: WalkContext): CodeContext {
    return { phases: context.phases, inAutocommit: context.inAutocommit, inspectionGuard: context.inspectionGuard };
  }

  private walkBlock(node: Node, context: WalkContext): void {
    let current = context;
    for (const statement of children(node)) {
      this.walk(statement, current);
      // `if not inspector.has_table(...): return` guards everything after it.
      if (statement.type === 'if_statement' && endsWithExit(statement.childForFieldName('consequence'))) {
        const condition = statement.childForFieldName('condition');
        if (condition && mentionsInspection(condition, current.scope, this.helpers)) current = { ...current, inspectionGuard: true };
      }
    }
  }

  private walkWith(node: Node, context: WalkContext): void {
    let inner = context;
    const clause = children(node).find((child) => child.type === 'with_clause');
    for (const item of clause ? children(clause) : []) {
      const value = item.childForFieldName('value');
      if (!value) continue;
      this.walk(value, context);
      const callee = value.type === 'call' ? dottedName(value.childForFieldName('function')) : undefined;
      if (callee !== undefined && lastSegment(callee) === 'autocommit_block') inner = { ...inner, inAutocommit: true };
    }
    const body = node.childForFieldName('body');
    if (body) this.walk(body, inner);
  }

  private walkIf(node: Node, context: WalkContext): void {
    let guarded = context.inspectionGuard;
    const condition = node.childForFieldName('condition');
    if (condition) {
      this.walk(condition, context);
      guarded ||= mentionsInspection(condition, context.scope, this.helpers);
    }
    const consequence = node.childForFieldName('consequence');
    if (consequence) this.walk(consequence, { ...context, inspectionGuard: guarded });
    for (const alternative of node.childrenForFieldName('alternative')) {
      if (!alternative) continue;
      const elifCondition = alternative.childForFieldName('condition');
      if (elifCondition) {
        this.walk(elifCondition, context);
        guarded ||= mentionsInspection(elifCondition, context.scope, this.helpers);
      }
      const body = alternative.childForFieldName('consequence') ?? alternative.childForFieldName('body');
      if (body) this.walk(body, { ...context, inspectionGuard: guarded });
    }
  }

  private resolveSql(node: Node | undefined, scope: Scope): StaticString | undefined {
    if (!node) return undefined;
    if (node.type === 'identifier') return scope.strings.get(node.text);
    if (node.type === 'call' && TEXT_CALLS.has(dottedName(node.childForFieldName('function')) ?? '')) {
      return this.resolveSql(callArguments(node).positional[0], scope);
    }
    return staticString(node);
  }

  private walkCall(node: Node, context: WalkContext): void {
    const callee = dottedName(node.childForFieldName('function'));
    const at = line(node);
    const code = this.codeContext(context);
    let inner = context;
    if (callee !== undefined) {
      const { positional, keywords } = callArguments(node);
      const method = lastSegment(callee);
      if (callee === 'op.get_bind') this.getBindLines.push(at);
      if (method === 'execute') {
        const sql = this.resolveSql(positional[0] ?? keywords.get('sqltext') ?? keywords.get('statement'), context.scope);
        if (sql) this.executedSql.push({ ...code, sql, line: at });
      }
      if (callee.startsWith('op.') && callee.split('.').length === 2 && !OP_CALLS_THAT_ARE_NOT_OPERATIONS.has(method)) {
        const values = new Map([...keywords].map(([name, value]) => [name, keywordValue(value)] as const));
        const subject = positional[0] ? staticString(positional[0])?.value : undefined;
        this.opCalls.push({ ...code, name: method, line: at, keywords: values, ...(subject !== undefined && { subject }) });
        if (method === 'create_table') inner = { ...inner, inCreateTable: true };
      }
      const enumCall = enumCallName(node);
      if (enumCall && context.inCreateTable && enumCall.createType) {
        this.enums.push({ ...code, name: enumCall.name, line: at, action: 'create' });
      }
      if (method === 'create' || method === 'drop') {
        const receiver = node.childForFieldName('function')?.childForFieldName('object');
        const name =
          receiver?.type === 'call' ? enumCallName(receiver)?.name : receiver?.type === 'identifier' ? context.scope.enums.get(receiver.text) : undefined;
        if (name !== undefined) this.enums.push({ ...code, name, line: at, action: method });
      }
    }
    for (const child of children(node)) this.walk(child, inner);
  }
}

export function readPython(tree: SyntaxTree): PythonFacts {
  const root = tree.root;
  const functions = moduleFunctions(root);
  const helpers = inspectionHelpers(functions);
  const phases = phasesOfFunctions(functions);
  const moduleScope = extendScope({ strings: new Map(), enums: new Map(), inspection: new Set() }, root, helpers);
  const reader = new PythonReader(helpers);
  const base = { inAutocommit: false, inspectionGuard: false, inCreateTable: false };
  for (const statement of children(root)) {
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type === 'function_definition') {
      const name = definition.childForFieldName('name')?.text ?? '';
      const body = functionBody(definition);
      if (!body) continue;
      reader.walk(body, { ...base, scope: extendScope(moduleScope, body, helpers), phases: [...(phases.get(name) ?? [])] });
    } else {
      reader.walk(statement, { ...base, scope: moduleScope, phases: [] });
    }
  }
  const upgrade = functions.get('upgrade');
  const downgrade = functions.get('downgrade');
  return {
    syntaxErrors: tree.syntaxError ? [tree.syntaxError] : [],
    ...(upgrade && { upgrade: summarize(upgrade) }),
    ...(downgrade && { downgrade: summarize(downgrade) }),
    ...reader.facts(),
  };
}
