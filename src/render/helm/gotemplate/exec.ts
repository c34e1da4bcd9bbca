/**
 * The executor of Go's text/template: walks a parse tree against data and writes the output.
 * It follows Go's exec.go step by step (which node an error points at, when a nil interface
 * becomes "no value", how arguments are converted and checked) because Helm users see those
 * messages. One deliberate extra: limits on output size, nesting depth and steps, and an
 * AbortSignal, so a hostile template ends with an error instead of exhausting the process.
 */
import { FerryError, isAbortError } from '../../../core/index.ts';
import { N, nodeString, type ActionNode, type ArgNode, type BranchNode, type ChainNode, type CommandNode, type FieldNode, type IdentifierNode, type ListNode, type Node, type NumberNode, type PipeNode, type TemplateNode, type Tree, type VariableNode } from './ast.ts';
import { truth, zeroOf } from './builtins.ts';
import { TemplateError, TemplateLimitError } from './errors.ts';
import { byteLength, formatPrintable, formatValue } from './fmt.ts';
import { quoteGo } from './strconv.ts';
import { DEFAULT_LIMITS, type ExecContext, type ExecuteOptions } from './types.ts';
import {
  GO_TYPE,
  GoComplex,
  GoStruct,
  goTypeName,
  isExported,
  isGoMap,
  isTrue,
  signatureOf,
  sortedKeys,
  structMethod,
  type GoSignature,
  type GoType,
  type TemplateFunction,
} from './values.ts';
import type { TemplateSet } from './template-set.ts';

/** Go's missingVal: "no final argument from a previous pipeline stage". */
const MISSING: unique symbol = Symbol('missing');
type Final = unknown | typeof MISSING;

const NONE = 0;
const BREAK = 1;
const CONTINUE = 2;
type Control = typeof NONE | typeof BREAK | typeof CONTINUE;

const ANY_VARIADIC: GoSignature = { params: ['interface {}'], variadic: true };

/** What the executor needs from a template set. */
export interface ExecSet {
  readonly name: string;
  readonly missingKey: 'invalid' | 'zero' | 'error';
  lookupTree(name: string): Tree | undefined;
  findFunction(name: string): ResolvedFunction | undefined;
}

export interface ResolvedFunction {
  readonly fn: TemplateFunction;
  readonly signature: GoSignature;
  readonly isBuiltin: boolean;
}

class Run {
  readonly maxOutputChars: number;
  readonly maxDepth: number;
  readonly maxSteps: number;
  readonly signal: AbortSignal | undefined;
  readonly shared = new Map<string, unknown>();
  outputChars = 0;
  steps = 0;

  constructor(options: ExecuteOptions) {
    this.maxOutputChars = options.limits?.maxOutputChars ?? DEFAULT_LIMITS.maxOutputChars;
    this.maxDepth = options.limits?.maxDepth ?? DEFAULT_LIMITS.maxDepth;
    this.maxSteps = options.limits?.maxSteps ?? DEFAULT_LIMITS.maxSteps;
    this.signal = options.signal;
  }
}

class Sink {
  text = '';
}

const STACK_EXHAUSTED = 'exceeded maximum template depth (the JavaScript call stack is exhausted)';

// V8 reports an exhausted stack as a RangeError, or as a SyntaxError when it happens while
// compiling a regular expression. (No regular expression here: it could overflow too.)
function isStackOverflow(error: unknown): boolean {
  if (error instanceof RangeError) return error.message.includes('call stack');
  return error instanceof SyntaxError && error.message.includes('Stack overflow');
}

/** Executes template `name` of `set` on `data` (Go's ExecuteTemplate into a buffer). */
export function executeTemplate(set: TemplateSet, name: string, data: unknown, options: ExecuteOptions = {}): string {
  const run = new Run(options);
  if (run.signal?.aborted) throw abortError(name);
  try {
    return runTemplate(set, name, data, run, 0);
  } catch (error) {
    if (isStackOverflow(error)) {
      throw new TemplateLimitError('exec', name, `template: ${name}: ${STACK_EXHAUSTED}`, error);
    }
    throw error;
  }
}

