import { NotFastReadable, type Token } from './python-tokens.js';
import { SyntaxNode } from './syntax-node.js';

// The expressions of the fast reader (fast-python-tree.ts), built as tree-sitter's Python grammar
// builds them: its node types and fields, and its precedences, which are not quite Python's (`^`
// binds tighter than `&`). Forms it does not build throw NotFastReadable: tree-sitter reads the file.

/** Python's keywords: never a name in an expression. */
const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try',
  'while', 'with', 'yield',
]);

/** tree-sitter-python's PREC of each binary operator. */
const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  '|': 14,
  '&': 15,
  '^': 16,
  '<<': 17,
  '>>': 17,
  '+': 18,
  '-': 18,
  '*': 19,
  '@': 19,
  '/': 19,
  '%': 19,
  '//': 19,
  '**': 21,
};
const POWER = 21;
const LOWEST_BINARY = 14;

const COMPARISONS = new Set(['<', '<=', '==', '!=', '>=', '>']);
const LITERAL_NAMES: Readonly<Record<string, string>> = { True: 'true', False: 'false', None: 'none' };
/** What may be assigned to, as tree-sitter's `pattern` reads it here. */
const TARGETS = new Set(['identifier', 'attribute', 'subscript']);

/** The children of every leaf the fast reader makes: one array, never changed. */
const NO_CHILDREN: SyntaxNode[] = Object.freeze([]) as unknown as SyntaxNode[];

export function fail(what: string): never {
  throw new NotFastReadable(what);
}

/** `node`, now filling `field` of its parent. */
export function inField(field: string, node: SyntaxNode): SyntaxNode {
  node.field = field;
  return node;
}

export class ExpressionParser {
  protected at = 0;
  /** The next token: tokens[at]. */
  protected token: Token;
  /** Where the last token taken ends: where a node made now ends. */
  protected previousEnd = 0;

  constructor(
    protected readonly source: string,
    protected readonly tokens: readonly Token[],
  ) {
    this.token = tokens[0]!;
  }

