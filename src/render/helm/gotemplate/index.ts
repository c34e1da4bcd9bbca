/**
 * gotemplate: Go's text/template and fmt in TypeScript, for rendering Helm charts.
 *
 * Values follow Go's types (see values.ts): string, boolean, bigint for every integer kind,
 * number for float64, null for nil, undefined for "no value", plain objects for
 * map[string]interface{}, Arrays for []interface{}, Uint8Array for []byte, GoStruct
 * subclasses for structs.
 *
 * Notes for Helm (checked against helm v4.1.4, Go 1.25.9):
 * - Helm's set is `template.New("gotpl")` with `Option("missingkey=zero")` (`missingkey=error`
 *   under --strict): a missing key is a nil interface{}, so `{{ .Values.nope }}` prints
 *   `<no value>` and `{{ .Values.nope.x }}` fails with `nil pointer evaluating interface {}.x`.
 *   Helm then replaces every `<no value>` in a file's output by "" (include's result is NOT
 *   replaced; tpl's is). Here: `new TemplateSet('gotpl', { missingKey: 'zero', funcs })`,
 *   `set.parse(path, text)` per file, `set.execute(path, vals).replaceAll('<no value>', '')`.
 * - Files are parsed deeper paths first, then same-depth paths in reverse lexical order, and a
 *   later `define` replaces an earlier one: at equal depth the lexically first file's define
 *   wins, and a parent chart's wins over a subchart's (checked with helm).
 * - `include` is `goFunc({ params: ['string', 'interface {}'], context: true },
 *   (ctx, name, data) => ctx.executeTemplate(name, data))`; helm fails past 1000 nested
 *   includes of one name with `rendering template has a nested reference name: NAME: unable to
 *   execute template` (`ctx.shared` can hold the counter). A limit (TemplateLimitError) or an
 *   abort thrown inside stays unwrapped even if the function wraps it in its own Error's cause. On Node's default stack about 600
 *   nested includes fit: deeper, execution stops with a TemplateLimitError naming the template
 *   ("the JavaScript call stack is exhausted"); run in a Worker with a larger stackSizeMb to
 *   reach helm's limit exactly.
 * - `tpl` parses its text as template "gotpl" in a clone of the running set and executes it:
 *   `const c = ctx.set.clone(); c.parse(c.name, text); ctx.executeTemplate(c.name, vals, c)`;
 *   its errors read `template: gotpl:1:5: executing "gotpl" at <.x.y>: ...`. Parsed texts are
 *   cached per set lineage, so repeated tpl calls parse once.
 * - Helm v4's `.Chart`, `.Release`, `.Template` are map[string]interface{} (plain objects),
 *   `.Values` and `.` are `common.Values` (tag with withGoType for %T), `.Capabilities` is a
 *   `*common.Capabilities` struct, `.Files` is `engine.files` (a map type with methods: a
 *   GoStruct whose goUnderlying() is the map, tagged `map[string][]uint8`).
 * - Sprig's `slice` replaces the builtin `slice` in helm (functions override builtins here too).
 * - Cache a parsed set per chart digest and `clone()` it per render: clones share the trees.
 */
export { TemplateSet } from './template-set.ts';
export type { ExecContext, ExecLimits, ExecuteOptions, MissingKeyMode, TemplateSetOptions } from './types.ts';
export { DEFAULT_LIMITS } from './types.ts';
export { TemplateError, TemplateLimitError, isTemplateError, TEMPLATE_ERROR_CODE } from './errors.ts';
export {
  GoStruct,
  GoComplex,
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
export { sprintf, sprint, sprintln, formatValue, formatPrintable, byteLength } from './fmt.ts';
export { formatFloat, quoteGo, quoteToASCII, quoteRune, unquote, parseGoInt, parseGoFloat, isPrint } from './strconv.ts';
export { htmlEscapeString, jsEscapeString, urlQueryEscape, goEq, goLt, goIndex, goLen, goSlice, kindOf } from './builtins.ts';