function runTemplate(set: TemplateSet, name: string, data: unknown, run: Run, depth: number): string {
  const view = set as unknown as ExecSet;
  const tree = view.lookupTree(name);
  if (tree === undefined) {
    throw new TemplateError('exec', name, `template: no template ${quoteGo(name)} associated with template ${quoteGo(view.name)}`);
  }
  const sink = new Sink();
  const state = new State(set, name, depth, run, sink);
  const dot = data === null ? undefined : data;
  state.push('$', dot, false);
  const root = tree.root;
  if (root === null) return state.errorf(`${quoteGo(name)} is an incomplete or empty template`);
  state.walkList(dot, root);
  return sink.text;
}

function abortError(name: string): FerryError {
  return new FerryError('ABORTED', `template ${name}: execution aborted`, { httpStatus: 499 });
}

class State implements ExecContext {
  readonly set: TemplateSet;
  readonly templateName: string;
  readonly depth: number;
  private readonly view: ExecSet;
  private readonly run: Run;
  private readonly sink: Sink;
  private node: Node | null = null;
  private readonly varNames: string[] = [];
  private readonly varValues: unknown[] = [];
  private readonly varBoxed: boolean[] = [];
  private varTop = 0;
  /** Whether dot's static Go type is interface{} (a range element of []interface{}). */
  private dotBoxed = false;
  /** Whether the last evalField result's static type is interface{} (a map element). */
  private resultBoxed = false;

  constructor(set: TemplateSet, templateName: string, depth: number, run: Run, sink: Sink) {
    this.set = set;
    this.view = set as unknown as ExecSet;
    this.templateName = templateName;
    this.depth = depth;
    this.run = run;
    this.sink = sink;
  }

  get shared(): Map<string, unknown> {
    return this.run.shared;
  }

  executeTemplate(name: string, data: unknown, set?: TemplateSet): string {
    if (this.depth + 1 > this.run.maxDepth) this.errorf(`exceeded maximum template depth (${this.run.maxDepth})`, undefined, true);
    if (this.run.signal?.aborted) throw abortError(name);
    return runTemplate(set ?? this.set, name, data, this.run, this.depth + 1);
  }

  // ---- variables -----------------------------------------------------------------------------
  // A push-down stack in parallel arrays; `varTop` is its height (entries above it are stale).

  push(name: string, value: unknown, boxed: boolean): void {
    const i = this.varTop++;
    this.varNames[i] = name;
    this.varValues[i] = value;
    this.varBoxed[i] = boxed;
  }

  private mark(): number {
    return this.varTop;
  }

  private pop(mark: number): void {
    this.varTop = mark;
  }

