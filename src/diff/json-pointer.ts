/** RFC 6901 pointers, for ignoreDifferences and for naming changed fields. */
import { isPlainObject } from '../core/index.ts';

export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON pointer ${JSON.stringify(pointer)} must start with /`);
  return pointer.slice(1).split('/').map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

export function formatJsonPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((token) => `/${String(token).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

export function getAtPointer(object: unknown, tokens: readonly string[]): unknown {
  let current: unknown = object;
  for (const token of tokens) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isPlainObject(current)) current = Object.hasOwn(current, token) ? current[token] : undefined;
    else return undefined;
  }
  return current;
}

/** Deletes the value at the pointer in place; a pointer that leads nowhere changes nothing. */
export function removeAtPointer(object: unknown, tokens: readonly string[]): void {
  if (tokens.length === 0) return;
  const parent = getAtPointer(object, tokens.slice(0, -1));
  const last = tokens[tokens.length - 1] ?? '';
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (Number.isInteger(index) && index >= 0 && index < parent.length) parent.splice(index, 1);
  } else if (isPlainObject(parent)) {
    delete parent[last];
  }
}
