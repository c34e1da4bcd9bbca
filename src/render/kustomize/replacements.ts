import { isPlainObject } from '../../core/index.ts';
import { applyFieldSpec, type FieldSpec } from './field-spec.ts';
import { kustomizeError, splitGroupVersion, type JsonMap, type ResId, type ResMap, type Resource } from './resource.ts';
import { matchesLabels, parseLabelSelector } from './selector.ts';

/**
 * `replacements` (copy a field of one object into fields of others) and the deprecated
 * `vars` (`$(NAME)` in a fixed set of fields, resolved once at the very end).
 */

/** Splits `spec.containers.[name=app].image` on dots outside brackets. */
export function splitDotPath(path: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (const ch of path) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  while (parts[0] === '') parts.shift();
  return parts;
}

/** Thrown for a bracketed path part that is neither `[a.b]` nor `[key=value]`. */
class PathPartError extends Error {}

/**
 * `[a.b/c]`: a field whose name holds dots (kyaml strips the brackets only then); any other
 * bracketed part without `=` is refused as kyaml refuses it.
 */
function bracketField(part: string): string {
  const m = /^\[([^=\]]*)\]$/.exec(part);
  if (!m) return part;
  if (!(m[1] as string).includes('.')) throw new PathPartError('list path element must contain fieldName=fieldValue for element to match');
  return m[1] as string;
}

function elementMatcher(part: string): { key: string; value: string } | undefined {
  const m = /^\[([^=\]]*)=(.*)\]$/.exec(part);
  return m ? { key: m[1] as string, value: m[2] as string } : undefined;
}

function scalarText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function matchesElement(item: unknown, matcher: { key: string; value: string }): boolean {
  if (matcher.key === '') return !isPlainObject(item) && scalarText(item) === matcher.value;
  return isPlainObject(item) && scalarText(item[matcher.key]) === matcher.value;
}

/** The value at a dot path (`[k=v]` picks a list element, a number an index). */
export function lookupDotPath(obj: unknown, parts: readonly string[]): unknown {
  let node = obj;
  for (const part of parts) {
    if (node === null || node === undefined) return undefined;
    const matcher = elementMatcher(part);
    if (matcher) {
      if (!Array.isArray(node)) return undefined;
      node = node.find((item) => matchesElement(item, matcher));
    } else if (Array.isArray(node)) {
      if (!/^\d+$/.test(part)) return undefined;
      node = node[Number(part)];
    } else if (isPlainObject(node)) node = node[bracketField(part)];
    else return undefined;
  }
  return node;
}

interface Slot {
  readonly holder: JsonMap | unknown[];
  readonly key: string | number;
}

/** Every place a dot path designates, creating what is missing when `create` is set. */
function matchDotPath(obj: JsonMap, parts: readonly string[], create: boolean): Slot[] {
  let slots: Slot[] = [{ holder: { root: obj }, key: 'root' }];
  parts.forEach((rawPart, index) => {
    const part = elementMatcher(rawPart) ? rawPart : bracketField(rawPart);
    const last = index === parts.length - 1;
    const following = parts[index + 1];
    // What to create for a missing field: a list when the next step picks an element.
    const fresh = (): unknown => (last ? null : following !== undefined && (elementMatcher(following) || /^\d+$/.test(following)) ? [] : {});
    const next: Slot[] = [];
    for (const slot of slots) {
      const node = (slot.holder as Record<string | number, unknown>)[slot.key];
      const matcher = elementMatcher(part);
      if (matcher) {
        if (!Array.isArray(node)) continue;
        const found = node.flatMap((item, i) => (matchesElement(item, matcher) ? [i] : []));
        if (found.length === 0 && create && matcher.key !== '') {
          node.push({ [matcher.key]: matcher.value });
          found.push(node.length - 1);
        }
        for (const i of found) next.push({ holder: node, key: i });
      } else if (part === '*') {
        if (Array.isArray(node)) node.forEach((_, i) => next.push({ holder: node, key: i }));
        else if (isPlainObject(node)) Object.keys(node).forEach((k) => next.push({ holder: node, key: k }));
      } else if (Array.isArray(node)) {
        if (!/^\d+$/.test(part)) continue;
        const i = Number(part);
        if (i < node.length) next.push({ holder: node, key: i });
        else if (create && i === node.length) {
          node.push(fresh());
          next.push({ holder: node, key: i });
        }
      } else if (isPlainObject(node)) {
        if (node[part] === undefined || node[part] === null) {
          if (!create) continue;
          node[part] = fresh();
        }
        next.push({ holder: node, key: part });
      } else if ((node === null || node === undefined) && create) {
        const made: JsonMap = {};
        (slot.holder as Record<string | number, unknown>)[slot.key] = made;
        made[part] = fresh();
        next.push({ holder: made, key: part });
      }
    }
    slots = next;
  });
  return slots;
}

export interface ReplacementOptions {
  readonly delimiter?: string;
  readonly index?: number;
  readonly create?: boolean;
}

