import { ExpressionParser, fail, inField } from './python-expressions.js';
import { pythonTokens } from './python-tokens.js';
import { SyntaxNode, type SyntaxTree } from './syntax-node.js';

// check's own reader of Python, for the Python migrations are written in: it builds exactly the
// tree copyTree makes of tree-sitter's (the same named nodes, fields, ranges and rows, comments
// left out) in a fraction of the time, and gives no tree for whatever it does not build exactly
// so (a syntax error, Python 2, async code, match and type statements, and the rarer forms the
// tokenizer and expressions refuse): tree-sitter reads that file (python-parser.ts).
// test/check/fast-python-tree.test.ts compares the two trees on every migration the tests have.

const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '@=', '//=', '%=', '**=', '>>=', '<<=', '&=', '^=', '|=']);
const TARGETS = new Set(['identifier', 'attribute', 'subscript']);
/**
 * Names that also begin statements of their own, with what may follow them here: `match`, `type`
 * and `case` (`type (x).y = 1` is a type alias statement to tree-sitter), Python 2's print and exec.
 */
const AMBIGUOUS_STARTS: Readonly<Record<string, readonly string[]>> = { match: ['=', '.'], type: ['=', '.'], case: ['=', '.'], print: ['('], exec: ['('] };

class StatementParser extends ExpressionParser {
  module(moduleStart: number, moduleRow: number): SyntaxNode {
    const statements: SyntaxNode[] = [];
    while (this.token.kind !== 'end') statements.push(...this.statement());
    return new SyntaxNode('module', null, moduleStart, this.source.length, moduleRow, this.source, statements);
  }

  private statement(): SyntaxNode[] {
    const token = this.token;
    if (token.kind === 'op' && token.text === '@') return [this.decorated()];
    if (token.kind !== 'name') return this.simpleStatements();
    switch (token.text) {
      case 'if':
        return [this.ifStatement()];
      case 'for':
        return [this.forStatement()];
      case 'while':
        return [this.whileStatement()];
      case 'try':
        return [this.tryStatement()];
      case 'with':
        return [this.withStatement()];
      case 'def':
        return [this.functionDefinition()];
      case 'class':
        return [this.classDefinition()];
      default:
        return this.simpleStatements();
    }
  }

  /** Simple statements separated by `;`, and the line's NEWLINE. */
  private simpleStatements(): SyntaxNode[] {
    const statements = [this.simpleStatement()];
    while (this.isOp(';')) {
      this.take();
      if (this.token.kind === 'newline') break;
      statements.push(this.simpleStatement());
    }
    if (this.token.kind !== 'newline') fail('the end of a statement expected');
    this.take();
    return statements;
  }

  private endsStatement(): boolean {
    return this.token.kind === 'newline' || this.isOp(';');
  }

  private simpleStatement(): SyntaxNode {
    const token = this.token;
    if (token.kind === 'name') {
      if (Object.hasOwn(AMBIGUOUS_STARTS, token.text) && !AMBIGUOUS_STARTS[token.text]!.some((text) => this.isOp(text, this.peek()))) fail(`a statement starting with ${token.text}`);
      switch (token.text) {
        case 'pass':
        case 'break':
        case 'continue':
          return this.leaf(`${token.text}_statement`, this.take());
        case 'return': {
          this.take();
          return this.node('return_statement', token, this.endsStatement() ? [] : [this.expressions()]);
        }
        case 'raise': {
          this.take();
          const children = this.endsStatement() || this.isName('from') ? [] : [this.expressions()];
          if (children[0]?.type === 'expression_list') fail('Python 2 raise E, value');
          if (this.isName('from')) {
            this.take();
            children.push(inField('cause', this.expression()));
          }
          return this.node('raise_statement', token, children);
        }
        case 'del':
          this.take();
          return this.node('delete_statement', token, [this.expressions()]);
        case 'global':
        case 'nonlocal': {
          this.take();
          const names = this.separated(',', () => this.identifier());
          return this.node(`${token.text}_statement`, token, names);
        }
        case 'assert': {
          this.take();
          const parts = [this.expression()];
          if (this.isOp(',')) {
            this.take();
            parts.push(this.expression());
          }
          return this.node('assert_statement', token, parts);
        }
        case 'import':
          return this.importStatement();
        case 'from':
          return this.fromImport();
        default:
      }
    }
    return this.expressionStatement();
  }

