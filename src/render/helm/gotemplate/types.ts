import type { TemplateSet } from './template-set.ts';

/**
 * Go's missingkey option: what `.key` gives when a map lacks the key. `default` (alias
 * `invalid`) gives "no value" (printed `<no value>`), `zero` gives the element's zero value
 * (nil for map[string]interface{}, also printed `<no value>`, and `.missing.x` is then a
 * "nil pointer evaluating interface {}.x" error), `error` stops with "map has no entry for key".
 */
export type MissingKeyMode = 'default' | 'invalid' | 'zero' | 'error';

/** Bounds that make a hostile template fail with a clear error instead of exhausting memory. */
export interface ExecLimits {
  /**
   * Characters of output of one top-level execute(), nested executions included; also the
   * longest string a function may return (so doubling a string in a loop stops early).
   */
  readonly maxOutputChars?: number;
  /** Nesting of `{{template}}` actions and ExecContext.executeTemplate calls. */
  readonly maxDepth?: number;
  /** Evaluation steps (actions, commands, iterations) of one top-level execute(). */
  readonly maxSteps?: number;
}

export const DEFAULT_LIMITS: Required<ExecLimits> = {
  maxOutputChars: 64 * 1024 * 1024,
  maxDepth: 1000,
  maxSteps: Number.MAX_SAFE_INTEGER,
};

export interface ExecuteOptions {
  readonly signal?: AbortSignal;
  readonly limits?: ExecLimits;
}

export interface TemplateSetOptions {
  readonly missingKey?: MissingKeyMode;
  readonly funcs?: Readonly<Record<string, (...args: never[]) => unknown>>;
  /** Action delimiters (Go's Delims); default `{{` and `}}`. */
  readonly delims?: readonly [left: string, right: string];
}

/**
 * What a function declared with `context: true` receives as its first argument: the running
 * execution. Helm's `include` is `(ctx, name, data) => ctx.executeTemplate(name, data)`.
 */
export interface ExecContext {
  /** The set the running template belongs to: its templates and functions. */
  readonly set: TemplateSet;
  /** The template being executed (Go's Template.Name() inside the execution). */
  readonly templateName: string;
  /** Nesting of `{{template}}` and executeTemplate calls at this point (0 at the top). */
  readonly depth: number;
  /** Scratch space for functions, shared by one top-level execute() and its nested executions. */
  readonly shared: Map<string, unknown>;
  /**
   * Executes template `name` of `set` (default: this context's set) on `data` and returns its
   * output, as Go's ExecuteTemplate into a buffer, within this execution's limits and signal.
   * Throws TemplateError with Go's text, e.g. `template: no template "x" associated with
   * template "gotpl"`.
   */
  executeTemplate(name: string, data: unknown, set?: TemplateSet): string;
}
