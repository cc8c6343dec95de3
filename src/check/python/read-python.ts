import { argumentValue } from './argument-values.js';
import { callArguments, calleeOf, lastSegment } from './call-names.js';
import { boundKind, containsRead, startsRead, type Scope } from './inspection.js';
import type { CodeContext, EnumUse, ExecutedSql, FunctionSummary, OpCall, Phase, PythonFacts, Unanalysed } from './python-facts.js';
import { branchesOnPostgresql, callsOnPostgresql, exitsOnPostgresql } from './dialect.js';
import { strictSyntaxErrors } from './strict-syntax.js';
import { staticString, type Resolve, type StaticString } from './string-literal.js';
import type { SyntaxNode as Node, SyntaxTree } from './syntax-node.js';

// Reads a migration's syntax tree into PythonFacts. Names are resolved the simple way a reader
// would: module-level helper functions by name, and variables assigned once from a literal.

const PHASES: readonly Phase[] = ['upgrade', 'downgrade'];
const TEXT_CALLS = new Set(['text', 'sa.text', 'sqlalchemy.text', 'sql.text', 'sqlalchemy.sql.text']);
const TEXT_METHODS = new Set(['bindparams', 'columns', 'execution_options']);
/** `op.` attributes that are not operations on the schema. */
const NOT_OPERATIONS = new Set(['get_bind', 'get_context', 'execute', 'f', 'inline_literal', 'implementation_for', 'invoke', 'batch_alter_table', 'run_async', 'register_operation']);
/** Calls that do nothing to the database: a function of only these does nothing. */
const NO_OP_CALLS = /^(print|logger\.\w+|log\.\w+|logging\.\w+|LOG\.\w+|warnings\.warn)$/;

interface WalkContext extends CodeContext {
  readonly scope: Scope;
  readonly inCreateTable: boolean;
  /** Inside `with op.batch_alter_table(table) as <alias>:`. */
  readonly batch?: { readonly alias: string; readonly table: string; readonly schema?: string };
}

const children = (node: Node): Node[] => node.namedChildren;

const resolver =
  (scope: Scope): Resolve =>
  (node) =>
    node.type === 'identifier' ? scope.strings.get(node.text) : undefined;

function enumCallName(call: Node, scope: Scope, callee: string | undefined = calleeOf(call)): { name: string; createType: boolean } | undefined {
  if (callee === undefined || !(callee.endsWith('Enum') || callee.endsWith('ENUM')) || !['Enum', 'ENUM'].includes(lastSegment(callee))) return undefined;
  const { keywords } = callArguments(call);
  const name = staticString(keywords.get('name'), resolver(scope))?.value;
  if (name === undefined) return undefined;
  return { name, createType: keywords.get('create_type')?.type !== 'false' };
}