export interface ReplacementSource {
  readonly id: Partial<ResId>;
  readonly fieldPath?: string;
  readonly options?: ReplacementOptions;
}

export interface TargetSelect {
  readonly id: Partial<ResId>;
  readonly labelSelector?: string;
  readonly annotationSelector?: string;
}

export interface ReplacementTarget {
  readonly select: TargetSelect;
  readonly reject: readonly TargetSelect[];
  readonly fieldPaths: readonly string[];
  readonly options?: ReplacementOptions;
}

export interface Replacement {
  readonly source: ReplacementSource;
  readonly targets: readonly ReplacementTarget[];
}

/** kustomize's ResId.IsSelectedBy: every field the selector gives must be equal (no patterns). */
function idSelected(id: ResId, selector: Partial<ResId>): boolean {
  const test = (value: string, wanted: string | undefined) => !wanted || value === wanted;
  const nsOk = !selector.namespace || (id.namespace || 'default') === (selector.namespace || 'default');
  return test(id.name, selector.name) && nsOk && test(id.group, selector.group) && test(id.version, selector.version) && test(id.kind, selector.kind);
}

function describeSelector(id: Partial<ResId>): string {
  return Object.entries(id).filter(([, v]) => v).map(([k, v]) => `${k}=${v as string}`).join(', ');
}

function refine(value: unknown, options: ReplacementOptions | undefined, where: string): unknown {
  if (!options?.delimiter) return value;
  if (isPlainObject(value) || Array.isArray(value)) throw kustomizeError(`${where}: delimiter option can only be used with scalar nodes`);
  const parts = scalarText(value).split(options.delimiter);
  const index = options.index ?? 0;
  if (index >= parts.length || index < 0) throw kustomizeError(`${where}: options.index ${index} is out of bounds for value ${scalarText(value)}`);
  return parts[index];
}