  private setVar(name: string, value: unknown, boxed: boolean): void {
    for (let i = this.varTop - 1; i >= 0; i--) {
      if (this.varNames[i] === name) {
        this.varValues[i] = value;
        this.varBoxed[i] = boxed;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: unknown, boxed: boolean): void {
    const i = this.varTop - n;
    this.varValues[i] = value;
    this.varBoxed[i] = boxed;
  }

  private varIndex(name: string): number {
    for (let i = this.varTop - 1; i >= 0; i--) if (this.varNames[i] === name) return i;
    this.errorf(`undefined variable: ${name}`);
  }

  // ---- errors --------------------------------------------------------------------------------

  errorf(message: string, cause?: unknown, limit = false): never {
    const name = this.templateName;
    let text: string;
    if (this.node === null) {
      text = `template: ${name}: ${message}`;
    } else {
      const { location, context } = errorContext(this.node);
      text = `template: ${location}: executing ${quoteGo(name)} at <${context}>: ${message}`;
    }
    throw limit ? new TemplateLimitError('exec', name, text, cause) : new TemplateError('exec', name, text, cause);
  }

  private write(text: string): void {
    const run = this.run;
    run.outputChars += text.length;
    if (run.outputChars > run.maxOutputChars) {
      this.errorf(`output exceeds the limit of ${run.maxOutputChars} characters`, undefined, true);
    }
    this.sink.text += text;
  }

  private step(): void {
    const run = this.run;
    run.steps++;
    if ((run.steps & 1023) === 0) {
      if (run.signal?.aborted) throw abortError(this.templateName);
    }
    if (run.steps > run.maxSteps) this.errorf(`execution exceeds the limit of ${run.maxSteps} steps`, undefined, true);
  }

  // ---- walk ----------------------------------------------------------------------------------

  walk(dot: unknown, node: Node): Control {
    this.node = node;
    this.step();
    switch (node.type) {
      case N.Action: {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return NONE;
      }
      case N.Text:
        this.write(node.text);
        return NONE;
      case N.List:
        return this.walkList(dot, node);
      case N.If:
        return this.walkIfOrWith(false, dot, node);
      case N.With:
        return this.walkIfOrWith(true, dot, node);
      case N.Range:
        this.walkRange(dot, node);
        return NONE;
      case N.Template:
        this.walkTemplate(dot, node);
        return NONE;
      case N.Break:
        return BREAK;
      case N.Continue:
        return CONTINUE;
      case N.Comment:
        return NONE;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  walkList(dot: unknown, list: ListNode): Control {
    const nodes = list.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const control = this.walk(dot, nodes[i]!);
      if (control !== NONE) return control;
    }
    return NONE;
  }

  private walkIfOrWith(isWith: boolean, dot: unknown, node: BranchNode): Control {
    const mark = this.mark();
    const val = this.evalPipeline(dot, node.pipe);
    let control: Control = NONE;
    if (isTrue(val)) {
      if (isWith) {
        const saved = this.dotBoxed;
        this.dotBoxed = false;
        control = this.walkList(val, node.list);
        this.dotBoxed = saved;
      } else {
        control = this.walkList(dot, node.list);
      }
    } else if (node.elseList !== null) {
      control = this.walkList(dot, node.elseList);
    }
    this.pop(mark);
    return control;
  }

  private walkRange(dot: unknown, r: BranchNode): void {
    this.node = r;
    const outer = this.mark();
    const val = this.evalPipeline(dot, r.pipe);
    const mark = this.mark();
    const decl = r.pipe.decl;
    const isAssign = r.pipe.isAssign;
    const oneIteration = (index: unknown, elem: unknown, boxed: boolean): boolean => {
      if (decl.length > 0) {
        if (isAssign) {
          if (decl.length > 1) this.setVar(decl[0]!.ident[0]!, index, false);
          else this.setVar(decl[0]!.ident[0]!, elem, boxed);
        } else {
          this.setTopVar(1, elem, boxed);
        }
      }
      if (decl.length > 1) {
        if (isAssign) this.setVar(decl[1]!.ident[0]!, elem, boxed);
        else this.setTopVar(2, index, false);
      }
      const saved = this.dotBoxed;
      this.dotBoxed = boxed;
      const control = this.walkList(elem, r.list);
      this.dotBoxed = saved;
      this.pop(mark);
      return control === BREAK;
    };
    let ran = false;
    const items = rangeItems(val);
    if (typeof val === 'bigint') {
      if (decl.length > 1) this.errorf(`can't use ${formatValue(val)} to iterate over more than one variable`);
      for (let i = 0n; i < val; i++) {
        ran = true;
        if (oneIteration(undefined, i, false)) break;
      }
    } else if (items !== undefined) {
      const boxed = items.boxed;
      if (items.list !== undefined) {
        const list = items.list;
        for (let i = 0; i < list.length; i++) {
          ran = true;
          const elem = list instanceof Uint8Array ? BigInt(list[i]!) : list[i];
          if (oneIteration(BigInt(i), elem === undefined ? null : elem, boxed)) break;
        }
      } else {
        const map = items.map!;
        for (const key of sortedKeys(map)) {
          ran = true;
          const elem = map[key];
          if (oneIteration(key, elem === undefined ? null : elem, boxed)) break;
        }
      }
    } else if (val !== undefined && val !== null) {
      this.errorf(`range can't iterate over ${formatValue(val)}`);
    }
    if (!ran && r.elseList !== null) this.walkList(dot, r.elseList);
    this.pop(outer);
  }

  private walkTemplate(dot: unknown, t: TemplateNode): void {
    this.node = t;
    const tree = this.view.lookupTree(t.name);
    if (tree === undefined) this.errorf(`template ${quoteGo(t.name)} not defined`);
    if (this.depth >= this.run.maxDepth) this.errorf(`exceeded maximum template depth (${this.run.maxDepth})`, undefined, true);
    // Variables declared by the pipeline persist.
    const newDot = this.evalPipeline(dot, t.pipe);
    const child = new State(this.set, t.name, this.depth + 1, this.run, this.sink);
    // No dynamic scoping: template invocations inherit no variables.
    child.push('$', newDot, false);
    const root = tree.root;
    if (root === null) return child.errorf(`${quoteGo(t.name)} is an incomplete or empty template`);
    child.walkList(newDot, root);
  }

  // ---- evaluation ----------------------------------------------------------------------------

  private evalPipeline(dot: unknown, pipe: PipeNode | null): unknown {
    if (pipe === null) return undefined;
    this.node = pipe;
    let value: Final = MISSING;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      value = this.evalCommand(dot, cmds[i]!, value);
      // A nil interface{} becomes "no value".
      if (value === null) value = undefined;
    }
    const decl = pipe.decl;
    for (let i = 0; i < decl.length; i++) {
      if (pipe.isAssign) this.setVar(decl[i]!.ident[0]!, value, false);
      else this.push(decl[i]!.ident[0]!, value, false);
    }
    return value;
  }

  private notAFunction(args: readonly ArgNode[] | null, final: Final): void {
    if ((args !== null && args.length > 1) || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${nodeString(args![0]!)}`);
    }
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0]!;
    switch (first.type) {
      case N.Field:
        return this.evalFieldNode(dot, first, cmd.args, final);
      case N.Chain:
        return this.evalChainNode(dot, first, cmd.args, final);
      case N.Identifier:
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case N.Pipe:
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case N.Variable:
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case N.Bool:
        return first.value;
      case N.Dot:
        return dot;
      case N.Nil:
        this.errorf('nil is not a command');
        break;
      case N.Number:
        return this.idealConstant(first);
      case N.String:
        return first.text;
    }
    this.errorf(`can't evaluate command ${quoteGo(nodeString(first))}`);
  }

  private idealConstant(constant: NumberNode): unknown {
    this.node = constant;
    const text = constant.text;
    if (constant.isComplex) return new GoComplex(constant.complexRe, constant.complexIm);
    if (constant.isFloat && !isHexInt(text) && !isRuneInt(text) && /[.eEpP]/.test(text)) return constant.float64;
    if (constant.isInt) return constant.int64;
    if (constant.isUint) this.errorf(`${text} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: unknown, field: FieldNode, args: readonly ArgNode[] | null, final: Final): unknown {
    this.node = field;
    return this.evalFieldChain(dot, dot, this.dotBoxed, field, field.ident, 0, args, final);
  }

  private evalChainNode(dot: unknown, chain: ChainNode, args: readonly ArgNode[] | null, final: Final): unknown {
    this.node = chain;
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.type === N.Nil) this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    // (pipe).Field1.Field2 has pipe as .Node, fields as .Field. Eval the pipeline, then the fields.
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, false, chain, chain.field, 0, args, final);
  }

  private evalVariableNode(dot: unknown, variable: VariableNode, args: readonly ArgNode[] | null, final: Final): unknown {
    this.node = variable;
    const index = this.varIndex(variable.ident[0]!);
    const value = this.varValues[index];
    if (variable.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, this.varBoxed[index]!, variable, variable.ident, 1, args, final);
  }

  private evalFieldChain(
    dot: unknown,
    receiver: unknown,
    boxed: boolean,
    node: Node,
    ident: readonly string[],
    start: number,
    args: readonly ArgNode[] | null,
    final: Final,
  ): unknown {
    const n = ident.length;
    for (let i = start; i < n - 1; i++) {
      receiver = this.evalField(dot, ident[i]!, node, null, MISSING, receiver, boxed);
      boxed = this.resultBoxed;
    }
    return this.evalField(dot, ident[n - 1]!, node, args, final, receiver, boxed);
  }

  private evalFunction(dot: unknown, node: IdentifierNode, cmd: Node, args: readonly ArgNode[] | null, final: Final): unknown {
    this.node = node;
    const name = node.ident;
    const fn = this.view.findFunction(name);
    if (fn === undefined) this.errorf(`${quoteGo(name)} is not a defined function`);
    this.resultBoxed = false;
    return this.evalCall(dot, fn.fn, fn.signature, fn.isBuiltin, cmd, name, args, final, undefined);
  }

  private evalField(
    dot: unknown,
    fieldName: string,
    node: Node,
    args: readonly ArgNode[] | null,
    final: Final,
    receiver: unknown,
    boxed: boolean,
  ): unknown {
    if (receiver === undefined) {
      if (this.view.missingKey === 'error') this.errorf(`nil data; no entry for key ${quoteGo(fieldName)}`);
      this.resultBoxed = false;
      return undefined;
    }
    const typ = boxed || receiver === null ? 'interface {}' : goTypeName(receiver);
    if (receiver === null) this.errorf(`nil pointer evaluating ${typ}.${fieldName}`);
    let map: Readonly<Record<string, unknown>> | undefined;
    if (receiver instanceof GoStruct) {
      const method = structMethod(receiver, fieldName);
      if (method !== undefined) {
        const result = this.evalCall(dot, method, signatureOf(method) ?? ANY_VARIADIC, false, node, fieldName, args, final, receiver);
        this.resultBoxed = false;
        return result;
      }
      const inner = receiver.goUnderlying();
      if (inner === undefined) {
        if (Object.hasOwn(receiver, fieldName)) {
          if (!isExported(fieldName)) this.errorf(`${fieldName} is an unexported field of struct type ${typ}`);
          if ((args !== null && args.length > 1) || final !== MISSING) {
            this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
          }
          this.resultBoxed = false;
          const value = (receiver as unknown as Record<string, unknown>)[fieldName];
          return value === undefined ? null : value;
        }
        this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
      }
      if (!Array.isArray(inner)) map = inner as Readonly<Record<string, unknown>>;
    } else if (isGoMap(receiver)) {
      map = receiver;
    }
    if (map !== undefined) {
      if ((args !== null && args.length > 1) || final !== MISSING) this.errorf(`${fieldName} is not a method but has arguments`);
      const elemType = mapElemType(map);
      this.resultBoxed = elemType === 'interface {}';
      if (Object.hasOwn(map, fieldName)) {
        const value = map[fieldName];
        return value === undefined ? null : value;
      }
      switch (this.view.missingKey) {
        case 'zero':
          return zeroOf(elemType);
        case 'error':
          this.errorf(`map has no entry for key ${quoteGo(fieldName)}`);
          break;
        default:
          this.resultBoxed = false;
          return undefined;
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  private evalCall(
    dot: unknown,
    fn: TemplateFunction,
    signature: GoSignature,
    isBuiltin: boolean,
    node: Node,
    name: string,
    argNodes: readonly ArgNode[] | null,
    final: Final,
    receiver: unknown,
  ): unknown {
    // The zeroth arg node is the function itself, not passed to it.
    const numArgs = argNodes === null ? 0 : argNodes.length - 1;
    const params = signature.params;
    const variadic = signature.variadic === true;
    let numIn = numArgs;
    if (final !== MISSING) numIn++;
    let numFixed = numArgs;
    if (variadic) {
      numFixed = params.length - 1;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${params.length - 1} got ${numArgs}`);
    } else if (numIn !== params.length) {
      this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);
    }

    // The builtins and and or short-circuit.
    if (isBuiltin && (name === 'and' || name === 'or')) {
      const argType = params[0]!;
      let v: unknown = undefined;
      for (let i = 0; i < numArgs; i++) {
        v = this.evalArg(dot, argType, argNodes![i + 1]!);
        if (truth(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, argType);
      return v;
    }

    const argv: unknown[] = [];
    let i = 0;
    for (; i < numFixed && i < numArgs; i++) argv.push(this.evalArg(dot, params[i]!, argNodes![i + 1]!));
    if (variadic) {
      const argType = params[params.length - 1]!;
      for (; i < numArgs; i++) argv.push(this.evalArg(dot, argType, argNodes![i + 1]!));
    }
    if (final !== MISSING) {
      let t = params[params.length - 1]!;
      if (variadic && numIn - 1 < numFixed) t = params[numIn - 1]!;
      argv.push(this.validateType(final, t));
    }

    let result: unknown;
    try {
      if (isBuiltin && name === 'call') {
        const calleeName = numArgs === 0 ? formatValue(final) : nodeString(argNodes![1]!);
        result = this.callFunction(calleeName, argv[0], argv.slice(1));
      } else {
        if (signature.context === true) argv.unshift(this);
        // Errors of nested executions (ExecContext) point at this call.
        this.node = node;
        result = (fn as (...args: unknown[]) => unknown).apply(receiver, argv);
      }
    } catch (error) {
      // A limit or an abort ends the whole execution, even when a function wrapped it.
      const stop = stopCause(error);
      if (stop !== undefined) throw stop;
      this.node = node;
      if (isStackOverflow(error)) this.errorf(STACK_EXHAUSTED, error, true);
      this.errorf(`error calling ${name}: ${error instanceof Error ? error.message : formatValue(error)}`, error);
    }
    if (typeof result === 'string' && result.length > this.run.maxOutputChars) {
      this.node = node;
      this.errorf(`error calling ${name}: result exceeds the limit of ${this.run.maxOutputChars} characters`, undefined, true);
    }
    if (result === undefined && !isBuiltin) return null;
    return result;
  }

  /** The builtin `call`: calls a function value with Go's checks. */
  private callFunction(name: string, fnIn: unknown, args: unknown[]): unknown {
    const fn = fnIn === null ? undefined : fnIn;
    if (fn === undefined) throw new Error('call of nil');
    if (typeof fn !== 'function') throw new Error(`non-function ${name} of type ${goTypeName(fn)}`);
    const signature = signatureOf(fn) ?? ANY_VARIADIC;
    const numIn = signature.params.length;
    if (signature.variadic === true) {
      if (args.length < numIn - 1) throw new Error(`wrong number of args for ${name}: got ${args.length} want at least ${numIn - 1}`);
    } else if (args.length !== numIn) {
      throw new Error(`wrong number of args for ${name}: got ${args.length} want ${numIn}`);
    }
    const argv: unknown[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] === null ? undefined : args[i];
      const argType = signature.variadic !== true || i < numIn - 1 ? signature.params[i]! : signature.params[numIn - 1]!;
      if (arg === undefined) {
        if (!canBeNil(argType)) throw new Error(`arg ${i}: value is nil; should be of type ${argType}`);
        argv.push(argType === 'reflect.Value' ? undefined : null);
        continue;
      }
      if (argType !== 'reflect.Value' && !assignable(arg, argType)) {
        throw new Error(`arg ${i}: value has type ${goTypeName(arg)}; should be ${argType}`);
      }
      argv.push(arg);
    }
    if (signature.context === true) argv.unshift(this);
    const result = (fn as (...a: unknown[]) => unknown)(...argv);
    return result === undefined ? null : result;
  }

  private validateType(value: unknown, typ: GoType | null): unknown {
    if (value === undefined) {
      if (typ === null) return undefined;
      if (canBeNil(typ)) return typ === 'reflect.Value' ? undefined : null;
      this.errorf(`invalid value; expected ${typ}`);
    }
    if (typ === 'reflect.Value' || typ === null) return value;
    if (value === null) {
      if (typ === 'interface {}') return null;
      this.errorf(`wrong type for value; expected ${typ}; got interface {}`);
    }
    if (!assignable(value, typ)) this.errorf(`wrong type for value; expected ${typ}; got ${goTypeName(value)}`);
    return value;
  }

  private evalArg(dot: unknown, typ: GoType | null, n: ArgNode): unknown {
    this.node = n;
    switch (n.type) {
      case N.Dot:
        return this.validateType(dot, typ);
      case N.Nil:
        if (typ !== null && canBeNil(typ)) return typ === 'reflect.Value' ? undefined : null;
        this.errorf(`cannot assign nil to ${typ ?? '<nil>'}`);
        break;
      case N.Field:
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case N.Variable:
        return this.validateType(this.evalVariableNode(dot, n, null, MISSING), typ);
      case N.Pipe:
        return this.validateType(this.evalPipeline(dot, n), typ);
      case N.Identifier:
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING), typ);
      case N.Chain:
        return this.validateType(this.evalChainNode(dot, n, null, MISSING), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.type === N.Bool) return n.value;
        this.errorf(`expected bool; found ${nodeString(n)}`);
        break;
      case 'float64':
      case 'float32':
        if (n.type === N.Number && n.isFloat) return n.float64;
        this.errorf(`expected float; found ${nodeString(n)}`);
        break;
      case 'int':
      case 'int8':
      case 'int16':
      case 'int32':
      case 'int64':
        if (n.type === N.Number && n.isInt) return n.int64;
        this.errorf(`expected integer; found ${nodeString(n)}`);
        break;
      case 'uint':
      case 'uint8':
      case 'uint16':
      case 'uint32':
      case 'uint64':
      case 'uintptr':
        if (n.type === N.Number && n.isUint) return n.uint64;
        this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
        break;
      case 'interface {}':
      case 'reflect.Value':
        return this.evalEmptyInterface(dot, n);
      case 'string':
        if (n.type === N.String) return n.text;
        this.errorf(`expected string; found ${nodeString(n)}`);
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${typ ?? '<nil>'}`);
  }

  private evalEmptyInterface(dot: unknown, n: ArgNode): unknown {
    this.node = n;
    switch (n.type) {
      case N.Bool:
        return n.value;
      case N.Dot:
        return dot;
      case N.Number:
        return this.idealConstant(n);
      case N.String:
        return n.text;
      default:
        this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
    }
  }

  private printValue(node: ActionNode, value: unknown): void {
    this.node = node;
    if (value === undefined || value === null) {
      this.write('<no value>');
      return;
    }
    switch (typeof value) {
      case 'string':
        this.write(value);
        return;
      case 'function':
        this.errorf(`can't print ${nodeString(node)} of type ${goTypeName(value)}`);
    }
    this.write(formatPrintable(value));
  }
}

