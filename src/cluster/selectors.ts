import { FerryError } from '../core/index.ts';

/**
 * Label and field selectors with Kubernetes' syntax and semantics, shared by the embedded
 * cluster (which filters with them) and by Ferry's own code (which matches workloads' selectors
 * against pods). Parsing errors are CLUSTER_BAD_REQUEST, worded as the API server words them.
 */

export type LabelOperator = 'exists' | 'notexists' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/** A parsed label selector: every requirement must hold (an empty one matches everything). */
export type LabelRequirements = readonly LabelRequirement[];

/** `metav1.LabelSelector`, the object form used in specs. */
export interface LabelSelectorSpec {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[];
  }[];
}

function badSelector(message: string): FerryError {
  return new FerryError('CLUSTER_BAD_REQUEST', message, { httpStatus: 400 });
}

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a valid label key (a qualified name), or undefined when it is. */
export function invalidLabelKey(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return 'prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character';
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!NAME_PART.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  }
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is. */
export function invalidLabelValue(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!NAME_PART.test(value)) {
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  }
  return undefined;
}

interface Token {
  readonly kind: 'word' | 'op' | '(' | ')' | ',' | '!';
  readonly text: string;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c });
      i++;
    } else if (c === '!' && input[i + 1] === '=') {
      tokens.push({ kind: 'op', text: '!=' });
      i += 2;
    } else if (c === '!') {
      tokens.push({ kind: '!', text: '!' });
      i++;
    } else if (c === '=') {
      const double = input[i + 1] === '=';
      tokens.push({ kind: 'op', text: double ? '==' : '=' });
      i += double ? 2 : 1;
    } else if (c === '>' || c === '<') {
      tokens.push({ kind: 'op', text: c });
      i++;
    } else {
      let j = i;
      while (j < input.length && !' \t\n(),!=<>'.includes(input[j] as string)) j++;
      tokens.push({ kind: 'word', text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

function checkKey(key: string): void {
  const problem = invalidLabelKey(key);
  if (problem) throw badSelector(`unable to parse requirement: values[0][${key}]: Invalid value: "${key}": ${problem}`);
}

function checkValue(key: string, value: string): void {
  const problem = invalidLabelValue(value);
  if (problem) throw badSelector(`unable to parse requirement: values[0][${key}]: Invalid value: "${value}": ${problem}`);
}

/** Parses `app=web,tier in (a,b),!legacy,version>2`; throws CLUSTER_BAD_REQUEST. */
export function parseLabelSelector(input: string): LabelRequirements {
  const tokens = tokenize(input);
  const requirements: LabelRequirement[] = [];
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const expected = (what: string): FerryError => {
    const found = peek();
    return badSelector(
      `unable to parse requirement: found '${found ? found.text : 'EOS'}', expected: ${what}`,
    );
  };
  while (pos < tokens.length) {
    let negated = false;
    if (peek()?.kind === '!') {
      negated = true;
      pos++;
    }
    const keyToken = peek();
    if (!keyToken || keyToken.kind !== 'word') throw expected('identifier');
    pos++;
    const key = keyToken.text;
    checkKey(key);
    const next = peek();
    if (negated) {
      if (next && next.kind !== ',') throw expected("',' or 'end of string'");
      requirements.push({ key, operator: 'notexists', values: [] });
    } else if (!next || next.kind === ',') {
      requirements.push({ key, operator: 'exists', values: [] });
    } else if (next.kind === 'op') {
      pos++;
      const valueToken = peek();
      let value = '';
      if (valueToken?.kind === 'word') {
        value = valueToken.text;
        pos++;
      } else if (next.text === '>' || next.text === '<') {
        throw expected('identifier');
      }
      if (next.text === '>' || next.text === '<') {
        if (!/^-?\d+$/.test(value)) {
          throw badSelector(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
        }
        requirements.push({ key, operator: next.text === '>' ? 'gt' : 'lt', values: [value] });
      } else {
        checkValue(key, value);
        requirements.push({ key, operator: next.text === '!=' ? '!=' : '=', values: [value] });
      }
    } else if (next.kind === 'word' && (next.text === 'in' || next.text === 'notin')) {
      pos++;
      if (peek()?.kind !== '(') throw expected("'('");
      pos++;
      const values: string[] = [];
      for (;;) {
        const token = peek();
        if (token?.kind === 'word') {
          checkValue(key, token.text);
          values.push(token.text);
          pos++;
        } else if (token?.kind === ',' || token?.kind === ')') {
          // An empty element (`in (a,,b)` or `in ()`) stands for the empty value.
          values.push('');
        } else {
          throw expected("',', ')' or identifier");
        }
        const after = peek();
        if (after?.kind === ',') {
          pos++;
          continue;
        }
        if (after?.kind === ')') {
          pos++;
          break;
        }
        throw expected("',' or ')'");
      }
      requirements.push({ key, operator: next.text === 'in' ? 'in' : 'notin', values: [...new Set(values)].sort() });
    } else {
      throw expected("'=', '!=', '==', 'in', notin'");
    }
    const separator = peek();
    if (separator) {
      if (separator.kind !== ',') throw expected("',' or 'end of string'");
      pos++;
      if (!peek()) throw expected('identifier');
    }
  }
  return requirements;
}

function matchesRequirement(requirement: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  const value = has ? labels[requirement.key] : undefined;
  switch (requirement.operator) {
    case 'exists':
      return has;
    case 'notexists':
      return !has;
    case '=':
    case 'in':
      return has && requirement.values.includes(value as string);
    case '!=':
    case 'notin':
      return !has || !requirement.values.includes(value as string);
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(value as string)) return false;
      const actual = Number(value);
      const bound = Number(requirement.values[0]);
      return requirement.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

export function matchesLabels(requirements: LabelRequirements, labels: Readonly<Record<string, string>> | undefined): boolean {
  const actual = labels ?? {};
  return requirements.every((requirement) => matchesRequirement(requirement, actual));
}

/** The requirements of a spec selector; throws CLUSTER_BAD_REQUEST on an unknown operator. */
export function requirementsOfSelector(selector: LabelSelectorSpec): LabelRequirements {
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push({ key, operator: '=', values: [value] });
  }
  for (const expression of selector.matchExpressions ?? []) {
    const values = [...(expression.values ?? [])].sort();
    switch (expression.operator) {
      case 'In':
        requirements.push({ key: expression.key, operator: 'in', values });
        break;
      case 'NotIn':
        requirements.push({ key: expression.key, operator: 'notin', values });
        break;
      case 'Exists':
        requirements.push({ key: expression.key, operator: 'exists', values: [] });
        break;
      case 'DoesNotExist':
        requirements.push({ key: expression.key, operator: 'notexists', values: [] });
        break;
      default:
        throw badSelector(`"${expression.operator}" is not a valid label selector operator`);
    }
  }
  return requirements;
}

/** True when a spec selector matches `labels`; an empty selector matches everything. */
export function selectorMatches(selector: LabelSelectorSpec, labels: Readonly<Record<string, string>> | undefined): boolean {
  return matchesLabels(requirementsOfSelector(selector), labels);
}

/** The string form the API server prints (`app=web,tier in (a,b)`), e.g. in `Scale.status.selector`. */
export function formatLabelSelector(requirements: LabelRequirements): string {
  const sorted = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return sorted
    .map((r) => {
      switch (r.operator) {
        case 'exists':
          return r.key;
        case 'notexists':
          return `!${r.key}`;
        case '=':
          return `${r.key}=${r.values[0] ?? ''}`;
        case '!=':
          return `${r.key}!=${r.values[0] ?? ''}`;
        case 'in':
          return `${r.key} in (${r.values.join(',')})`;
        case 'notin':
          return `${r.key} notin (${r.values.join(',')})`;
        case 'gt':
          return `${r.key}>${r.values[0] ?? ''}`;
        case 'lt':
          return `${r.key}<${r.values[0] ?? ''}`;
      }
    })
    .join(',');
}

export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

/** Parses `metadata.name=web,status.phase!=Running` (with `\,` `\=` `\\` escapes). */
export function parseFieldSelector(input: string): readonly FieldRequirement[] {
  const requirements: FieldRequirement[] = [];
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as string;
    if (c === '\\' && i + 1 < input.length) {
      current += c + (input[i + 1] as string);
      i++;
    } else if (c === ',') {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  for (const part of parts) {
    if (part.trim() === '') continue;
    const match = /^(.*?)(!=|==|=)(.*)$/s.exec(part.replace(/\\[=!]/g, (s) => `\u0000${s[1]}`));
    if (!match) throw badSelector(`invalid selector: '${input}'; can't understand '${part}'`);
    const restore = (s: string): string => s.replace(/\u0000(.)/g, '$1').replace(/\\(.)/g, '$1');
    const field = restore(match[1] as string).trim();
    const value = restore(match[3] as string).trim();
    requirements.push({ field, operator: match[2] === '!=' ? '!=' : '=', value });
  }
  return requirements;
}

/** True when every requirement holds for the object's field values (given by `fieldOf`). */
export function matchesFields(
  requirements: readonly FieldRequirement[],
  fieldOf: (field: string) => string,
): boolean {
  return requirements.every((r) => (fieldOf(r.field) === r.value) === (r.operator === '='));
}
