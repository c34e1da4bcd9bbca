/**
 * A set of associated templates, like Go's *template.Template with its common map: Helm parses
 * every file of a chart into one set, so any file can `include` a template another defines.
 */
import { isEmptyTree, type Tree } from './ast.ts';
import { BUILTINS } from './builtins.ts';
import { TemplateError } from './errors.ts';
import { executeTemplate, type ExecSet, type ResolvedFunction } from './exec.ts';
import { ParseError, parseText } from './parse.ts';
import { quoteGo } from './strconv.ts';
import type { ExecuteOptions, MissingKeyMode, TemplateSetOptions } from './types.ts';
import { signatureOf, type FuncMap, type GoSignature, type TemplateFunction } from './values.ts';

const ANY_VARIADIC: GoSignature = { params: ['interface {}'], variadic: true };
const PARSE_CACHE_LIMIT = 4096;

const RESOLVED_MAPS = new WeakMap<FuncMap, [string, ResolvedFunction][]>();

const RESOLVED_BUILTINS: ReadonlyMap<string, ResolvedFunction> = new Map(
  [...BUILTINS].map(([name, builtin]) => [name, { fn: builtin.fn, signature: builtin.signature, isBuiltin: true }]),
);

/** Parsed texts shared by a set and its clones (a text parses the same in each of them). */
class ParseCache {
  readonly entries = new Map<string, Map<string, Tree>>();

  get(key: string): Map<string, Tree> | undefined {
    return this.entries.get(key);
  }

  set(key: string, trees: Map<string, Tree>): void {
    if (this.entries.size >= PARSE_CACHE_LIMIT) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, trees);
  }
}

const ASCII_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function goodName(name: string): boolean {
  if (ASCII_IDENTIFIER.test(name)) return true;
  if (name === '') return false;
  let first = true;
  for (const ch of name) {
    if (ch === '_') {
      first = false;
      continue;
    }
    if (first && !/\p{L}/u.test(ch)) return false;
    if (!/[\p{L}\p{Nd}]/u.test(ch)) return false;
    first = false;
  }
  return true;
}

export class TemplateSet implements ExecSet {
  /** The name of the set's root template (Go's t.Name() of the template that owns the set). */
  readonly name: string;
  private trees = new Map<string, Tree>();
  private functions = new Map<string, ResolvedFunction>();
  private missing: 'invalid' | 'zero' | 'error' = 'invalid';
  private leftDelim = '';
  private rightDelim = '';
  private cache = new ParseCache();

  constructor(name: string, options: TemplateSetOptions = {}) {
    this.name = name;
    if (options.missingKey !== undefined) this.option(`missingkey=${options.missingKey}`);
    if (options.funcs !== undefined) this.funcs(options.funcs);
    if (options.delims !== undefined) this.delims(options.delims[0], options.delims[1]);
  }

  get missingKey(): 'invalid' | 'zero' | 'error' {
    return this.missing;
  }

  /**
   * Adds functions (Go's Funcs): later calls override earlier ones by name. A function may carry
   * a Go signature (`goFunc`); without one it takes `...interface{}`.
   */
  funcs(map: FuncMap): this {
    let resolved = RESOLVED_MAPS.get(map);
    if (resolved === undefined) {
      resolved = [];
      for (const [name, fn] of Object.entries(map)) {
        if (!goodName(name)) throw new TypeError(`function name ${quoteGo(name)} is not a valid identifier`);
        if (typeof fn !== 'function') throw new TypeError(`value for ${name} not a function`);
        resolved.push([name, { fn, signature: signatureOf(fn) ?? ANY_VARIADIC, isBuiltin: false }]);
      }
      // A frozen map cannot change, so its checked form can be reused by every set.
      if (Object.isFrozen(map)) RESOLVED_MAPS.set(map, resolved);
    }
    for (const [name, fn] of resolved) this.functions.set(name, fn);
    return this;
  }

  /** Go's Option: `missingkey=default|invalid|zero|error`. */
  option(...settings: string[]): this {
    for (const setting of settings) {
      if (setting === '') throw new TypeError('empty option string');
      const eq = setting.indexOf('=');
      if (eq >= 0 && setting.slice(0, eq) === 'missingkey') {
        const value = setting.slice(eq + 1) as MissingKeyMode;
        if (value === 'default' || value === 'invalid') {
          this.missing = 'invalid';
          continue;
        }
        if (value === 'zero' || value === 'error') {
          this.missing = value;
          continue;
        }
      }
      throw new TypeError(`unrecognized option: ${setting}`);
    }
    return this;
  }

  /** Go's Delims; empty strings mean the defaults `{{` and `}}`. */
  delims(left: string, right: string): this {
    this.leftDelim = left;
    this.rightDelim = right;
    return this;
  }

  /**
   * Parses `text` as the template `name` (Go's `t.New(name).Parse(text)`), adding it and the
   * templates it defines to the set. A later non-empty definition replaces an earlier one; an
   * empty one does not. Throws TemplateError (phase `parse`) with Go's text.
   */
  parse(name: string, text: string): this {
    const key = `${this.leftDelim}\u0000${this.rightDelim}\u0000${name}\u0000${text}`;
    let trees = this.cache.get(key);
    if (trees === undefined) {
      try {
        trees = parseText(name, text, {
          leftDelim: this.leftDelim,
          rightDelim: this.rightDelim,
          hasFunction: (fn) => this.functions.has(fn) || BUILTINS.has(fn),
        });
      } catch (error) {
        if (error instanceof ParseError) throw new TemplateError('parse', error.templateName, error.message, error);
        throw error;
      }
      this.cache.set(key, trees);
    }
    for (const [treeName, tree] of trees) {
      const old = this.trees.get(treeName);
      if (old !== undefined && isEmptyTree(tree.root)) continue;
      this.trees.set(treeName, tree);
    }
    return this;
  }

  /** Whether the set has a template by that name (Go's Lookup(name) != nil). */
  has(name: string): boolean {
    return this.trees.has(name);
  }

  /** The names of the set's templates, in the order they were first added. */
  templateNames(): string[] {
    return [...this.trees.keys()];
  }

  /** Go's DefinedTemplates: `; defined templates are: "a", "b"`, or empty. */
  definedTemplates(): string {
    const names = [...this.trees.keys()].map((name) => quoteGo(name));
    return names.length === 0 ? '' : `; defined templates are: ${names.join(', ')}`;
  }

  /** A copy sharing the parsed templates: parse into it or add functions without touching this set. */
  clone(): TemplateSet {
    const copy = new TemplateSet(this.name);
    copy.trees = new Map(this.trees);
    copy.functions = new Map(this.functions);
    copy.missing = this.missing;
    copy.leftDelim = this.leftDelim;
    copy.rightDelim = this.rightDelim;
    copy.cache = this.cache;
    return copy;
  }

  /**
   * Executes template `name` on `data` and returns the output (Go's ExecuteTemplate into a
   * buffer). Throws TemplateError (phase `exec`) with Go's text.
   */
  execute(name: string, data: unknown, options: ExecuteOptions = {}): string {
    return executeTemplate(this, name, data, options);
  }

  /** @internal for the executor */
  lookupTree(name: string): Tree | undefined {
    return this.trees.get(name);
  }

  /** @internal for the executor: the set's function by that name, else the builtin. */
  findFunction(name: string): ResolvedFunction | undefined {
    return this.functions.get(name) ?? RESOLVED_BUILTINS.get(name);
  }
}

export type { TemplateFunction };