/** The limit error or abort in an error's cause chain, if any. */
function stopCause(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 16 && current instanceof Error; i++) {
    if (current instanceof TemplateLimitError || isAbortError(current)) return current;
    current = current.cause;
  }
  return undefined;
}

function isRuneInt(s: string): boolean {
  return s.length > 0 && s[0] === "'";
}

function isHexInt(s: string): boolean {
  return s.length > 2 && s[0] === '0' && (s[1] === 'x' || s[1] === 'X') && !/[pP]/.test(s);
}

function mapElemType(map: object): string {
  const tag = (map as { [GO_TYPE]?: string })[GO_TYPE];
  if (tag === undefined) return 'interface {}';
  const match = /^map\[[^\]]*\](.*)$/.exec(tag);
  return match ? match[1]! : 'interface {}';
}

function rangeItems(
  value: unknown,
): { list?: readonly unknown[] | Uint8Array; map?: Readonly<Record<string, unknown>>; boxed: boolean } | undefined {
  let target = value;
  if (target instanceof GoStruct) {
    const inner = target.goUnderlying();
    if (inner === undefined) return undefined;
    target = inner;
  }
  if (Array.isArray(target)) return { list: target, boxed: elemIsInterface(goTypeName(target)) };
  if (target instanceof Uint8Array) return { list: target, boxed: false };
  if (isGoMap(target)) return { map: target, boxed: mapElemType(target) === 'interface {}' };
  return undefined;
}

