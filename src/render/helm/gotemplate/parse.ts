/**
 * The parser of Go's text/template/parse: the same grammar, the same checks at parse time
 * (undefined functions and variables, break/continue outside range, empty pipelines...) and
 * the same error texts, `template: NAME:LINE: MESSAGE`.
 */
import {
  N,
  isEmptyTree,
  nodeString,
  type ArgNode,
  type BranchNode,
  type CommandNode,
  type ListNode,
  type Node,
  type NumberNode,
  type PipeNode,
  type Tree,
  type VariableNode,
} from './ast.ts';
import { Item, Lexer, itemString, type LexItem, type ItemType } from './lexer.ts';
import { parseGoFloat, parseGoInt, quoteGo, unquote, unquoteCharConstant } from './strconv.ts';

/** A parse error; the message is Go's full text. */
export class ParseError extends Error {
  readonly templateName: string;
  constructor(templateName: string, message: string) {
    super(message);
    this.name = 'ParseError';
    this.templateName = templateName;
  }
}

const MAX_STACK_DEPTH = 10000;
const MAX_PIPELINE_CMDS = 100000;

export interface ParseSettings {
  readonly leftDelim: string;
  readonly rightDelim: string;
  /** Whether a function is defined (the set's functions and the builtins). */
  readonly hasFunction: (name: string) => boolean;
}

/**
 * Go's parse.Parse: the trees of `text` (the top-level one named `name`, plus one per
 * `define` and `block`), keyed by name.
 */
export function parseText(name: string, text: string, settings: ParseSettings): Map<string, Tree> {
  const treeSet = new Map<string, Tree>();
  const lexer = new Lexer(name, text, settings.leftDelim, settings.rightDelim);
  lexer.options = { breakOK: !settings.hasFunction('break'), continueOK: !settings.hasFunction('continue') };
  const parser = new TreeParser(name, name, text, lexer, treeSet, settings.hasFunction);
  parser.parse();
  parser.add();
  return treeSet;
}

class TreeParser {
  readonly tree: Tree;
  private readonly lex: Lexer;
  private readonly token: LexItem[] = [EOF_ITEM, EOF_ITEM, EOF_ITEM];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private readonly treeSet: Map<string, Tree>;
  private actionLine = 0;
  private rangeDepth = 0;
  private stackDepth = 0;
  private readonly hasFunction: (name: string) => boolean;

  constructor(
    name: string,
    parseName: string,
    text: string,
    lex: Lexer,
    treeSet: Map<string, Tree>,
    hasFunction: (name: string) => boolean,
  ) {
    this.tree = { name, parseName, text, root: null };
    this.lex = lex;
    this.treeSet = treeSet;
    this.hasFunction = hasFunction;
  }

  // ---- tokens --------------------------------------------------------------------------------