  private expressionStatement(): SyntaxNode {
    const value = this.expressions();
    let statement: SyntaxNode;
    if (this.isOp('=')) {
      statement = this.assignment(value);
    } else if (this.isOp(':')) {
      if (!TARGETS.has(value.type)) fail('an annotation of something other than a name');
      this.take();
      const type = this.type();
      const children = [inField('left', value), inField('type', type)];
      if (this.isOp('=')) {
        this.take();
        children.push(inField('right', this.rightHandSide()));
      }
      statement = this.node('assignment', value, children);
    } else if (this.token.kind === 'op' && AUGMENTED.has(this.token.text)) {
      if (!TARGETS.has(value.type)) fail('an augmented assignment to something other than a name');
      this.take();
      const right = this.expressions();
      statement = this.node('augmented_assignment', value, [inField('left', value), inField('right', right)]);
    } else {
      if (value.type === 'expression_list') fail('a bare tuple as a statement');
      statement = value;
    }
    return this.node('expression_statement', statement, [statement]);
  }

  /** What follows `=`: expressions, or another assignment (`a = b = 1`). */
  private rightHandSide(): SyntaxNode {
    const value = this.expressions();
    return this.isOp('=') ? this.assignment(value) : value;
  }

  private assignment(value: SyntaxNode): SyntaxNode {
    const left = this.pattern(value);
    this.take();
    const right = this.rightHandSide();
    return this.node('assignment', left, [inField('left', left), inField('right', right)]);
  }

  /** An expression read before `=`, as what it assigns to. */
  private pattern(value: SyntaxNode): SyntaxNode {
    if (TARGETS.has(value.type)) return value;
    if (value.type !== 'expression_list' || !value.namedChildren.every((item) => TARGETS.has(item.type))) fail(`an assignment to a ${value.type}`);
    return new SyntaxNode('pattern_list', null, value.startIndex, value.endIndex, value.row, this.source, value.namedChildren);
  }

  private dottedName(): SyntaxNode {
    const names = this.separated('.', () => this.identifier());
    return this.node('dotted_name', names[0]!, names);
  }

  /** `a.b` or `a.b as c`, as an import names it. */
  private importedName(): SyntaxNode {
    const name = this.dottedName();
    if (!this.isName('as')) return inField('name', name);
    this.take();
    const alias = this.identifier();
    return inField('name', this.node('aliased_import', name, [inField('name', name), inField('alias', alias)]));
  }

  private importStatement(): SyntaxNode {
    const keyword = this.take();
    const names = this.separated(',', () => this.importedName());
    return this.node('import_statement', keyword, names);
  }

  private fromImport(): SyntaxNode {
    const keyword = this.take();
    const future = this.isName('__future__') && this.isName('import', this.peek());
    const children: SyntaxNode[] = [];
    if (future) {
      this.take();
    } else if (this.isOp('.') || this.isOp('...')) {
      const first = this.token;
      while (this.isOp('.') || this.isOp('...')) this.take();
      const prefix = this.node('import_prefix', first);
      const parts = [prefix];
      if (!this.isName('import')) parts.push(this.dottedName());
      children.push(inField('module_name', this.node('relative_import', first, parts)));
    } else {
      children.push(inField('module_name', this.dottedName()));
    }
    this.takeName('import');
    if (this.isOp('*')) {
      if (future) fail('from __future__ import *');
      children.push(this.leaf('wildcard_import', this.take()));
    } else {
      const parenthesized = this.isOp('(');
      if (parenthesized) this.take();
      children.push(this.importedName());
      while (this.isOp(',')) {
        this.take();
        if (parenthesized && this.isOp(')')) break;
        children.push(this.importedName());
      }
      if (parenthesized) this.takeOp(')');
    }
    return this.node(future ? 'future_import_statement' : 'import_from_statement', keyword, children);
  }

  /** The statements after a compound statement's `:`: an indented block, or the rest of the line. */
  private block(): SyntaxNode {
    this.takeOp(':');
    if (this.token.kind !== 'newline') {
      const statements = this.simpleStatements();
      return this.node('block', statements[0]!, statements);
    }
    this.take();
    if (!this.atKind('indent')) fail('an indented block expected');
    this.take();
    const statements: SyntaxNode[] = [];
    while (!this.atKind('dedent')) statements.push(...this.statement());
    this.take();
    return this.node('block', statements[0]!, statements);
  }

  private elseClause(): SyntaxNode {
    const keyword = this.take();
    const body = this.block();
    return inField('alternative', this.node('else_clause', keyword, [inField('body', body)]));
  }

  private ifStatement(): SyntaxNode {
    const keyword = this.take();
    const condition = this.expression();
    const children = [inField('condition', condition), inField('consequence', this.block())];
    while (this.isName('elif')) {
      const elif = this.take();
      const branchCondition = this.expression();
      const consequence = this.block();
      children.push(inField('alternative', this.node('elif_clause', elif, [inField('condition', branchCondition), inField('consequence', consequence)])));
    }
    if (this.isName('else')) children.push(this.elseClause());
    return this.node('if_statement', keyword, children);
  }