/** A statement that changes nothing: pass, ..., a docstring, return, print/logging, or an `if` of only these. */
function isNoOp(statement: Node): boolean {
  if (statement.type === 'pass_statement' || statement.type === 'return_statement') return statement.namedChildCount === 0 || statement.type === 'pass_statement';
  if (statement.type === 'if_statement') {
    const bodies = [statement.childForFieldName('consequence'), ...statement.childrenForFieldName('alternative').map((branch) => branch.childForFieldName('consequence') ?? branch.childForFieldName('body'))];
    return bodies.every((body) => !body || children(body).every(isNoOp));
  }
  if (statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return false;
  const expression = statement.namedChild(0)!;
  if (expression.type === 'ellipsis' || expression.type === 'string') return true;
  return expression.type === 'call' && NO_OP_CALLS.test(calleeOf(expression) ?? '');
}

function summarize(definition: Node): FunctionSummary {
  const statements = children(definition.childForFieldName('body') ?? definition);
  const first = statements.find((statement) => !(statement.type === 'expression_statement' && statement.namedChild(0)?.type === 'string'));
  return { line: definition.line, empty: statements.every(isNoOp), refuses: first?.type === 'raise_statement' };
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

/** Which of upgrade()/downgrade() reach each module-level function, through calls by name (on PostgreSQL). */
function phasesOfFunctions(functions: ReadonlyMap<string, Node>, resolve: Resolve): Map<string, Set<Phase>> {
  const callees = new Map<string, Set<string>>();
  const names = [...functions.keys()];
  for (const [name, definition] of functions) {
    const called = new Set<string>();
    // A body whose text names no module function calls none: most migrations' upgrade() and downgrade().
    const nameEnd = definition.childForFieldName('name')?.endIndex ?? definition.startIndex;
    const afterName = definition.text.slice(nameEnd - definition.startIndex);
    if (!names.some((other) => afterName.includes(other))) {
      callees.set(name, called);
      continue;
    }
    for (const call of callsOnPostgresql(definition, resolve)) {
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

/**
 * Expressions whose insides hold no assignment in a tree without syntax errors (an `assignment`
 * is a statement, or the right side of one): the search for assignments need not enter them.
 */
const WITHOUT_ASSIGNMENTS = new Set(['call', 'string', 'concatenated_string', 'attribute', 'subscript', 'list', 'tuple', 'dictionary', 'set', 'binary_operator', 'comparison_operator', 'boolean_operator', 'not_operator', 'lambda']);

/** Assignments `name = <value>` anywhere under `node` (not inside nested functions). */
function assignments(node: Node): { name: string; value: Node }[] {
  const found: { name: string; value: Node }[] = [];
  const visit = (current: Node): void => {
    const nodes = children(current);
    for (let index = 0; index < nodes.length; index += 1) {
      const child = nodes[index]!;
      if (child.type === 'function_definition' || child.type === 'class_definition' || child.type === 'decorated_definition') continue;
      if (WITHOUT_ASSIGNMENTS.has(child.type)) continue;
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
  const found = assignments(node);
  // Scopes are never changed once made: without assignments, the parent's serves.
  if (found.length === 0) return parent;
  const strings = new Map(parent.strings);
  const enums = new Map(parent.enums);
  const binds = new Set(parent.binds);
  const inspected = new Set(parent.inspected);
  const scope: Scope = { strings, enums, binds, inspected };
  for (const { name, value } of found) {
    const text = staticString(value, resolver(scope));
    if (text) strings.set(name, text);
    const enumCall = value.type === 'call' ? enumCallName(value, scope) : undefined;
    if (enumCall) enums.set(name, enumCall.name);
  }
  // Two passes, so `insp = sa.inspect(bind)` after `bind = op.get_bind()` is found either way round.
  for (let pass = 0; pass < 2; pass += 1) {
    for (const { name, value } of found) {
      const kind = boundKind(value, scope, helpers);
      if (kind === 'bind') binds.add(name);
      else if (kind === 'inspected') inspected.add(name);
    }
  }
  return scope;
}

/** Module functions that read the database, directly or through each other. */
function inspectionHelpers(functions: ReadonlyMap<string, Node>, moduleScope: Scope): Set<string> {
  const helpers = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, definition] of functions) {
      if (helpers.has(name) || PHASES.includes(name as Phase)) continue;
      const body = definition.childForFieldName('body');
      if (body && containsRead(body, extendScope(moduleScope, body, helpers), helpers)) {
        helpers.add(name);
        changed = true;
      }
    }
  }
  return helpers;
}

function endsWithExit(block: Node | null): boolean {
  const last = block ? children(block).at(-1) : undefined;
  return last?.type === 'return_statement' || last?.type === 'raise_statement';
}

class PythonReader {
  private readonly opCalls: OpCall[] = [];
  private readonly executedSql: ExecutedSql[] = [];
  private readonly inspections = new Set<number>();
  private readonly enums: EnumUse[] = [];
  private readonly interpolations: Unanalysed[] = [];
  private readonly unanalysed: Unanalysed[] = [];

  constructor(private readonly helpers: ReadonlySet<string>) {}

  facts(): Pick<PythonFacts, 'opCalls' | 'executedSql' | 'inspections' | 'enums' | 'interpolations' | 'unanalysed'> {
    const inspections = [...this.inspections].sort((a, b) => a - b);
    return { opCalls: this.opCalls, executedSql: this.executedSql, inspections, enums: this.enums, interpolations: this.interpolations, unanalysed: this.unanalysed };
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
      case 'expression_statement': {
        // A call that is a statement of its own: nobody reads its result.
        const only = node.namedChildCount === 1 ? node.namedChild(0)! : undefined;
        if (only?.type === 'call') this.walkCall(only, context, false);
        else this.walkChildren(node, context);
        return;
      }
      case 'call':
        this.walkCall(node, context, true);
        return;
      case 'identifier':
        if (context.inCreateTable && context.scope.enums.has(node.text)) this.enums.push(this.enumUse(context, context.scope.enums.get(node.text)!, node.line, 'create', 'table', false));
        return;
      case 'function_definition':
      case 'class_definition':
        // Nested definitions run only when called; their code is read with the enclosing context.
        this.walkChildren(node, context);
        return;
      default:
        this.walkChildren(node, context);
    }
  }

  private walkChildren(node: Node, context: WalkContext): void {
    const nodes = node.namedChildren;
    for (let index = 0; index < nodes.length; index += 1) this.walk(nodes[index]!, context);
  }

  private codeContext(context: WalkContext): CodeContext {
    return { phases: context.phases, inAutocommit: context.inAutocommit, inspectionGuard: context.inspectionGuard };
  }

  private enumUse(context: WalkContext, name: string, line: number, action: EnumUse['action'], via: EnumUse['via'], checkfirst: boolean): EnumUse {
    return { ...this.codeContext(context), name, line, action, via, checkfirst };
  }

  private walkBlock(node: Node, context: WalkContext): void {
    let current = context;
    const statements = children(node);
    for (let index = 0; index < statements.length; index += 1) {
      const statement = statements[index]!;
      this.walk(statement, current);
      // `if bind.dialect.name != "postgresql": return`: the rest never runs here.
      if (statement.type === 'if_statement' && exitsOnPostgresql(statement, resolver(current.scope))) return;
      // `if not inspector.has_table(...): return` guards everything after it.
      if (statement.type === 'if_statement' && endsWithExit(statement.childForFieldName('consequence'))) {
        const condition = statement.childForFieldName('condition');
        if (condition && containsRead(condition, current.scope, this.helpers)) current = { ...current, inspectionGuard: true };
      }
    }
  }

  private walkWith(node: Node, context: WalkContext): void {
    let inner = context;
    const clause = children(node).find((child) => child.type === 'with_clause');
    for (const item of clause ? children(clause) : []) {
      let value = item.childForFieldName('value');
      let alias: string | undefined;
      if (value?.type === 'as_pattern') {
        alias = value.childForFieldName('alias')?.text;
        value = value.namedChild(0);
      }
      if (!value) continue;
      this.walk(value, context);
      const callee = value.type === 'call' ? calleeOf(value) : undefined;
      if (callee !== undefined && lastSegment(callee) === 'autocommit_block') inner = { ...inner, inAutocommit: true };
      if (callee === 'op.batch_alter_table' && alias !== undefined) {
        const { positional, keywords } = callArguments(value);
        const table = staticString(positional[0] ?? keywords.get('table_name'), resolver(context.scope))?.value;
        const schema = staticString(keywords.get('schema'), resolver(context.scope))?.value;
        if (table !== undefined) inner = { ...inner, batch: { alias, table, ...(schema !== undefined && { schema }) } };
        else this.unanalysed.push({ line: value.line, message: 'op.batch_alter_table() names its table at run time, so the operations inside are not checked' });
      }
    }
    const body = node.childForFieldName('body');
    if (body) this.walk(body, inner);
  }

  /** The branches that run on PostgreSQL, each guarded when its test (or an earlier one) reads the database. */
  private walkIf(node: Node, context: WalkContext): void {
    let guarded = context.inspectionGuard;
    for (const { condition, body } of branchesOnPostgresql(node, resolver(context.scope))) {
      if (condition) {
        this.walk(condition, context);
        guarded ||= containsRead(condition, context.scope, this.helpers);
      }
      if (body) this.walk(body, { ...context, inspectionGuard: guarded });
    }
  }

  /** The SQL text a `.execute()` argument gives: a literal, a name bound to one, text(...), or a string built from them. */
  private resolveSql(node: Node | undefined, scope: Scope): StaticString | undefined {
    if (!node) return undefined;
    if (node.type === 'call' && TEXT_CALLS.has(calleeOf(node) ?? '')) return this.resolveSql(callArguments(node).positional[0], scope);
    // sa.text("...").bindparams(...) (or .columns(), .execution_options()): the SQL is the text's.
    const callee = node.type === 'call' ? node.childForFieldName('function') : null;
    if (callee?.type === 'attribute' && TEXT_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) return this.resolveSql(callee.childForFieldName('object') ?? undefined, scope);
    return staticString(node, resolver(scope));
  }

  private readExecute(node: Node, callee: string, context: WalkContext): void {
    const { positional, keywords } = callArguments(node);
    const argument = positional[0] ?? keywords.get('sqltext') ?? keywords.get('statement');
    const sql = this.resolveSql(argument, context.scope);
    if (sql) {
      const withParameters = positional.length > 1 || lastSegment(callee) === 'exec_driver_sql';
      this.executedSql.push({ ...this.codeContext(context), sql, line: node.line, withParameters });
      if (sql.interpolated) this.interpolations.push({ line: node.line, message: sql.interpolated.map((part) => `{${part}}`).join(', ') });
    } else if (callee === 'op.execute' && argument) {
      const shown = argument.text.split('\n')[0]!;
      this.unanalysed.push({ line: node.line, message: `op.execute(${shown.length > 40 ? `${shown.slice(0, 40)}...` : shown}) runs SQL built at run time (a variable, a function's result or a SQLAlchemy expression), so check cannot read it` });
    }
  }

  private walkCall(node: Node, context: WalkContext, resultRead: boolean): void {
    const callee = calleeOf(node);
    let inner = context;
    if (callee !== undefined) {
      const method = lastSegment(callee);
      if (startsRead(node, context.scope, resultRead, callee)) this.inspections.add(node.line);
      if (method === 'execute' || method === 'exec_driver_sql') this.readExecute(node, callee, context);
      // `receiver.method`, with no other dot: op's, or the batch's alias's.
      const dot = callee.length - method.length - 1;
      const receiver = dot > 0 && callee.lastIndexOf('.', dot - 1) < 0 ? callee.slice(0, dot) : undefined;
      const batch = context.batch && receiver === context.batch.alias ? context.batch : undefined;
      if ((receiver === 'op' || batch) && !NOT_OPERATIONS.has(method)) {
        const { positional, keywords } = callArguments(node);
        const resolve = resolver(context.scope);
        this.opCalls.push({
          ...this.codeContext(context),
          name: method,
          line: node.line,
          positional: positional.map((argument) => argumentValue(argument, resolve)),
          keywords: new Map([...keywords].map(([name, value]) => [name, argumentValue(value, resolve)] as const)),
          ...(batch && { batch }),
        });
        if (method === 'create_table') inner = { ...inner, inCreateTable: true };
      }
      const enumCall = enumCallName(node, context.scope, callee);
      if (enumCall && context.inCreateTable && enumCall.createType) this.enums.push(this.enumUse(context, enumCall.name, node.line, 'create', 'table', false));
      if (method === 'create' || method === 'drop') {
        const receiver = node.childForFieldName('function')?.childForFieldName('object');
        const name = receiver?.type === 'call' ? enumCallName(receiver, context.scope)?.name : receiver?.type === 'identifier' ? context.scope.enums.get(receiver.text) : undefined;
        const checkfirst = callArguments(node).keywords.get('checkfirst')?.type === 'true';
        if (name !== undefined) this.enums.push(this.enumUse(context, name, node.line, method, 'call', checkfirst));
      }
    }
    this.walkChildren(node, inner);
  }
}

export function readPython(tree: SyntaxTree): PythonFacts {
  const root = tree.root;
  const functions = moduleFunctions(root);
  const empty: Scope = { strings: new Map(), enums: new Map(), binds: new Set(), inspected: new Set() };
  const bareModuleScope = extendScope(empty, root, new Set());
  const phases = phasesOfFunctions(functions, resolver(bareModuleScope));
  const helpers = inspectionHelpers(functions, bareModuleScope);
  // Without helper functions that read the database, the module's scope is the one just made.
  const moduleScope = helpers.size === 0 ? bareModuleScope : extendScope(empty, root, helpers);
  const reader = new PythonReader(helpers);
  const base = { inAutocommit: false, inspectionGuard: false, inCreateTable: false };
  for (const statement of children(root)) {
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type === 'function_definition') {
      const name = definition.childForFieldName('name')?.text ?? '';
      const body = definition.childForFieldName('body');
      // A helper neither upgrade() nor downgrade() calls (on PostgreSQL) never runs in a migration.
      if (!body || (phases.get(name)?.size ?? 0) === 0) continue;
      reader.walk(body, { ...base, scope: extendScope(moduleScope, body, helpers), phases: [...(phases.get(name) ?? [])] });
    } else {
      reader.walk(statement, { ...base, scope: moduleScope, phases: [] });
    }
  }
  const upgrade = functions.get('upgrade');
  const downgrade = functions.get('downgrade');
  const strict = tree.syntaxError || tree.python3 ? [] : strictSyntaxErrors(root).slice(0, 1);
  const syntaxErrors = tree.syntaxError ? [tree.syntaxError] : strict.map((error) => ({ ...error, strict: true as const }));
  return {
    syntaxErrors,
    ...(upgrade && { upgrade: summarize(upgrade) }),
    ...(downgrade && { downgrade: summarize(downgrade) }),
    ...reader.facts(),
  };
}