function elemIsInterface(sliceType: string): boolean {
  return sliceType === '[]interface {}';
}

/** Whether Go can assign nil to the type (reflect's canBeNil). */
export function canBeNil(typ: string): boolean {
  return (
    typ === 'interface {}' ||
    typ === 'reflect.Value' ||
    typ.startsWith('[]') ||
    typ.startsWith('map[') ||
    typ.startsWith('*') ||
    typ.startsWith('func')
  );
}

const INT_TYPES = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr']);

/** Whether a (non-nil) value can be passed for a parameter of Go type `typ`. */
export function assignable(value: unknown, typ: string): boolean {
  switch (typ) {
    case 'interface {}':
    case 'reflect.Value':
      return true;
    case 'string':
      return typeof value === 'string';
    case 'bool':
      return typeof value === 'boolean';
    case 'float64':
    case 'float32':
      return typeof value === 'number';
    case '[]byte':
    case '[]uint8':
      return value instanceof Uint8Array;
  }
  if (INT_TYPES.has(typ)) return typeof value === 'bigint';
  const actual = goTypeName(value);
  if (actual === typ) return true;
  const composite = isGoMap(value) ? 'map[' : Array.isArray(value) ? '[]' : undefined;
  if (composite === undefined) return false;
  // Go assigns between a named type and an unnamed one with the same underlying type
  // (common.Values and map[string]interface{}); a tag that is not a literal type names one
  // over map[string]interface{} or []interface{}.
  const generic = composite === 'map[' ? 'map[string]interface {}' : '[]interface {}';
  const underlyingType = actual.startsWith(composite) ? actual : generic;
  if (typ === underlyingType) return true;
  if (actual === generic && isNamedType(typ)) return true;
  // Untagged data read from YAML or JSON: accept it where its contents fit.
  if (actual === generic && typ === '[]string') return (value as unknown[]).every((v) => typeof v === 'string');
  if (actual === generic && typ === 'map[string]string') {
    return Object.values(value as Record<string, unknown>).every((v) => typeof v === 'string');
  }
  return false;
}

function isNamedType(typ: string): boolean {
  return /^[\p{L}_][\p{L}\p{Nd}_]*\.[\p{L}_][\p{L}\p{Nd}_]*$/u.test(typ);
}

/** Go's ErrorContext: `parseName:line:byteColumn` and the node's source text. */
export function errorContext(node: Node): { location: string; context: string } {
  const tree = node.tree;
  const starts = (tree.lineStarts ??= lineStartsOf(tree.text));
  const pos = node.pos;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  const column = byteLength(tree.text.slice(starts[lo], pos));
  return { location: `${tree.parseName}:${lo + 1}:${column}`, context: nodeString(node) };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