function retype(text: string, like: unknown): unknown {
  if (typeof like === 'number' && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (typeof like === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

function setTarget(slot: Slot, value: unknown, options: ReplacementOptions | undefined, where: string): void {
  const holder = slot.holder as Record<string | number, unknown>;
  const current = holder[slot.key];
  let next = structuredClone(value);
  if (options?.delimiter) {
    if (isPlainObject(current) || Array.isArray(current)) throw kustomizeError(`${where}: delimiter option can only be used with scalar nodes`);
    const parts = current === null || current === undefined ? [''] : scalarText(current).split(options.delimiter);
    const index = options.index ?? 0;
    const v = scalarText(value);
    if (index < 0) parts.unshift(v);
    else if (index >= parts.length) parts.push(v);
    else parts[index] = v;
    next = parts.join(options.delimiter);
  }
  if (current !== null && current !== undefined && !isPlainObject(current) && !Array.isArray(current) && !isPlainObject(next) && !Array.isArray(next)) {
    holder[slot.key] = retype(scalarText(next), current);
  } else holder[slot.key] = next;
}

function selectedByMeta(r: Resource, select: TargetSelect, where: string): boolean {
  if (select.labelSelector && !matchesLabels(r.labels(), parseLabelSelector(select.labelSelector, where))) return false;
  if (select.annotationSelector && !matchesLabels(r.annotations(), parseLabelSelector(select.annotationSelector, where))) return false;
  return true;
}

export function applyReplacements(resources: ResMap, replacements: readonly Replacement[], where: string): void {
  for (const replacement of replacements) {
    const sources = resources.list.filter((r) => r.allIds().some((id) => idSelected(id, replacement.source.id)));
    if (sources.length === 0) throw kustomizeError(`${where}: replacements: nothing selected by source ${describeSelector(replacement.source.id)}`);
    if (sources.length > 1) throw kustomizeError(`${where}: replacements: multiple matches for source ${describeSelector(replacement.source.id)}`);
    const source = sources[0] as Resource;
    const fieldPath = replacement.source.fieldPath || 'metadata.name';
    let raw: unknown;
    try {
      raw = lookupDotPath(source.obj, splitDotPath(fieldPath));
    } catch (error) {
      if (!(error instanceof PathPartError)) throw error;
      throw kustomizeError(`${where}: replacements: fieldPath \`${fieldPath}\` of source ${describeSelector(replacement.source.id)}: ${error.message}`);
    }
    if (raw === undefined || raw === null || raw === '' || (isPlainObject(raw) && Object.keys(raw).length === 0)) {
      throw kustomizeError(`${where}: replacements: fieldPath \`${fieldPath}\` is missing for replacement source ${describeSelector(replacement.source.id)}`);
    }
    const value = refine(raw, replacement.source.options, where);
    for (const target of replacement.targets) {
      for (const r of resources.list) {
        if (!selectedByMeta(r, target.select, where)) continue;
        const ids = r.allIds();
        if (!ids.some((id) => idSelected(id, target.select.id))) continue;
        if (target.reject.some((reject) => selectedByMeta(r, reject, where) && ids.some((id) => idSelected(id, reject.id)) && (Object.values(reject.id).some(Boolean) || reject.labelSelector || reject.annotationSelector))) continue;
        for (const fp of target.fieldPaths.length ? target.fieldPaths : ['metadata.name']) {
          let slots: Slot[];
          try {
            slots = matchDotPath(r.obj, splitDotPath(fp), target.options?.create === true);
          } catch (error) {
            if (!(error instanceof PathPartError)) throw error;
            throw kustomizeError(`${where}: replacements: unable to find or create field "${fp}" in replacement target ${r.kind} ${r.name}: ${error.message}`);
          }
          if (slots.length === 0) {
            throw kustomizeError(
              `${where}: replacements: unable to ${target.options?.create ? 'find or create' : 'find'} field "${fp}" in replacement target ${r.kind} ${r.name}`,
            );
          }
          for (const slot of slots) setTarget(slot, value, target.options, where);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// vars

export interface Var {
  readonly name: string;
  readonly objref: { readonly apiVersion?: string; readonly group?: string; readonly version?: string; readonly kind?: string; readonly name?: string; readonly namespace?: string };
  readonly fieldPath: string;
}

export function readVar(value: unknown, where: string): Var {
  if (!isPlainObject(value) || typeof value.name !== 'string') throw kustomizeError(`${where}: vars: each var needs a name`);
  const objref = isPlainObject(value.objref) ? (value.objref as Var['objref']) : {};
  const fieldref = isPlainObject(value.fieldref) ? value.fieldref : {};
  return { name: value.name, objref, fieldPath: typeof fieldref.fieldpath === 'string' ? fieldref.fieldpath : 'metadata.name' };
}

/** Records which object each var reads from (kustomize does it when the var is declared). */
export function bindVars(resources: ResMap, vars: readonly Var[], where: string): void {
  for (const v of vars) {
    const gv = v.objref.apiVersion ? splitGroupVersion(v.objref.apiVersion) : { group: v.objref.group ?? '', version: v.objref.version ?? '' };
    const matched = resources.byAnyId(
      (id) =>
        id.name === v.objref.name &&
        (!v.objref.kind || id.kind === v.objref.kind) &&
        (!gv.version || id.version === gv.version) &&
        (!gv.group || id.group === gv.group) &&
        (!v.objref.namespace || (id.namespace || 'default') === v.objref.namespace),
    );
    if (matched.length > 1) throw kustomizeError(`${where}: found ${matched.length} resId matches for var ${v.name} (unable to disambiguate)`);
    if (matched.length === 1) (matched[0] as Resource).refVarNames.push(v.name);
  }
}

/** Go's field path syntax for vars: `spec.ports[0].port`. */
function lookupVarField(obj: unknown, path: string): unknown {
  const parts = path.split('.').flatMap((part) => {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [part];
    const indexes = [...(m[2] as string).matchAll(/\[(\d+)\]/g)].map((x) => x[1] as string);
    return [m[1] as string, ...indexes].filter((p) => p !== '');
  });
  return lookupDotPath(obj, parts);
}

/** Expands `$(NAME)` as Kubernetes does (`$$` escapes); a lone reference keeps its type. */
export function expandVars(input: string, values: ReadonlyMap<string, unknown>, used: Set<string>): unknown {
  const whole = /^\$\(([^)]*)\)$/.exec(input);
  if (whole && values.has(whole[1] as string)) {
    used.add(whole[1] as string);
    return values.get(whole[1] as string);
  }
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    let advance = 1;
    if (rest[0] === '$') out += '$';
    else if (rest[0] === '(') {
      const close = rest.indexOf(')', 1);
      if (close < 0) out += '$(';
      else {
        const name = rest.slice(1, close);
        if (values.has(name)) {
          used.add(name);
          out += scalarText(values.get(name));
        } else out += `$(${name})`;
        advance = close + 1;
      }
    } else out += `$${rest[0]}`;
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

export function resolveVars(resources: ResMap, vars: readonly Var[], fieldSpecs: readonly FieldSpec[], where: string): void {
  if (vars.length === 0) return;
  const values = new Map<string, unknown>();
  for (const v of vars) {
    const holder = resources.list.find((r) => r.refVarNames.includes(v.name));
    if (!holder) throw kustomizeError(`${where}: var '${v.name}' cannot be mapped to a field in the set of known resources`);
    const value = lookupVarField(holder.obj, v.fieldPath);
    if (value === undefined) throw kustomizeError(`${where}: var '${v.name}': field ${v.fieldPath} not found in ${holder.kind} ${holder.name}`);
    values.set(v.name, value);
  }
  const used = new Set<string>();
  const expand = (value: unknown): unknown => {
    if (typeof value === 'string') return expandVars(value, values, used);
    if (isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) value[k] = expand(v);
      return value;
    }
    if (Array.isArray(value)) return value.map(expand);
    return undefined;
  };
  for (const r of resources.list) {
    for (const fs of fieldSpecs) {
      if ((fs.kind && fs.kind !== r.kind) || (fs.group && fs.group !== r.gvk().group) || (fs.version && fs.version !== r.gvk().version)) continue;
      applyFieldSpec(r.obj, fs, undefined, expand);
    }
  }
}
