import { cloneJson, isPlainObject } from '../../../core/index.ts';
import { clusterErrorFromStatus, makeStatus } from '../../errors.ts';
import { jsonEqual } from '../store/index.ts';

/**
 * JSON patch (RFC 6902) and JSON merge patch (RFC 7386) as the API server applies them, with
 * its error wording: a malformed patch is 400 BadRequest, a patch that does not apply to the
 * object is 422 with the reason in `details.causes`.
 */

function patchDoesNotApply(message: string) {
  return clusterErrorFromStatus(
    makeStatus(422, 'the server rejected our request due to an error in our request', 'Invalid', {
      causes: [{ reason: 'UnexpectedServerResponse', message }],
    }),
  );
}

function badPatch(message: string) {
  return clusterErrorFromStatus(makeStatus(400, message, 'BadRequest'));
}

interface Operation {
  readonly op: string;
  readonly path: string;
  readonly value?: unknown;
  readonly from?: string;
}

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badPatch(`JSON pointer "${pointer}" must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

/** The parent container of `pointer` and the last key, or undefined when the parent is missing. */
function locate(doc: unknown, parts: readonly string[]): { parent: Container; key: string } | undefined {
  let node: unknown = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    if (Array.isArray(node)) {
      const index = Number(part);
      if (!/^\d+$/.test(part) || index >= node.length) return undefined;
      node = node[index];
    } else if (isPlainObject(node)) {
      if (!Object.hasOwn(node, part)) return undefined;
      node = node[part];
    } else {
      return undefined;
    }
  }
  if (!Array.isArray(node) && !isPlainObject(node)) return undefined;
  return { parent: node, key: parts[parts.length - 1] as string };
}

function readAt(doc: unknown, parts: readonly string[]): { found: boolean; value: unknown } {
  if (parts.length === 0) return { found: true, value: doc };
  const at = locate(doc, parts);
  if (!at) return { found: false, value: undefined };
  if (Array.isArray(at.parent)) {
    const index = Number(at.key);
    if (!/^\d+$/.test(at.key) || index >= at.parent.length) return { found: false, value: undefined };
    return { found: true, value: at.parent[index] };
  }
  return Object.hasOwn(at.parent, at.key) ? { found: true, value: at.parent[at.key] } : { found: false, value: undefined };
}

function removeAt(doc: unknown, parts: readonly string[], op: string, pointer: string): unknown {
  const at = parts.length === 0 ? undefined : locate(doc, parts);
  const missing = () => patchDoesNotApply(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
  if (!at) throw missing();
  if (Array.isArray(at.parent)) {
    const index = Number(at.key);
    if (!/^\d+$/.test(at.key) || index >= at.parent.length) throw missing();
    return at.parent.splice(index, 1)[0];
  }
  if (!Object.hasOwn(at.parent, at.key)) throw missing();
  const value = at.parent[at.key];
  delete at.parent[at.key];
  return value;
}

function addAt(doc: unknown, parts: readonly string[], value: unknown, op: string, pointer: string): unknown {
  if (parts.length === 0) return value;
  const at = locate(doc, parts);
  if (!at) throw patchDoesNotApply(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
  if (Array.isArray(at.parent)) {
    const index = at.key === '-' ? at.parent.length : Number(at.key);
    if (!/^(\d+|-)$/.test(at.key) || index > at.parent.length) {
      throw patchDoesNotApply(`${op} operation does not apply: doc is missing path: "${pointer}": index out of bounds`);
    }
    at.parent.splice(index, 0, value);
  } else {
    at.parent[at.key] = value;
  }
  return doc;
}

/** Parses a JSON patch body (already JSON-decoded): 400 for anything but a list of operations. */
export function checkJsonPatch(body: unknown): Operation[] {
  if (!Array.isArray(body)) throw badPatch('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  return body.map((raw, i) => {
    if (!isPlainObject(raw)) throw badPatch(`json: cannot unmarshal ${typeof raw} into Go value of type jsonpatch.Operation (operation ${i})`);
    return raw as unknown as Operation;
  });
}

export function applyJsonPatch(document: unknown, operations: readonly Operation[]): unknown {
  let doc = cloneJson(document);
  for (const operation of operations) {
    const pointer = typeof operation.path === 'string' ? operation.path : undefined;
    if (pointer === undefined) throw patchDoesNotApply(`${operation.op} operation missing path`);
    const parts = decodePointer(pointer);
    switch (operation.op) {
      case 'add':
        if (!('value' in operation)) throw patchDoesNotApply('add operation missing value');
        doc = addAt(doc, parts, cloneJson(operation.value), 'add', pointer);
        break;
      case 'remove':
        removeAt(doc, parts, 'remove', pointer);
        break;
      case 'replace': {
        if (!('value' in operation)) throw patchDoesNotApply('replace operation missing value');
        if (parts.length === 0) {
          doc = cloneJson(operation.value);
          break;
        }
        const at = locate(doc, parts);
        const current = readAt(doc, parts);
        if (!at || !current.found) {
          throw patchDoesNotApply(`replace operation does not apply: doc is missing key: ${pointer}: missing value`);
        }
        if (Array.isArray(at.parent)) at.parent[Number(at.key)] = cloneJson(operation.value);
        else at.parent[at.key] = cloneJson(operation.value);
        break;
      }
      case 'move':
      case 'copy': {
        const from = typeof operation.from === 'string' ? operation.from : undefined;
        if (from === undefined) throw patchDoesNotApply(`${operation.op} operation missing from`);
        const fromParts = decodePointer(from);
        const source = readAt(doc, fromParts);
        if (!source.found) {
          throw patchDoesNotApply(`${operation.op} operation does not apply: doc is missing from path: "${from}": missing value`);
        }
        const value = operation.op === 'move' ? removeAt(doc, fromParts, 'move', from) : cloneJson(source.value);
        doc = addAt(doc, parts, value, operation.op, pointer);
        break;
      }
      case 'test': {
        const current = readAt(doc, parts);
        if (!current.found || !jsonEqual(current.value, operation.value)) {
          throw patchDoesNotApply(`testing value ${pointer} failed: test failed`);
        }
        break;
      }
      default:
        throw patchDoesNotApply(`Unexpected kind: ${String(operation.op)}`);
    }
  }
  return doc;
}

/** RFC 7386: objects merge recursively, `null` removes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return cloneJson(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}
