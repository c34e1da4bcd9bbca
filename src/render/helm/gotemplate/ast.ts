/**
 * The parse tree of text/template/parse. Every node knows its position (UTF-16 offset in the
 * text of its tree) and its tree, so errors can say `name:line:col` as Go does.
 */
import { quoteGo } from './strconv.ts';

export const N = {
  Text: 0,
  Action: 1,
  Bool: 2,
  Chain: 3,
  Command: 4,
  Dot: 5,
  Else: 6,
  End: 7,
  Field: 8,
  Identifier: 9,
  If: 10,
  List: 11,
  Nil: 12,
  Number: 13,
  Pipe: 14,
  Range: 15,
  String: 16,
  Template: 17,
  Variable: 18,
  With: 19,
  Comment: 20,
  Break: 21,
  Continue: 22,
} as const;

export type NodeType = (typeof N)[keyof typeof N];

/** A parsed template: Go's parse.Tree. */
export interface Tree {
  readonly name: string;
  /** The name of the top-level template being parsed (the file), for error locations. */
  readonly parseName: string;
  /** The whole text this tree was parsed from (with the texts of its sibling definitions). */
  readonly text: string;
  root: ListNode | null;
  /** Line-start offsets of `text`, computed on the first error. */
  lineStarts?: number[];
}

interface Base {
  readonly pos: number;
  readonly tree: Tree;
}

export interface ListNode extends Base {
  readonly type: typeof N.List;
  readonly nodes: Node[];
}

export interface TextNode extends Base {
  readonly type: typeof N.Text;
  readonly text: string;
}

export interface CommentNode extends Base {
  readonly type: typeof N.Comment;
  readonly text: string;
}

export interface PipeNode extends Base {
  readonly type: typeof N.Pipe;
  readonly line: number;
  isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}

export interface ActionNode extends Base {
  readonly type: typeof N.Action;
  readonly line: number;
  readonly pipe: PipeNode;
}

export interface CommandNode extends Base {
  readonly type: typeof N.Command;
  readonly args: ArgNode[];
}

export interface IdentifierNode extends Base {
  readonly type: typeof N.Identifier;
  readonly ident: string;
}

export interface VariableNode extends Base {
  readonly type: typeof N.Variable;
  readonly ident: string[];
}

export interface DotNode extends Base {
  readonly type: typeof N.Dot;
}

export interface NilNode extends Base {
  readonly type: typeof N.Nil;
}

export interface FieldNode extends Base {
  readonly type: typeof N.Field;
  readonly ident: string[];
}

export interface ChainNode extends Base {
  readonly type: typeof N.Chain;
  readonly node: ArgNode;
  readonly field: string[];
}

export interface BoolNode extends Base {
  readonly type: typeof N.Bool;
  readonly value: boolean;
}

export interface NumberNode extends Base {
  readonly type: typeof N.Number;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
  complexRe: number;
  complexIm: number;
  readonly text: string;
}

export interface StringNode extends Base {
  readonly type: typeof N.String;
  readonly quoted: string;
  readonly text: string;
}

export interface BranchNode extends Base {
  readonly type: typeof N.If | typeof N.Range | typeof N.With;
  readonly line: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | null;
}

export interface TemplateNode extends Base {
  readonly type: typeof N.Template;
  readonly line: number;
  readonly name: string;
  readonly pipe: PipeNode | null;
}

export interface BreakNode extends Base {
  readonly type: typeof N.Break;
  readonly line: number;
}

export interface ContinueNode extends Base {
  readonly type: typeof N.Continue;
  readonly line: number;
}

export interface EndNode extends Base {
  readonly type: typeof N.End;
}

export interface ElseNode extends Base {
  readonly type: typeof N.Else;
  readonly line: number;
}

/** Nodes that can be an argument of a command. */
export type ArgNode =
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

export type Node =
  | ListNode
  | TextNode
  | CommentNode
  | ActionNode
  | CommandNode
  | BranchNode
  | TemplateNode
  | BreakNode
  | ContinueNode
  | EndNode
  | ElseNode
  | ArgNode;

/** Go's Node.String(): the source-like text used in error contexts (`<.Values.x>`). */
export function nodeString(node: Node): string {
  switch (node.type) {
    case N.List:
      return node.nodes.map(nodeString).join('');
    case N.Text:
      return node.text;
    case N.Comment:
      return `{{${node.text}}}`;
    case N.Pipe: {
      let s = '';
      if (node.decl.length > 0) s = node.decl.map(nodeString).join(', ') + ' := ';
      return s + node.cmds.map(nodeString).join(' | ');
    }
    case N.Action:
      return `{{${nodeString(node.pipe)}}}`;
    case N.Command:
      return node.args.map((arg) => (arg.type === N.Pipe ? `(${nodeString(arg)})` : nodeString(arg))).join(' ');
    case N.Identifier:
      return node.ident;
    case N.Variable:
      return node.ident.join('.');
    case N.Dot:
      return '.';
    case N.Nil:
      return 'nil';
    case N.Field:
      return node.ident.map((id) => '.' + id).join('');
    case N.Chain: {
      const inner = node.node.type === N.Pipe ? `(${nodeString(node.node)})` : nodeString(node.node);
      return inner + node.field.map((f) => '.' + f).join('');
    }
    case N.Bool:
      return node.value ? 'true' : 'false';
    case N.Number:
      return node.text;
    case N.String:
      return node.quoted;
    case N.If:
    case N.Range:
    case N.With: {
      const name = node.type === N.If ? 'if' : node.type === N.Range ? 'range' : 'with';
      let s = `{{${name} ${nodeString(node.pipe)}}}${nodeString(node.list)}`;
      if (node.elseList !== null) s += `{{else}}${nodeString(node.elseList)}`;
      return s + '{{end}}';
    }
    case N.Template:
      return `{{template ${quoteGo(node.name)}${node.pipe !== null ? ' ' + nodeString(node.pipe) : ''}}}`;
    case N.Break:
      return '{{break}}';
    case N.Continue:
      return '{{continue}}';
    case N.End:
      return '{{end}}';
    case N.Else:
      return '{{else}}';
  }
}

// unicode.IsSpace, as bytes.TrimSpace uses it.
const GO_SPACE_ONLY = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** Go's parse.IsEmptyTree: nothing but space and comments. */
export function isEmptyTree(node: Node | null): boolean {
  if (node === null) return true;
  switch (node.type) {
    case N.Comment:
      return true;
    case N.List:
      return node.nodes.every(isEmptyTree);
    case N.Text:
      return GO_SPACE_ONLY.test(node.text);
    default:
      return false;
  }
}