  private next(): LexItem {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount]!;
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: LexItem): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: LexItem, t1: LexItem): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): LexItem {
    if (this.peekCount > 0) return this.token[this.peekCount - 1]!;
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): LexItem {
    let token: LexItem;
    do token = this.next();
    while (token.typ === Item.Space);
    return token;
  }

  private peekNonSpace(): LexItem {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // ---- errors --------------------------------------------------------------------------------

  errorf(message: string): never {
    this.tree.root = null;
    throw new ParseError(this.tree.parseName, `template: ${this.tree.parseName}:${this.token[0]!.line}: ${message}`);
  }

  private expect(expected: ItemType, context: string): LexItem {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }

  private expectOneOf(expected1: ItemType, expected2: ItemType, context: string): LexItem {
    const token = this.nextNonSpace();
    if (token.typ !== expected1 && token.typ !== expected2) this.unexpected(token, context);
    return token;
  }

  private unexpected(token: LexItem, context: string): never {
    if (token.typ === Item.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.tree.parseName}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  // ---- structure -----------------------------------------------------------------------------

  add(): void {
    const existing = this.treeSet.get(this.tree.name);
    if (existing === undefined || isEmptyTree(existing.root)) {
      this.treeSet.set(this.tree.name, this.tree);
      return;
    }
    if (!isEmptyTree(this.tree.root)) this.errorf(`template: multiple definition of template ${quoteGo(this.tree.name)}`);
  }

  private newList(pos: number): ListNode {
    return { type: N.List, pos, tree: this.tree, nodes: [] };
  }

  parse(): void {
    this.tree.root = this.newList(this.peek().pos);
    while (this.peek().typ !== Item.EOF) {
      if (this.peek().typ === Item.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === Item.Define) {
          const child = new TreeParser('definition', this.tree.parseName, this.tree.text, this.lex, this.treeSet, this.hasFunction);
          child.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === N.End || n.type === N.Else) this.errorf(`unexpected ${nodeString(n)}`);
      this.tree.root.nodes.push(n);
    }
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.expectOneOf(Item.String, Item.RawString, context);
    let unquoted: string;
    try {
      unquoted = unquote(name.val);
    } catch (error) {
      this.errorf((error as Error).message);
    }
    (this.tree as { name: string }).name = unquoted;
    this.expect(Item.RightDelim, context);
    const [list, end] = this.itemList();
    this.tree.root = list;
    if (end.type !== N.End) this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.add();
  }

  private itemList(): [ListNode, Node] {
    const list = this.newList(this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== Item.EOF) {
      const n = this.textOrAction();
      if (n.type === N.End || n.type === N.Else) return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case Item.Text:
        return { type: N.Text, pos: token.pos, tree: this.tree, text: token.val };
      case Item.LeftDelim: {
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      case Item.Comment:
        return { type: N.Comment, pos: token.pos, tree: this.tree, text: token.val };
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case Item.Block:
        return this.blockControl();
      case Item.Break:
        return this.breakControl(token.pos, token.line);
      case Item.Continue:
        return this.continueControl(token.pos, token.line);
      case Item.Else:
        return this.elseControl();
      case Item.End:
        return this.endControl();
      case Item.If:
        return this.ifControl();
      case Item.Range:
        return this.rangeControl();
      case Item.Template:
        return this.templateControl();
      case Item.With:
        return this.withControl();
    }
    this.backup();
    const first = this.peek();
    // Do not pop variables; they persist until "end".
    return { type: N.Action, pos: first.pos, tree: this.tree, line: first.line, pipe: this.pipeline('command', Item.RightDelim) };
  }

  private breakControl(pos: number, line: number): Node {
    const token = this.nextNonSpace();
    if (token.typ !== Item.RightDelim) this.unexpected(token, '{{break}}');
    if (this.rangeDepth === 0) this.errorf('{{break}} outside {{range}}');
    return { type: N.Break, pos, tree: this.tree, line };
  }

  private continueControl(pos: number, line: number): Node {
    const token = this.nextNonSpace();
    if (token.typ !== Item.RightDelim) this.unexpected(token, '{{continue}}');
    if (this.rangeDepth === 0) this.errorf('{{continue}} outside {{range}}');
    return { type: N.Continue, pos, tree: this.tree, line };
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const token = this.peekNonSpace();
    const pipe: PipeNode = { type: N.Pipe, pos: token.pos, tree: this.tree, line: token.line, isAssign: false, decl: [], cmds: [] };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== Item.Variable) break;
      this.next();
      // Since space is a token, we need 3-token look-ahead here in the worst case: in
      // "$x foo" we need to read "foo" (as opposed to ":=") to know that $x is an argument.
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === Item.Assign || next.typ === Item.Declare) {
        pipe.isAssign = next.typ === Item.Assign;
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === Item.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const after = this.peekNonSpace().typ;
          if (after === Item.Variable || after === Item.RightDelim || after === Item.RightParen) {
            // The second initialized variable in a range pipeline.
            continue decls;
          }
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === Item.Space) {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      switch (token.typ) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case Item.Bool:
        case Item.CharConstant:
        case Item.Complex:
        case Item.Dot:
        case Item.Field:
        case Item.Identifier:
        case Item.Number:
        case Item.Nil:
        case Item.RawString:
        case Item.String:
        case Item.Variable:
        case Item.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          if (pipe.cmds.length > MAX_PIPELINE_CMDS) this.errorf('pipeline too long');
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      switch (pipe.cmds[i]!.args[0]!.type) {
        case N.Bool:
        case N.Dot:
        case N.Nil:
        case N.Number:
        case N.String:
          // With A|B|C, pipeline stage 2 is B.
          this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  private parseControl(context: 'if' | 'range' | 'with'): [number, number, PipeNode, ListNode, ListNode | null] {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, Item.RightDelim);
      if (context === 'range') this.rangeDepth++;
      const [list, next0] = this.itemList();
      let next = next0;
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === N.Else) {
        // "{{else if ...}}" and "{{else with ...}}" are "{{else}}{{if ...}}...{{end}}{{end}}".
        if (context === 'if' && this.peek().typ === Item.If) {
          this.next();
          elseList = this.newList(next.pos);
          elseList.nodes.push(this.ifControl());
        } else if (context === 'with' && this.peek().typ === Item.With) {
          this.next();
          elseList = this.newList(next.pos);
          elseList.nodes.push(this.withControl());
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== N.End) this.errorf(`expected end; found ${nodeString(next)}`);
        }
      }
      return [pipe.pos, pipe.line, pipe, list, elseList];
    } finally {
      this.vars.length = mark;
    }
  }

  private branch(type: typeof N.If | typeof N.Range | typeof N.With, context: 'if' | 'range' | 'with'): BranchNode {
    const [pos, line, pipe, list, elseList] = this.parseControl(context);
    return { type, pos, tree: this.tree, line, pipe, list, elseList };
  }

  private ifControl(): Node {
    return this.branch(N.If, 'if');
  }

  private rangeControl(): Node {
    return this.branch(N.Range, 'range');
  }

  private withControl(): Node {
    return this.branch(N.With, 'with');
  }

  private endControl(): Node {
    return { type: N.End, pos: this.expect(Item.RightDelim, 'end').pos, tree: this.tree };
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.typ === Item.If || peek.typ === Item.With) return { type: N.Else, pos: peek.pos, tree: this.tree, line: peek.line };
    const token = this.expect(Item.RightDelim, 'else');
    return { type: N.Else, pos: token.pos, tree: this.tree, line: token.line };
  }

  private blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, Item.RightDelim);
    const block = new TreeParser(name, this.tree.parseName, this.tree.text, this.lex, this.treeSet, this.hasFunction);
    const [list, end] = block.itemList();
    block.tree.root = list;
    if (end.type !== N.End) this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    block.add();
    return { type: N.Template, pos: token.pos, tree: this.tree, line: token.line, name, pipe };
  }

  private templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== Item.RightDelim) {
      this.backup();
      // Do not pop variables; they persist until "end".
      pipe = this.pipeline(context, Item.RightDelim);
    }
    return { type: N.Template, pos: token.pos, tree: this.tree, line: token.line, name, pipe };
  }

  private parseTemplateName(token: LexItem, context: string): string {
    if (token.typ === Item.String || token.typ === Item.RawString) {
      try {
        return unquote(token.val);
      } catch (error) {
        this.errorf((error as Error).message);
      }
    }
    this.unexpected(token, context);
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: N.Command, pos: this.peekNonSpace().pos, tree: this.tree, args: [] };
    for (;;) {
      this.peekNonSpace(); // Skip leading spaces.
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === Item.Space) continue;
      if (token.typ === Item.RightDelim || token.typ === Item.RightParen) this.backup();
      else if (token.typ !== Item.Pipe) this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | null {
    let node = this.term();
    if (node === null) return null;
    if (this.peek().typ === Item.Field) {
      const chainPos = this.peek().pos;
      const fields: string[] = [];
      while (this.peek().typ === Item.Field) fields.push(this.next().val.slice(1));
      // Compatibility with Go's API: fields after a field or variable extend it.
      switch (node.type) {
        case N.Field:
          node = { type: N.Field, pos: chainPos, tree: this.tree, ident: [...node.ident, ...fields] };
          break;
        case N.Variable:
          node = { type: N.Variable, pos: chainPos, tree: this.tree, ident: [...node.ident, ...fields] };
          break;
        case N.Bool:
        case N.String:
        case N.Number:
        case N.Nil:
        case N.Dot:
          this.errorf(`unexpected . after term ${quoteGo(nodeString(node))}`);
          break;
        default:
          node = { type: N.Chain, pos: chainPos, tree: this.tree, node, field: fields };
      }
    }
    return node;
  }

  private term(): ArgNode | null {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case Item.Identifier:
        if (!this.hasFunction(token.val)) this.errorf(`function ${quoteGo(token.val)} not defined`);
        return { type: N.Identifier, pos: token.pos, tree: this.tree, ident: token.val };
      case Item.Dot:
        return { type: N.Dot, pos: token.pos, tree: this.tree };
      case Item.Nil:
        return { type: N.Nil, pos: token.pos, tree: this.tree };
      case Item.Variable:
        return this.useVar(token.pos, token.val);
      case Item.Field:
        return { type: N.Field, pos: token.pos, tree: this.tree, ident: token.val.slice(1).split('.') };
      case Item.Bool:
        return { type: N.Bool, pos: token.pos, tree: this.tree, value: token.val === 'true' };
      case Item.CharConstant:
      case Item.Complex:
      case Item.Number:
        return this.newNumber(token.pos, token.val, token.typ);
      case Item.LeftParen: {
        if (this.stackDepth >= MAX_STACK_DEPTH) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', Item.RightParen);
        } finally {
          this.stackDepth--;
        }
      }
      case Item.String:
      case Item.RawString: {
        let text: string;
        try {
          text = unquote(token.val);
        } catch (error) {
          this.errorf((error as Error).message);
        }
        return { type: N.String, pos: token.pos, tree: this.tree, quoted: token.val, text };
      }
    }
    this.backup();
    return null;
  }

  /** Go's simplifyComplex: a complex with no imaginary part is also a float (and maybe an int). */
  private setComplex(n: NumberNode, re: number, im: number): void {
    n.isComplex = true;
    n.complexRe = re;
    n.complexIm = im;
    n.isFloat = im === 0;
    if (n.isFloat) {
      n.float64 = re;
      n.isInt = Number.isInteger(re) && Math.abs(re) < 2 ** 63;
      if (n.isInt) n.int64 = BigInt(re);
      n.isUint = Number.isInteger(re) && re >= 0 && re < 2 ** 64;
      if (n.isUint) n.uint64 = BigInt(re);
    }
  }

  private newVariable(pos: number, ident: string): VariableNode {
    return { type: N.Variable, pos, tree: this.tree, ident: ident.split('.') };
  }

  private useVar(pos: number, name: string): VariableNode {
    const v = this.newVariable(pos, name);
    if (!this.vars.includes(v.ident[0]!)) this.errorf(`undefined variable ${quoteGo(v.ident[0]!)}`);
    return v;
  }

  private newNumber(pos: number, text: string, typ: ItemType): NumberNode {
    const n: NumberNode = {
      type: N.Number,
      pos,
      tree: this.tree,
      isInt: false,
      isUint: false,
      isFloat: false,
      isComplex: false,
      int64: 0n,
      uint64: 0n,
      float64: 0,
      complexRe: 0,
      complexIm: 0,
      text,
    };
    if (typ === Item.CharConstant) {
      let rune: number;
      let tail: string;
      try {
        ({ rune, tail } = unquoteCharConstant(text));
      } catch (error) {
        this.errorf((error as Error).message);
      }
      if (tail !== "'") this.errorf(`malformed character constant: ${text}`);
      n.int64 = BigInt(rune);
      n.isInt = true;
      n.uint64 = BigInt(rune);
      n.isUint = true;
      n.float64 = rune;
      n.isFloat = true;
      return n;
    }
    if (typ === Item.Complex) {
      // "1+2i": a real part, then a signed imaginary part (Go reads the pair with fmt.Sscan).
      const split = /^([-+]?.*?[^eEpP])([-+].*)i$/.exec(text);
      const re = split ? parseGoFloat(split[1]!) : undefined;
      const im = split ? parseGoFloat(split[2]!) : undefined;
      if (re === undefined || im === undefined) this.errorf(`expected integer`);
      this.setComplex(n, re, im);
      return n;
    }
    if (text.length > 0 && text.endsWith('i')) {
      const f = parseGoFloat(text.slice(0, -1));
      if (f !== undefined) {
        this.setComplex(n, 0, f);
        return n;
      }
    }
    const u = parseGoInt(text, true);
    if (u !== undefined) {
      n.isUint = true;
      n.uint64 = u;
    }
    const i = parseGoInt(text, false);
    if (i !== undefined) {
      n.isInt = true;
      n.int64 = i;
      if (i === 0n) {
        n.isUint = true; // In case of -0.
        n.uint64 = u ?? 0n;
      }
    }
    if (n.isInt) {
      n.isFloat = true;
      n.float64 = Number(n.int64);
    } else if (n.isUint) {
      n.isFloat = true;
      n.float64 = Number(n.uint64);
    } else {
      const f = parseGoFloat(text);
      if (f !== undefined) {
        // A float that looks like an integer is an integer too large for int64: reject it.
        if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${quoteGo(text)}`);
        n.isFloat = true;
        n.float64 = f;
        if (!n.isInt && Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
          n.isInt = true;
          n.int64 = BigInt(f);
        }
        if (!n.isUint && Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
          n.isUint = true;
          n.uint64 = BigInt(f);
        }
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) this.errorf(`illegal number syntax: ${quoteGo(text)}`);
    return n;
  }
}

const EOF_ITEM: LexItem = { typ: Item.EOF, pos: 0, val: 'EOF', line: 0 };