  protected peek(offset = 1): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)]!;
  }

  protected atKind(kind: Token['kind']): boolean {
    return this.token.kind === kind;
  }

  protected isKind(kind: Token['kind'], token: Token): boolean {
    return token.kind === kind;
  }

  protected isOp(text: string, token: Token = this.token): boolean {
    return token.kind === 'op' && token.text === text;
  }

  protected isName(text: string, token: Token = this.token): boolean {
    return token.kind === 'name' && token.text === text;
  }

  protected take(): Token {
    const token = this.token;
    if (token.kind === 'end') fail('the end of the text');
    this.at += 1;
    this.token = this.tokens[this.at]!;
    this.previousEnd = token.end;
    return token;
  }

  protected takeOp(text: string): Token {
    if (!this.isOp(text)) fail(`${text} expected`);
    return this.take();
  }

  protected takeName(text: string): Token {
    if (!this.isName(text)) fail(`${text} expected`);
    return this.take();
  }

  /** A node from `start` (a token or node where it begins) to the end of the last token taken. */
  protected node(type: string, start: Token | SyntaxNode, children: SyntaxNode[] = NO_CHILDREN): SyntaxNode {
    const startIndex = start instanceof SyntaxNode ? start.startIndex : start.start;
    return new SyntaxNode(type, null, startIndex, this.previousEnd, start.row, this.source, children.length === 0 ? NO_CHILDREN : children);
  }

  /** A node of one token, just taken. */
  protected leaf(type: string, token: Token): SyntaxNode {
    return new SyntaxNode(type, null, token.start, token.end, token.row, this.source, NO_CHILDREN);
  }

  /** A name that may stand for a variable (tree-sitter's identifier, keyword_identifier included). */
  protected identifier(): SyntaxNode {
    const token = this.token;
    if (token.kind !== 'name' || KEYWORDS.has(token.text)) fail('a name expected');
    return this.leaf('identifier', this.take());
  }

  /** `expression` (conditional, lambda, not/and/or, comparisons and all below). */
  expression(): SyntaxNode {
    if (this.isName('lambda')) return this.lambda();
    const value = this.disjunction();
    if (!this.isName('if')) return value;
    this.take();
    const condition = this.disjunction();
    this.takeName('else');
    const otherwise = this.expression();
    return this.node('conditional_expression', value, [value, condition, otherwise]);
  }

  /** An expression, or several separated by commas: an expression_list. */
  expressions(): SyntaxNode {
    const first = this.expression();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) {
      this.take();
      if (!this.startsExpression()) break;
      items.push(this.expression());
    }
    return this.node('expression_list', first, items);
  }

  protected startsExpression(token: Token = this.token): boolean {
    if (token.kind === 'name') return !KEYWORDS.has(token.text) || token.text in LITERAL_NAMES || token.text === 'not' || token.text === 'lambda';
    if (token.kind === 'number' || token.kind === 'string') return true;
    return token.kind === 'op' && ['(', '[', '{', '-', '+', '~', '...'].includes(token.text);
  }

  protected disjunction(): SyntaxNode {
    return this.booleanOperators('or', () => this.conjunction());
  }

  private conjunction(): SyntaxNode {
    return this.booleanOperators('and', () => this.negation());
  }

  /** Operands joined by `word` (and, or), left to right. */
  private booleanOperators(word: string, operand: () => SyntaxNode): SyntaxNode {
    let left = operand();
    while (this.isName(word)) {
      this.take();
      const right = operand();
      left = this.node('boolean_operator', left, [inField('left', left), inField('right', right)]);
    }
    return left;
  }

  /** One `item`, and more while `separator` comes between. */
  protected separated(separator: string, item: () => SyntaxNode): SyntaxNode[] {
    const items = [item()];
    while (this.isOp(separator)) {
      this.take();
      items.push(item());
    }
    return items;
  }

  private negation(): SyntaxNode {
    if (!this.isName('not')) return this.comparison();
    const start = this.take();
    const argument = this.negation();
    return this.node('not_operator', start, [inField('argument', argument)]);
  }

  private comparisonOperator(): boolean {
    const token = this.token;
    if (token.kind === 'op') return COMPARISONS.has(token.text);
    if (token.kind !== 'name') return false;
    return token.text === 'in' || token.text === 'is' || (token.text === 'not' && this.isName('in', this.peek()));
  }

  private comparison(): SyntaxNode {
    const first = this.binary(LOWEST_BINARY);
    if (!this.comparisonOperator()) return first;
    const operands = [first];
    while (this.comparisonOperator()) {
      const operator = this.take();
      if (operator.text === 'not') this.takeName('in');
      else if (operator.text === 'is' && this.isName('not')) this.take();
      operands.push(this.binary(LOWEST_BINARY));
    }
    return this.node('comparison_operator', first, operands);
  }

  private binary(minimum: number): SyntaxNode {
    let left = this.unary();
    for (;;) {
      const token = this.token;
      const precedence = token.kind === 'op' ? BINARY_PRECEDENCE[token.text] : undefined;
      if (precedence === undefined || precedence < minimum) return left;
      this.take();
      const right = this.binary(precedence === POWER ? POWER : precedence + 1);
      left = this.node('binary_operator', left, [inField('left', left), inField('right', right)]);
    }
  }

  private unary(): SyntaxNode {
    const token = this.token;
    if (token.kind === 'op' && (token.text === '-' || token.text === '+' || token.text === '~')) {
      this.take();
      // tree-sitter's unary operator binds looser than ** only: -a ** b is -(a ** b).
      const argument = this.binary(POWER);
      return this.node('unary_operator', token, [inField('argument', argument)]);
    }
    return this.primary();
  }

  /** An atom and what follows it: attributes, calls, subscripts. */
  protected primary(): SyntaxNode {
    let value = this.atom();
    for (;;) {
      const token = this.token;
      if (token.kind !== 'op') return value;
      if (token.text === '.') {
        this.take();
        const attribute = this.identifier();
        value = this.node('attribute', value, [inField('object', value), inField('attribute', attribute)]);
      } else if (token.text === '(') {
        const args = this.argumentList();
        value = this.node('call', value, [inField('function', value), inField('arguments', args)]);
      } else if (token.text === '[') {
        this.take();
        const items = [this.subscriptItem()];
        while (this.isOp(',')) {
          this.take();
          if (this.isOp(']')) fail('a subscript with a trailing comma');
          items.push(this.subscriptItem());
        }
        this.takeOp(']');
        value = this.node('subscript', value, [inField('value', value), ...items.map((item) => inField('subscript', item))]);
      } else {
        return value;
      }
    }
  }

  private atom(): SyntaxNode {
    const token = this.token;
    switch (token.kind) {
      case 'name': {
        const literal = LITERAL_NAMES[token.text];
        if (literal !== undefined) return this.leaf(literal, this.take());
        // Python 2's print and exec statements: only their call form is read here.
        if ((token.text === 'print' || token.text === 'exec') && !this.isOp('(', this.peek())) fail(`${token.text} without parentheses`);
        return this.identifier();
      }
      case 'number':
        return this.leaf(token.float ? 'float' : 'integer', this.take());
      case 'string':
        return this.strings();
      case 'op':
        if (token.text === '(') return this.parenthesized();
        if (token.text === '[') return this.list();
        if (token.text === '{') return this.braced();
        if (token.text === '...') return this.leaf('ellipsis', this.take());
        return fail(`the operator ${token.text}`);
      default:
        return fail(`a ${token.kind} token`);
    }
  }

  /** One string, or several written one after another (concatenated_string). */
  private strings(): SyntaxNode {
    const first = this.stringNode(this.take());
    if (this.token.kind !== 'string') return first;
    const parts = [first];
    while (this.token.kind === 'string') parts.push(this.stringNode(this.take()));
    return this.node('concatenated_string', first, parts);
  }

  private stringNode(token: Token): SyntaxNode {
    const fstring = token.fstring;
    if (!fstring) return this.leaf('string', token);
    const { source } = this;
    const children = [new SyntaxNode('string_start', null, token.start, fstring.bodyStart, token.row, source)];
    for (const part of fstring.parts) {
      if (part.kind === 'content') {
        const escapes = part.escapes.map((escape) => new SyntaxNode(escape.type, null, escape.start, escape.end, escape.row, source));
        children.push(new SyntaxNode('string_content', null, part.start, part.end, part.row, source, escapes));
        continue;
      }
      const inner = new ExpressionParser(source, part.tokens);
      const expression = inner.expressions();
      if (inner.token.kind !== 'end') fail('an f-string field this reader does not read');
      const parts = [inField('expression', expression)];
      if (part.conversion) parts.push(inField('type_conversion', new SyntaxNode('type_conversion', null, part.conversion.start, part.conversion.end, part.row, source)));
      if (part.spec) parts.push(inField('format_specifier', new SyntaxNode('format_specifier', null, part.spec.start, part.spec.end, part.row, source)));
      children.push(new SyntaxNode('interpolation', null, part.start, part.end, part.row, source, parts));
    }
    children.push(new SyntaxNode('string_end', null, fstring.bodyEnd, token.end, fstring.endRow, source));
    return new SyntaxNode('string', null, token.start, token.end, token.row, source, children);
  }

  /** An element of a list, tuple or set: an expression, or `*expression` (list_splat). */
  private element(): SyntaxNode {
    if (!this.isOp('*')) return this.expression();
    const star = this.take();
    const value = this.splatted();
    return this.node('list_splat', star, [value]);
  }

  /** What `*` or `**` unpacks: Python's bitwise-or level (not, and, if-else need parentheses there). */
  private splatted(): SyntaxNode {
    return this.binary(LOWEST_BINARY);
  }

  /** Elements after the first, up to (not taking) the closing bracket. */
  private moreElements(items: SyntaxNode[], closing: string): SyntaxNode[] {
    while (this.isOp(',')) {
      this.take();
      if (this.isOp(closing)) break;
      items.push(this.element());
    }
    return items;
  }

  private parenthesized(): SyntaxNode {
    const open = this.take();
    if (this.isOp(')')) {
      this.take();
      return this.node('tuple', open);
    }
    const first = this.element();
    if (this.isName('for')) {
      return this.comprehension('generator_expression', open, first, ')');
    }
    if (this.isOp(')')) {
      if (first.type === 'list_splat') fail('a parenthesized splat');
      this.take();
      return this.node('parenthesized_expression', open, [first]);
    }
    const items = this.moreElements([first], ')');
    this.takeOp(')');
    return this.node('tuple', open, items);
  }

  private list(): SyntaxNode {
    const open = this.take();
    if (this.isOp(']')) {
      this.take();
      return this.node('list', open);
    }
    const first = this.element();
    if (this.isName('for')) {
      return this.comprehension('list_comprehension', open, first, ']');
    }
    const items = this.moreElements([first], ']');
    this.takeOp(']');
    return this.node('list', open, items);
  }

  /** A `key: value` pair whose key was just read, or `**mapping`. */
  private dictionaryEntry(key: SyntaxNode | undefined = undefined): SyntaxNode {
    if (key === undefined && this.isOp('**')) {
      const stars = this.take();
      const value = this.splatted();
      return this.node('dictionary_splat', stars, [value]);
    }
    const keyNode = key ?? this.expression();
    this.takeOp(':');
    const value = this.expression();
    return this.node('pair', keyNode, [inField('key', keyNode), inField('value', value)]);
  }

  private braced(): SyntaxNode {
    const open = this.take();
    if (this.isOp('}')) {
      this.take();
      return this.node('dictionary', open);
    }
    const key = this.isOp('**') ? undefined : this.element();
    if (key === undefined || this.isOp(':')) {
      if (key?.type === 'list_splat') fail('a splat as a dictionary key');
      const first = this.dictionaryEntry(key);
      if (first.type === 'pair' && this.isName('for')) {
        return this.comprehension('dictionary_comprehension', open, first, '}');
      }
      const entries = [first];
      while (this.isOp(',')) {
        this.take();
        if (this.isOp('}')) break;
        entries.push(this.dictionaryEntry());
      }
      this.takeOp('}');
      return this.node('dictionary', open, entries);
    }
    if (this.isName('for')) {
      return this.comprehension('set_comprehension', open, key, '}');
    }
    const items = this.moreElements([key], '}');
    this.takeOp('}');
    return this.node('set', open, items);
  }

  /** A comprehension of `body` (its clauses next), through its closing bracket. */
  private comprehension(type: string, open: Token, body: SyntaxNode, closing: string): SyntaxNode {
    const clauses = this.comprehensionClauses();
    this.takeOp(closing);
    return this.node(type, open, [inField('body', body), ...clauses]);
  }

  /** `for x in y`, `if z` ... of a comprehension (the first is a `for`). */
  private comprehensionClauses(): SyntaxNode[] {
    const clauses: SyntaxNode[] = [];
    while (this.isName('for') || (clauses.length > 0 && this.isName('if'))) {
      const keyword = this.take();
      if (keyword.text === 'for') {
        const left = this.targets();
        this.takeName('in');
        const right = this.disjunction();
        if (this.isOp(',')) fail('a comprehension over a bare tuple');
        clauses.push(this.node('for_in_clause', keyword, [inField('left', left), inField('right', right)]));
      } else {
        const condition = this.disjunction();
        clauses.push(this.node('if_clause', keyword, [condition]));
      }
    }
    return clauses;
  }

  /** What a `for` binds: a target, or several (pattern_list). */
  protected targets(): SyntaxNode {
    const first = this.target();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) {
      this.take();
      if (this.isName('in') || this.isOp('=')) break;
      items.push(this.target());
    }
    return this.node('pattern_list', first, items);
  }

  protected target(): SyntaxNode {
    if (this.isOp('*')) {
      const star = this.take();
      const value = this.target();
      return this.node('list_splat_pattern', star, [value]);
    }
    const value = this.primary();
    if (!TARGETS.has(value.type)) fail(`a ${value.type} as a target`);
    return value;
  }

  /** `(...)` after a callee: argument_list, or a generator_expression as its only argument. */
  protected argumentList(): SyntaxNode {
    const open = this.take();
    const args: SyntaxNode[] = [];
    while (!this.isOp(')')) {
      args.push(this.argument());
      if (args.length === 1 && this.isName('for') && !['list_splat', 'dictionary_splat', 'keyword_argument'].includes(args[0]!.type)) {
        return this.comprehension('generator_expression', open, args[0]!, ')');
      }
      if (!this.isOp(',')) break;
      this.take();
    }
    this.takeOp(')');
    return this.node('argument_list', open, args);
  }

  private argument(): SyntaxNode {
    if (this.isOp('*') || this.isOp('**')) {
      const star = this.take();
      const value = this.splatted();
      return this.node(star.text === '*' ? 'list_splat' : 'dictionary_splat', star, [value]);
    }
    if (this.token.kind === 'name' && this.isOp('=', this.peek())) {
      const name = this.identifier();
      this.take();
      const value = this.expression();
      return this.node('keyword_argument', name, [inField('name', name), inField('value', value)]);
    }
    return this.expression();
  }

  /** One item between a subscript's brackets: an expression or a slice. */
  private subscriptItem(): SyntaxNode {
    const start = this.token;
    const parts: SyntaxNode[] = [];
    if (!this.isOp(':')) {
      const lower = this.expression();
      if (!this.isOp(':')) return lower;
      parts.push(lower);
    }
    const ends = (): boolean => this.isOp(':') || this.isOp(']') || this.isOp(',');
    this.take();
    if (!ends()) parts.push(this.expression());
    if (this.isOp(':')) {
      this.take();
      if (!this.isOp(']') && !this.isOp(',')) parts.push(this.expression());
    }
    return this.node('slice', start, parts);
  }

  private lambda(): SyntaxNode {
    const keyword = this.take();
    const children: SyntaxNode[] = [];
    if (!this.isOp(':')) {
      const first = this.token;
      const parameters = this.parameterList(':', false);
      children.push(inField('parameters', this.node('lambda_parameters', first, parameters)));
    }
    this.takeOp(':');
    children.push(inField('body', this.expression()));
    return this.node('lambda', keyword, children);
  }

  /** Parameters up to (not taking) `closing`; `typed` for a def's, which may carry annotations. */
  protected parameterList(closing: string, typed: boolean): SyntaxNode[] {
    const parameters: SyntaxNode[] = [];
    while (!this.isOp(closing)) {
      parameters.push(this.parameter(typed));
      if (!this.isOp(',')) break;
      this.take();
    }
    return parameters;
  }

  private parameter(typed: boolean): SyntaxNode {
    const token = this.token;
    let parameter: SyntaxNode;
    if (this.isOp('/')) return this.leaf('positional_separator', this.take());
    if (this.isOp('*') || this.isOp('**')) {
      this.take();
      if (token.text === '*' && (this.isOp(',') || this.isOp(')') || this.isOp(':'))) return this.node('keyword_separator', token);
      const name = this.identifier();
      parameter = this.node(token.text === '*' ? 'list_splat_pattern' : 'dictionary_splat_pattern', token, [name]);
      if (typed && this.isOp(':')) {
        this.take();
        const type = this.type();
        return this.node('typed_parameter', token, [parameter, inField('type', type)]);
      }
      return parameter;
    }
    const name = this.identifier();
    if (typed && this.isOp(':')) {
      this.take();
      const type = this.type();
      if (!this.isOp('=')) return this.node('typed_parameter', name, [name, inField('type', type)]);
      this.take();
      const value = this.expression();
      return this.node('typed_default_parameter', name, [inField('name', name), inField('type', type), inField('value', value)]);
    }
    if (!this.isOp('=')) return name;
    this.take();
    const value = this.expression();
    return this.node('default_parameter', name, [inField('name', name), inField('value', value)]);
  }

  /**
   * An annotation (tree-sitter's `type`): a name with brackets is its generic_type, any other
   * expression is itself; `X[...] | ...` (its union_type) is left to tree-sitter.
   */
  protected type(): SyntaxNode {
    const token = this.token;
    if (token.kind === 'name' && !KEYWORDS.has(token.text) && this.isOp('[', this.peek())) {
      const name = this.identifier();
      const open = this.take();
      const types = [this.type()];
      while (this.isOp(',')) {
        this.take();
        if (this.isOp(']')) fail('a type parameter list with a trailing comma');
        types.push(this.type());
      }
      this.takeOp(']');
      const parameters = this.node('type_parameter', open, types);
      if (this.token.kind === 'op' && ['|', '.', '(', '[', '*', '**'].includes(this.token.text)) fail('a generic type inside an expression');
      const generic = this.node('generic_type', name, [name, parameters]);
      return this.node('type', name, [generic]);
    }
    const expression = this.expression();
    return this.node('type', expression, [expression]);
  }
}
