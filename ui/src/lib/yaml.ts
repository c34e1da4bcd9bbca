/**
 * JSON values as YAML, the way `kubectl get -o yaml` reads: block maps and lists, keys in their
 * given order, strings quoted only when YAML would read them as something else, multi-line
 * strings as literal blocks. Manifests are shown and diffed in this form; the browser does not
 * need a full YAML library for data that is JSON already.
 */

// Plain scalars YAML 1.1 or 1.2 would read as booleans, null or numbers.
const AMBIGUOUS = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN)$/;
const NUMBERISH = /^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$|^0x[0-9a-fA-F]+$|^0o[0-7]+$|^\d+(?::[0-5]?\d)+$/;

function needsQuotes(text: string): boolean {
  if (text === '') return true;
  if (AMBIGUOUS.test(text) || NUMBERISH.test(text)) return true;
  if (/^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(text) && !/^-[^\s]/.test(text)) return true;
  if (/^- /.test(text) || text === '-') return true;
  if (/\s$/.test(text) || /: |\s#|:$/.test(text)) return true;
  return /[\u0000-\u001f\u007f]/.test(text);
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  const text = String(value);
  return needsQuotes(text) ? quote(text) : text;
}

function keyText(key: string): string {
  return needsQuotes(key) ? quote(key) : key;
}

function isBlockString(value: unknown): value is string {
  // A literal block keeps the text exactly only without trailing spaces on lines and with printable characters.
  return typeof value === 'string' && value.includes('\n') && !/[ \t]\n|[\u0000-\u0008\u000b-\u001f]|^\s/.test(value);
}

function blockString(value: string, indent: string): string[] {
  const chomp = value.endsWith('\n') ? (value.endsWith('\n\n') ? '+' : '') : '-';
  const body = value.endsWith('\n') ? value.slice(0, -1) : value;
  return [`|${chomp}`, ...body.split('\n').map((line) => (line === '' ? '' : `${indent}${line}`))];
}

function isCollection(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null && (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0);
}

function emptyCollection(value: unknown): string | undefined {
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0) return '{}';
  return undefined;
}

function lines(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const item of value) {
      if (isCollection(item)) {
        const inner = lines(item, `${indent}  `);
        out.push(`${indent}- ${(inner[0] ?? '').slice(indent.length + 2)}`, ...inner.slice(1));
      } else if (isBlockString(item)) {
        const [head, ...rest] = blockString(item, `${indent}  `);
        out.push(`${indent}- ${head}`, ...rest);
      } else {
        out.push(`${indent}- ${emptyCollection(item) ?? scalar(item)}`);
      }
    }
    return out;
  }
  const out: string[] = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined) continue;
    if (isCollection(item)) {
      // Lists under a key sit at the key's indentation, as kubectl prints them.
      out.push(`${indent}${keyText(key)}:`, ...lines(item, Array.isArray(item) ? indent : `${indent}  `));
    } else if (isBlockString(item)) {
      const [head, ...rest] = blockString(item, `${indent}  `);
      out.push(`${indent}${keyText(key)}: ${head}`, ...rest);
    } else {
      out.push(`${indent}${keyText(key)}: ${emptyCollection(item) ?? scalar(item)}`);
    }
  }
  return out;
}

/** The value as YAML lines (no trailing newline). */
export function toYamlLines(value: unknown): string[] {
  if (!isCollection(value)) return [emptyCollection(value) ?? scalar(value)];
  return lines(value, '');
}

export function toYaml(value: unknown): string {
  return `${toYamlLines(value).join('\n')}\n`;
}
