import { describe, expect, it } from 'vitest';
import { isAbortError } from '../../../core/index.ts';
import { TemplateError, TemplateLimitError } from './errors.ts';
import { TemplateSet } from './template-set.ts';
import { OUTPUT_CASES, TPL_CASES } from './testdata/go-cases.ts';
import type { ExecContext } from './types.ts';
import { GoStruct, goFunc, signMethods, withGoType } from './values.ts';

function run(template: string, data: unknown = {}, options: ConstructorParameters<typeof TemplateSet>[1] = {}): string {
  const set = new TemplateSet('t', options);
  set.parse('t', template);
  return set.execute('t', data);
}

function failure(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

describe('Go behaviour recorded from helm', () => {
  it.each(OUTPUT_CASES.map((c) => [c.template, c]))('%s', (_name, c) => {
    expect(run(c.template, c.data, { missingKey: 'zero' })).toBe(c.expected);
  });

  it.each(TPL_CASES.map((c) => [c.template, c]))('tpl %s', (_name, c) => {
    const set = new TemplateSet('gotpl', { missingKey: 'zero' });
    if (c.fails) {
      const error = failure(() => set.parse('gotpl', c.template).execute('gotpl', c.data ?? {}));
      expect(error.message).toBe(c.expected);
      expect(error.code).toBe('RENDER_TEMPLATE_FAILED');
    } else {
      expect(set.parse('gotpl', c.template).execute('gotpl', c.data ?? {}).replaceAll('<no value>', '')).toBe(c.expected);
    }
  });
});

describe('missingkey', () => {
  it.each([
    ['default', '{{ .a }}|{{ .a.b }}|{{ $x := .a }}{{ $x.b }}', '<no value>|<no value>|<no value>'],
    ['zero', '{{ .a }}|{{ (.a).b }}|{{ $x := .a }}{{ $x.b }}', '<no value>|<no value>|<no value>'],
  ] as const)('%s', (mode, template, expected) => {
    expect(run(template, {}, { missingKey: mode })).toBe(expected);
  });

  it('zero: a missing map key is a nil interface{}', () => {
    expect(failure(() => run('{{ .a.b }}', {}, { missingKey: 'zero' })).message).toBe(
      'template: t:1:5: executing "t" at <.a.b>: nil pointer evaluating interface {}.b',
    );
  });

  it('zero: the zero value of the element type of a typed map', () => {
    const data = { m: withGoType({}, 'map[string]string'), n: withGoType({}, 'map[string]int') };
    expect(run('{{ printf "%q %v" .m.a .n.b }}', data, { missingKey: 'zero' })).toBe('"" 0');
  });

  it('error: a missing key stops execution', () => {
    expect(failure(() => run('{{ .a }}', {}, { missingKey: 'error' })).message).toBe(
      'template: t:1:3: executing "t" at <.a>: map has no entry for key "a"',
    );
    expect(failure(() => run('{{ $x := .b.c }}{{ $x.d }}', { b: { c: null } }, { missingKey: 'error' })).message).toBe(
      'template: t:1:21: executing "t" at <$x.d>: nil data; no entry for key "d"',
    );
  });

  it('default: function arguments get nil, builtins see no value', () => {
    expect(run('{{ print .a }}|{{ printf "%v" .a }}|{{ eq .a nil }}|{{ not .a }}|{{ and 1 .a }}')).toBe(
      '<nil>|<nil>|true|true|<no value>',
    );
    expect(failure(() => run('{{ len .a }}')).message).toBe(
      'template: t:1:3: executing "t" at <len .a>: error calling len: reflect: call of reflect.Value.Type on zero Value',
    );
  });

  it('rejects an unknown option as Go does', () => {
    expect(() => new TemplateSet('t').option('missingkey=maybe')).toThrow('unrecognized option: missingkey=maybe');
    expect(() => new TemplateSet('t').option('')).toThrow('empty option string');
  });
});

class Metadata extends GoStruct {
  Name = 'web';
  Version = '1.2.3';
  private secret = 's';
  override goTypeName(): string {
    return '*chart.Metadata';
  }
  Greet(who: string): string {
    return `hello ${who} from ${this.Name}${this.secret === 's' ? '' : '?'}`;
  }
  Fail(): string {
    throw new Error('it broke');
  }
}
signMethods(Metadata, { Greet: { params: ['string'] }, Fail: { params: [] } });

class KubeVersion extends GoStruct {
  Major = '1';
  Minor = '35';
  override goTypeName(): string {
    return 'common.KubeVersion';
  }
  String(): string {
    return `v${this.Major}.${this.Minor}`;
  }
}

class VersionSet extends GoStruct {
  readonly items: readonly string[];
  constructor(items: readonly string[]) {
    super();
    this.items = items;
  }
  override goTypeName(): string {
    return 'common.VersionSet';
  }
  override goUnderlying(): readonly unknown[] {
    return this.items;
  }
  Has(version: string): boolean {
    return this.items.includes(version);
  }
}
signMethods(VersionSet, { Has: { params: ['string'] } });

describe('structs (GoStruct)', () => {
  const data = { Chart: new Metadata(), Kube: new KubeVersion(), APIs: new VersionSet(['v1', 'apps/v1']) };

  it('reads fields and calls methods with Go arguments', () => {
    expect(run('{{ .Chart.Name }}-{{ .Chart.Version }}|{{ .Chart.Greet "you" }}|{{ "me" | .Chart.Greet }}', data)).toBe(
      'web-1.2.3|hello you from web|hello me from web',
    );
  });

  it('prints as fmt does, using String()', () => {
    expect(run('{{ .Chart }}|{{ printf "%v|%+v" .Chart .Chart }}|{{ .Kube }}|{{ printf "%s" .Kube }}', data)).toBe(
      '{web 1.2.3 s}|&{web 1.2.3 s}|&{Name:web Version:1.2.3 secret:s}|v1.35|v1.35',
    );
  });

  it('a String method on the pointer counts for {{ value }} but not for a printed copy', () => {
    class Version extends GoStruct {
      Version = 'v1.35.0';
      override goTypeName(): string {
        return 'common.KubeVersion';
      }
      String(): string {
        return this.Version;
      }
    }
    signMethods(Version, { String: { params: [], pointerReceiver: true } });
    expect(run('{{ .v }}|{{ print .v }}|{{ printf "%v" .v }}|{{ .v.String }}', { v: new Version() })).toBe(
      'v1.35.0|{v1.35.0}|{v1.35.0}|v1.35.0',
    );
  });

  it('ranges, indexes and measures a named slice type, and calls its methods', () => {
    expect(run('{{ range .APIs }}{{ . }};{{ end }}{{ len .APIs }} {{ index .APIs 1 }} {{ .APIs.Has "v1" }} {{ .APIs }}', data)).toBe(
      'v1;apps/v1;2 apps/v1 true [v1 apps/v1]',
    );
  });

  it.each([
    ['{{ .Chart.Nope }}', 'template: t:1:9: executing "t" at <.Chart.Nope>: can\'t evaluate field Nope in type interface {}'],
    ['{{ $c := .Chart }}{{ $c.Nope }}', 'template: t:1:23: executing "t" at <$c.Nope>: can\'t evaluate field Nope in type *chart.Metadata'],
    ['{{ $c := .Chart }}{{ $c.secret }}', 'template: t:1:23: executing "t" at <$c.secret>: secret is an unexported field of struct type *chart.Metadata'],
    ['{{ .Chart.Name 1 }}', 'template: t:1:9: executing "t" at <.Chart.Name>: Name has arguments but cannot be invoked as function'],
    ['{{ .Chart.Greet }}', 'template: t:1:9: executing "t" at <.Chart.Greet>: wrong number of args for Greet: want 1 got 0'],
    ['{{ .Chart.Greet 1 }}', 'template: t:1:16: executing "t" at <1>: expected string; found 1'],
    ['{{ .Chart.Fail }}', 'template: t:1:9: executing "t" at <.Chart.Fail>: error calling Fail: it broke'],
  ])('%s', (template, message) => {
    expect(failure(() => run(template, data)).message).toBe(message);
  });
});

describe('functions', () => {
  const repeat = goFunc({ params: ['int', 'string'] }, (n: bigint, s: string) => s.repeat(Number(n)));
  const join = goFunc({ params: ['string', 'interface {}'], variadic: true }, (sep: string, ...items: unknown[]) =>
    items.map(String).join(sep),
  );
  const half = goFunc({ params: ['float64'] }, (x: number) => x / 2);
  const keys = goFunc({ params: ['map[string]interface {}'] }, (m: Record<string, unknown> | null) => Object.keys(m ?? {}).length);
  const loose = (...args: unknown[]) => args.length;
  const funcs = { repeat, join, half, keys, loose, fail: () => { throw new Error('bad input'); }, nothing: () => undefined };
  const exec = (template: string, data: unknown = {}) => run(template, data, { funcs, missingKey: 'zero' });

  it('converts constants to the parameter types and checks the rest', () => {
    expect(exec('{{ repeat 3 "ab" }}|{{ "x" | repeat 2 }}|{{ join "," 1 "a" 2.5 }}|{{ half 3 }}|{{ keys .m }}|{{ keys nil }}|{{ loose 1 2 3 }}', { m: { a: 1 } })).toBe(
      'ababab|xx|1,a,2.5|1.5|1|0|3',
    );
    expect(exec('{{ nothing }}|{{ printf "%v" nothing }}')).toBe('<no value>|<nil>');
  });

  it.each([
    ['{{ repeat 1 }}', 'template: t:1:3: executing "t" at <repeat>: wrong number of args for repeat: want 2 got 1'],
    ['{{ join }}', 'template: t:1:3: executing "t" at <join>: wrong number of args for join: want at least 1 got 0'],
    ['{{ repeat 1.5 "a" }}', 'template: t:1:10: executing "t" at <1.5>: expected integer; found 1.5'],
    ['{{ repeat .n "a" }}', 'template: t:1:10: executing "t" at <.n>: wrong type for value; expected int; got float64'],
    ['{{ repeat nil "a" }}', 'template: t:1:10: executing "t" at <nil>: cannot assign nil to int'],
    ['{{ repeat 1 .missing }}', 'template: t:1:12: executing "t" at <.missing>: wrong type for value; expected string; got interface {}'],
    ['{{ keys .l }}', 'template: t:1:8: executing "t" at <.l>: wrong type for value; expected map[string]interface {}; got []interface {}'],
    ['{{ half "x" }}', 'template: t:1:8: executing "t" at <"x">: expected float; found "x"'],
    ['{{ fail }}', 'template: t:1:3: executing "t" at <fail>: error calling fail: bad input'],
    ['{{ 1 | fail }}', 'template: t:1:7: executing "t" at <fail>: error calling fail: bad input'],
  ])('%s', (template, message) => {
    expect(failure(() => exec(template, { n: 2, l: [] })).message).toBe(message);
  });

  it('is checked at parse time', () => {
    const set = new TemplateSet('t', { funcs });
    expect(failure(() => set.parse('t', '{{ nope 1 }}')).message).toBe('template: t:1: function "nope" not defined');
    expect(failure(() => set.parse('t', '{{ nope 1 }}')).phase).toBe('parse');
  });

  it('overrides a builtin of the same name', () => {
    expect(run('{{ len "abc" }}', {}, { funcs: { len: () => 'mine' } })).toBe('mine');
  });

  it('rejects bad names and non-functions as Go does', () => {
    expect(() => new TemplateSet('t').funcs({ '1x': () => 1 })).toThrow('function name "1x" is not a valid identifier');
    expect(() => new TemplateSet('t').funcs({ x: 1 as unknown as () => 1 })).toThrow('value for x not a function');
  });

  it('call invokes a function value with Go checks', () => {
    const data = { f: goFunc({ params: ['string'] }, (s: string) => s + '!'), g: (...a: unknown[]) => a.length };
    expect(run('{{ call .f "hi" }}|{{ call .g 1 2 }}', data)).toBe('hi!|2');
    expect(failure(() => run('{{ call .f 1 }}', data)).message).toBe(
      'template: t:1:3: executing "t" at <call .f 1>: error calling call: arg 0: value has type int; should be string',
    );
    expect(failure(() => run('{{ call .f }}', data)).message).toBe(
      'template: t:1:3: executing "t" at <call .f>: error calling call: wrong number of args for .f: got 0 want 1',
    );
  });

  it('a function with context executes templates of the running set', () => {
    const include = goFunc({ params: ['string', 'interface {}'], context: true }, (ctx: ExecContext, name: string, data: unknown) =>
      ctx.executeTemplate(name, data),
    );
    const set = new TemplateSet('gotpl', { funcs: { include }, missingKey: 'zero' });
    set.parse('a.yaml', '{{ define "x" }}[{{ .v }}]{{ end }}{{ include "x" . | printf "%s!" }}');
    expect(set.execute('a.yaml', { v: 1 })).toBe('[1]!');
    set.parse('b.yaml', '{{ include "nope" . }}');
    expect(failure(() => set.execute('b.yaml', {})).message).toBe(
      'template: b.yaml:1:3: executing "b.yaml" at <include "nope" .>: error calling include: template: no template "nope" associated with template "gotpl"',
    );
    set.parse('c.yaml', '{{ define "bad" }}{{ .v.w }}{{ end }}{{ include "bad" . }}');
    expect(failure(() => set.execute('c.yaml', { v: 's' })).message).toBe(
      'template: c.yaml:1:40: executing "c.yaml" at <include "bad" .>: error calling include: template: c.yaml:1:23: executing "bad" at <.v.w>: can\'t evaluate field w in type interface {}',
    );
  });
});

class Files extends GoStruct {
  readonly files: Readonly<Record<string, Uint8Array>>;
  constructor(files: Record<string, string>) {
    super();
    const entries = Object.entries(files).map(([name, text]) => [name, new TextEncoder().encode(text)] as const);
    this.files = withGoType(Object.fromEntries(entries), 'map[string][]uint8');
  }
  override goTypeName(): string {
    return 'engine.files';
  }
  override goUnderlying(): Readonly<Record<string, unknown>> {
    return this.files;
  }
  Get(name: string): string {
    const bytes = this.files[name];
    return bytes === undefined ? '' : new TextDecoder().decode(bytes);
  }
}
signMethods(Files, { Get: { params: ['string'] } });

describe('a named map type with methods (like helm\'s .Files)', () => {
  const data = { Files: new Files({ 'b.txt': 'bee', 'a.txt': 'ay' }) };

  it('calls methods, ranges keys in order and gives the zero value of a missing key', () => {
    expect(run('{{ .Files.Get "a.txt" }}|{{ range $k, $v := .Files }}{{ $k }}={{ printf "%s" $v }};{{ end }}|{{ .Files.nope }}|{{ len .Files }}', data, { missingKey: 'zero' })).toBe(
      'ay|a.txt=ay;b.txt=bee;|[]|2',
    );
    expect(run('{{ printf "%T" .Files }}|{{ index .Files "b.txt" }}', data)).toBe('engine.files|[98 101 101]');
  });
});

describe('execution context', () => {
  it('shares scratch space and reports the nesting depth and template name', () => {
    const seen: string[] = [];
    const probe = goFunc({ params: [], context: true }, (ctx: ExecContext) => {
      const count = ((ctx.shared.get('calls') as number | undefined) ?? 0) + 1;
      ctx.shared.set('calls', count);
      seen.push(`${ctx.templateName}@${ctx.depth}#${count}`);
      return '';
    });
    const include = goFunc({ params: ['string', 'interface {}'], context: true }, (ctx: ExecContext, name: string, data: unknown) =>
      ctx.executeTemplate(name, data),
    );
    const set = new TemplateSet('root', { funcs: { probe, include } });
    set.parse('main', '{{ define "a" }}{{ probe }}{{ template "b" }}{{ end }}{{ define "b" }}{{ probe }}{{ end }}{{ probe }}{{ include "a" . }}');
    set.execute('main', {});
    expect(seen).toEqual(['main@0#1', 'a@1#2', 'b@2#3']);
  });
});

describe('template sets', () => {
  it('later non-empty definitions replace earlier ones; empty ones do not', () => {
    const set = new TemplateSet('root');
    set.parse('a', '{{ define "x" }}A{{ end }}');
    set.parse('b', '{{ define "x" }}B{{ end }}');
    set.parse('c', '{{ define "x" }}  {{ end }}');
    set.parse('main', '{{ template "x" }}');
    expect(set.execute('main', {})).toBe('B');
    expect(set.templateNames()).toEqual(['x', 'a', 'b', 'c', 'main']);
    expect(set.definedTemplates()).toBe('; defined templates are: "x", "a", "b", "c", "main"');
  });

  it('a clone shares templates but not later changes', () => {
    const set = new TemplateSet('gotpl');
    set.parse('a', '{{ define "x" }}A{{ end }}');
    const clone = set.clone();
    clone.parse('gotpl', '{{ define "x" }}C{{ end }}{{ template "x" }}');
    expect(clone.execute('gotpl', {})).toBe('C');
    expect(set.has('gotpl')).toBe(false);
    expect(failure(() => set.execute('gotpl', {})).message).toBe('template: no template "gotpl" associated with template "gotpl"');
  });

  it('block defines and executes a template', () => {
    const set = new TemplateSet('r');
    set.parse('base', '<{{ block "content" . }}default {{ . }}{{ end }}>');
    expect(set.execute('base', 'x')).toBe('<default x>');
    set.parse('override', '{{ define "content" }}custom {{ . }}{{ end }}');
    expect(set.execute('base', 'x')).toBe('<custom x>');
  });

  it('honours other delimiters', () => {
    const set = new TemplateSet('r', { delims: ['[[', ']]'] });
    expect(set.parse('t', '{{ [[ .a ]] }} [[- if .a -]] yes [[- end ]]').execute('t', { a: 1 })).toBe('{{ 1 }}yes');
  });

  it('names the line and byte column of errors', () => {
    const error = failure(() => run('é\n  ü{{ .a.b }}', { a: null }, { missingKey: 'zero' }));
    expect(error.message).toBe('template: t:2:9: executing "t" at <.a.b>: nil pointer evaluating interface {}.b');
    expect(error.phase).toBe('exec');
    expect(error.templateName).toBe('t');
  });
});

describe('builtin slice (helm replaces it with Sprig\'s)', () => {
  it.each([
    ['{{ slice .l 1 }}', '[2 3]'],
    ['{{ slice .l 0 1 }}', '[1]'],
    ['{{ slice .l }}', '[1 2 3]'],
    ['{{ slice .l 1 2 3 }}', '[2]'],
    ['{{ slice "hello" 1 3 }}', 'el'],
    ['{{ slice "hello" 2 }}', 'llo'],
  ])('%s', (template, expected) => {
    expect(run(template, { l: [1n, 2n, 3n] })).toBe(expected);
  });

  it.each([
    ['{{ slice .l 2 1 }}', 'error calling slice: invalid slice index: 2 > 1'],
    ['{{ slice .l 0 5 }}', 'error calling slice: index out of range: 5'],
    ['{{ slice "abc" 0 1 2 }}', 'error calling slice: cannot 3-index slice a string'],
    ['{{ slice .l 0 1 2 3 }}', 'error calling slice: too many slice indexes: 4'],
    ['{{ slice 3 }}', "error calling slice: can't slice item of type int"],
    ['{{ slice nil }}', 'error calling slice: slice of untyped nil'],
  ])('%s', (template, message) => {
    expect(failure(() => run(template, { l: [1n, 2n, 3n] })).message).toContain(message);
  });
});

describe('limits', () => {
  it('bounds the output size, nested executions included', () => {
    const set = new TemplateSet('r');
    set.parse('t', '{{ range 100 }}0123456789{{ end }}');
    expect(set.execute('t', {}, { limits: { maxOutputChars: 1000 } })).toHaveLength(1000);
    const error = failure(() => set.execute('t', {}, { limits: { maxOutputChars: 999 } }));
    expect(error).toBeInstanceOf(TemplateLimitError);
    expect(error.message).toBe('template: t:1:15: executing "t" at <0123456789>: output exceeds the limit of 999 characters');
  });

  it('bounds the strings functions return', () => {
    const set = new TemplateSet('r');
    set.parse('t', '{{ $s := "0123456789" }}{{ range 30 }}{{ $s = print $s $s }}{{ end }}{{ len $s }}');
    const error = failure(() => set.execute('t', {}, { limits: { maxOutputChars: 10_000 } }));
    expect(error).toBeInstanceOf(TemplateLimitError);
    expect(error.message).toBe(
      'template: t:1:46: executing "t" at <print $s $s>: error calling print: result exceeds the limit of 10000 characters',
    );
  });

  it('bounds template recursion', () => {
    const set = new TemplateSet('r');
    set.parse('t', '{{ define "loop" }}{{ template "loop" . }}{{ end }}{{ template "loop" . }}');
    expect(failure(() => set.execute('t', {}, { limits: { maxDepth: 50 } })).message).toBe(
      'template: t:1:31: executing "loop" at <{{template "loop" .}}>: exceeded maximum template depth (50)',
    );
  });

  it('turns an exhausted JavaScript stack into a clear error naming the template', () => {
    const include = goFunc({ params: ['string', 'interface {}'], context: true }, (ctx: ExecContext, name: string, data: unknown) =>
      ctx.executeTemplate(name, data),
    );
    const set = new TemplateSet('gotpl', { funcs: { include } });
    set.parse('t', '{{ define "loop" }}{{ include "loop" . }}{{ end }}{{ include "loop" . }}');
    const error = failure(() => set.execute('t', {}, { limits: { maxDepth: 1_000_000 } }));
    expect(error).toBeInstanceOf(TemplateLimitError);
    expect(error.message).toBe(
      'template: t:1:22: executing "loop" at <include "loop" .>: exceeded maximum template depth (the JavaScript call stack is exhausted)',
    );
  });

  it('lets a limit through a function that wraps errors', () => {
    const wrapper = goFunc({ params: ['string'], context: true }, (ctx: ExecContext, name: string) => {
      try {
        return ctx.executeTemplate(name, {});
      } catch (error) {
        throw new Error(`wrapped: ${(error as Error).message}`, { cause: error });
      }
    });
    const set = new TemplateSet('r', { funcs: { wrapper } });
    set.parse('t', '{{ define "big" }}{{ range 100 }}0123456789{{ end }}{{ end }}{{ wrapper "big" }}');
    const error = failure(() => set.execute('t', {}, { limits: { maxOutputChars: 500 } }));
    expect(error).toBeInstanceOf(TemplateLimitError);
    expect(error.message).toBe('template: t:1:33: executing "big" at <0123456789>: output exceeds the limit of 500 characters');
  });

  it('bounds the steps and honours an abort signal', () => {
    const set = new TemplateSet('r');
    set.parse('t', '{{ range 100000 }}{{ . }}{{ end }}');
    expect(failure(() => set.execute('t', {}, { limits: { maxSteps: 5000 } })).message).toContain('execution exceeds the limit of 5000 steps');
    const controller = new AbortController();
    controller.abort();
    let caught: unknown;
    try {
      set.execute('t', {}, { signal: controller.signal });
    } catch (error) {
      caught = error;
    }
    expect(isAbortError(caught)).toBe(true);
  });
});
