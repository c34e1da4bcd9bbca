/**
 * Name and label syntax of k8s.io/apimachinery `pkg/util/validation` (IsDNS1123Subdomain,
 * IsDNS1123Label, IsDNS1035Label, IsQualifiedName, IsValidLabelValue, IsConfigMapKey), each
 * returning the server's messages (empty when valid).
 */
const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';
const CONFIG_KEY = '[-._a-zA-Z0-9]+';

const whole = (pattern: string): RegExp => new RegExp(`^${pattern}$`);
const RE = {
  label: whole(DNS1123_LABEL),
  subdomain: whole(DNS1123_SUBDOMAIN),
  dns1035: whole(DNS1035_LABEL),
  qualified: whole(QUALIFIED_NAME),
  labelValue: whole(LABEL_VALUE),
  configKey: whole(CONFIG_KEY),
};

const maxLen = (n: number): string => `must be no more than ${n} characters`;

function regexError(what: string, pattern: string, ...examples: string[]): string {
  const e = examples.map((x) => `'${x}'`).join(',  or ');
  return `${what} (e.g. ${e}, regex used for validation is '${pattern}')`;
}

export function isDns1123Label(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push(maxLen(63));
  if (!RE.label.test(value)) errors.push(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", DNS1123_LABEL, 'my-name', '123-abc'));
  return errors;
}

export function isDns1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push(maxLen(253));
  if (!RE.subdomain.test(value)) errors.push(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN, 'example.com'));
  return errors;
}

export function isDns1035Label(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push(maxLen(63));
  if (!RE.dns1035.test(value)) errors.push(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", DNS1035_LABEL, 'my-name', 'abc-123'));
  return errors;
}

/** ValidatePathSegmentName (RBAC kinds): anything but `.`, `..`, `/` and `%`. */
export function isPathSegmentName(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  for (const c of ['/', '%']) if (value.includes(c)) return [`may not contain '${c}'`];
  return [];
}

/** IsQualifiedName: `[prefix/]name` for label and annotation keys. */
export function isQualifiedName(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else for (const msg of isDns1123Subdomain(prefix)) errors.push(`prefix part ${msg}`);
  } else {
    return [regexError("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", QUALIFIED_NAME, 'MyName', 'my.name', '123-abc') + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (name.length > 63) errors.push(`name part ${maxLen(63)}`);
  if (name.length > 0 && !RE.qualified.test(name)) {
    errors.push(`name part ${regexError("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", QUALIFIED_NAME, 'MyName', 'my.name', '123-abc')}`);
  }
  return errors;
}

export function isValidLabelValue(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push(maxLen(63));
  if (!RE.labelValue.test(value)) errors.push(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", LABEL_VALUE, 'MyValue', 'my_value', '12345'));
  return errors;
}

export function isConfigMapKey(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push(maxLen(253));
  if (!RE.configKey.test(value)) errors.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_KEY, 'key.name', 'KEY_NAME', 'key-name'));
  if (value === '.') errors.push("must not be '.'");
  else if (value === '..') errors.push("must not be '..'");
  else if (value.startsWith('..')) errors.push("must not start with '..'");
  return errors;
}

/** IsValidPortName (IANA_SVC_NAME). */
export function isValidPortName(value: string): string[] {
  const errors: string[] = [];
  if (value.length < 1 || value.length > 15) errors.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(value)) errors.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (value.includes('--')) errors.push("must not contain consecutive hyphens");
  if (!/[a-z]/.test(value)) errors.push('must contain at least one letter (a-z)');
  if (value.startsWith('-') || value.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
}