  private forStatement(): SyntaxNode {
    const keyword = this.take();
    const left = this.targets();
    this.takeName('in');
    const right = this.expressions();
    const children = [inField('left', left), inField('right', right), inField('body', this.block())];
    if (this.isName('else')) children.push(this.elseClause());
    return this.node('for_statement', keyword, children);
  }

  private whileStatement(): SyntaxNode {
    const keyword = this.take();
    const condition = this.expression();
    const children = [inField('condition', condition), inField('body', this.block())];
    if (this.isName('else')) children.push(this.elseClause());
    return this.node('while_statement', keyword, children);
  }

  private tryStatement(): SyntaxNode {
    const keyword = this.take();
    const children = [inField('body', this.block())];
    while (this.isName('except')) {
      const except = this.take();
      const parts: SyntaxNode[] = [];
      if (!this.isOp(':')) parts.push(inField('value', this.aliased(this.expression())));
      parts.push(this.block());
      children.push(this.node('except_clause', except, parts));
    }
    if (this.isName('else')) {
      const clause = this.elseClause();
      clause.field = null;
      children.push(clause);
    }
    if (this.isName('finally')) {
      const final = this.take();
      children.push(this.node('finally_clause', final, [this.block()]));
    }
    if (children.length === 1) fail('a try without except or finally');
    return this.node('try_statement', keyword, children);
  }

  /** `value as name` (as_pattern) when `as` follows, else the value. */
  private aliased(value: SyntaxNode): SyntaxNode {
    if (!this.isName('as')) return value;
    this.take();
    const name = this.identifier();
    const target = new SyntaxNode('as_pattern_target', null, name.startIndex, name.endIndex, name.row, this.source, [name]);
    return this.node('as_pattern', value, [value, inField('alias', target)]);
  }

  private withStatement(): SyntaxNode {
    const keyword = this.take();
    if (this.isOp('(')) fail('a parenthesized with');
    const items: SyntaxNode[] = [];
    do {
      if (items.length > 0) this.take();
      const value = this.aliased(this.expression());
      items.push(this.node('with_item', value, [inField('value', value)]));
    } while (this.isOp(','));
    const clause = this.node('with_clause', items[0]!, items);
    return this.node('with_statement', keyword, [clause, inField('body', this.block())]);
  }

  private functionDefinition(): SyntaxNode {
    const keyword = this.take();
    const name = this.identifier();
    const open = this.token;
    this.takeOp('(');
    const parameterList = this.parameterList(')', true);
    this.takeOp(')');
    const children = [inField('name', name), inField('parameters', this.node('parameters', open, parameterList))];
    if (this.isOp('->')) {
      this.take();
      children.push(inField('return_type', this.type()));
      // tree-sitter reads `-> T: statement` as the start of a constrained type (T: U).
      if (this.isOp(':') && !this.isKind('newline', this.peek())) fail('a return annotation before a body on the same line');
    }
    children.push(inField('body', this.block()));
    return this.node('function_definition', keyword, children);
  }

  private classDefinition(): SyntaxNode {
    const keyword = this.take();
    const children = [inField('name', this.identifier())];
    if (this.isOp('(')) children.push(inField('superclasses', this.argumentList()));
    children.push(inField('body', this.block()));
    return this.node('class_definition', keyword, children);
  }

  private decorated(): SyntaxNode {
    const first = this.token;
    const decorators: SyntaxNode[] = [];
    while (this.isOp('@')) {
      const at = this.take();
      const expression = this.expression();
      if (this.token.kind !== 'newline') fail('the end of a decorator expected');
      // A decorator ends where its line's NEWLINE is: after a comment on that line.
      this.take();
      decorators.push(this.node('decorator', at, [expression]));
    }
    let definition: SyntaxNode;
    if (this.isName('def')) definition = this.functionDefinition();
    else if (this.isName('class')) definition = this.classDefinition();
    else return fail('a decorator before something other than def or class');
    return this.node('decorated_definition', first, [...decorators, inField('definition', definition)]);
  }
}

/**
 * `source` as tree-sitter's tree would be copied (see syntax-node.ts), or undefined when it holds
 * something this reader leaves to tree-sitter.
 */
export function fastSyntaxTree(source: string): SyntaxTree | undefined {
  try {
    return readFast(source);
  } catch {
    // NotFastReadable, or a form this reader mistakes: either way, tree-sitter reads it.
    return undefined;
  }
}

/** The same, throwing NotFastReadable (the differential test tells it from a bug of the reader). */
export function readFast(source: string): SyntaxTree {
  const { tokens, moduleStart, moduleRow } = pythonTokens(source);
  return { root: new StatementParser(source, tokens).module(moduleStart, moduleRow), python3: true };
}

