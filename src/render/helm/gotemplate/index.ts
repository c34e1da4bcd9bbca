/**
 * gotemplate: Go's text/template and fmt in TypeScript, for rendering Helm charts.
 *
 * Values follow Go's types (see values.ts): string, boolean, bigint for every integer kind,
 * number for float64, null for nil, undefined for "no value", plain objects for
 * map[string]interface{}, Arrays for []interface{}, Uint8Array for []byte, GoStruct
 * subclasses for structs.
 *
 * Notes for Helm (helm v4.1.4, Go 1.25, pkg/engine):
 * - Helm's set is `template.New("gotpl")` with `Option("missingkey=zero")` (`missingkey=error`
 *   with --strict / lint strict). Every chart file is parsed with `t.New(path).Parse(text)`
 *   (parent charts before subcharts: sorted by path depth, then name) and each non-partial file
 *   executed with `ExecuteTemplate(path, vals)`; its output then has every `<no value>` replaced
 *   by "" (`strings.ReplaceAll`). With missingkey=zero a missing key is a nil interface{}, so
 *   `{{ .Values.missing }}` prints `<no value>` (hence the replace) and
 *   `{{ .Values.missing.x }}` fails with `nil pointer evaluating interface {}.x`.
 *   Here: `new TemplateSet('gotpl', { missingKey: 'zero', funcs })`, `set.parse(path, text)`,
 *   `set.execute(path, vals).replaceAll('<no value>', '')`.
 * - `include` is `(ctx, name, data) => ctx.executeTemplate(name, data)` with signature
 *   `{ params: ['string', 'interface {}'], context: true }`; helm counts nested includes of a
 *   name and fails past 1000 (`ctx.shared` can hold that counter).
 * - `tpl` clones the set, parses the text under the set's name and executes it:
 *   `const c = ctx.set.clone(); c.parse(c.name, text); ctx.executeTemplate(c.name, vals, c)`,
 *   then replaces `<no value>` as above. Repeated texts are parsed once (a cache shared by
 *   clones).
 * - Cache parsed sets per chart digest and `clone()` one per render: clones share the trees.
 */
export { TemplateSet } from './template-set.ts';
export type { ExecContext, ExecLimits, ExecuteOptions, MissingKeyMode, TemplateSetOptions } from './types.ts';
export { DEFAULT_LIMITS } from './types.ts';
export { TemplateError, TemplateLimitError, isTemplateError, TEMPLATE_ERROR_CODE } from './errors.ts';
export {
  GoStruct,
  GO_TYPE,
  goFunc,
  signMethods,
  signatureOf,
  withGoType,
  goTypeName,
  isGoMap,
  isGoSlice,
  isTrue,
  mapGet,
  mapHas,
  sortedKeys,
  compareGoStrings,
  underlying,
  toInt64,
} from './values.ts';
export type { FuncMap, GoSignature, GoType, TemplateFunction } from './values.ts';
export { sprintf, sprint, sprintln, formatValue, byteLength } from './fmt.ts';
export { formatFloat, quoteGo, quoteToASCII, quoteRune, unquote, parseGoInt, parseGoFloat, isPrint } from './strconv.ts';
export { htmlEscapeString, jsEscapeString, urlQueryEscape, goEq, goLt, goIndex, goLen, goSlice } from './builtins.ts';
