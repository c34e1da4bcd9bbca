import { FerryError } from '../../../core/index.ts';

export const TEMPLATE_ERROR_CODE = 'RENDER_TEMPLATE_FAILED';

/**
 * A parse or execution error of a Go template. The message is exactly Go's text, e.g.
 * `template: chart/templates/x.yaml:12:15: executing "chart/templates/x.yaml" at <.Values.x.y>:
 * nil pointer evaluating interface {}.y` or `template: x:3: unexpected "}" in operand`.
 */
export class TemplateError extends FerryError {
  /** `parse` (Go's parse.Parse error) or `exec` (Go's template.ExecError). */
  readonly phase: 'parse' | 'exec';
  /** The template being parsed or executed (Go's ExecError.Name). */
  readonly templateName: string;

  constructor(phase: 'parse' | 'exec', templateName: string, message: string, cause?: unknown) {
    super(TEMPLATE_ERROR_CODE, message, { httpStatus: 422, cause, details: { phase, template: templateName } });
    this.phase = phase;
    this.templateName = templateName;
  }
}

export function isTemplateError(error: unknown): error is TemplateError {
  return error instanceof TemplateError;
}

/**
 * An execution stopped by a limit (output size, nesting depth, steps). Functions that run
 * nested templates let it through unwrapped, so the message names the innermost template.
 */
export class TemplateLimitError extends TemplateError {}
