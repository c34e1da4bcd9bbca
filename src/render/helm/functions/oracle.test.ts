/**
 * Sprig's and Helm's functions compared with the real helm (v4.1.4): each snippet runs in
 * helm and in Ferry's engine with Ferry's function map, with the same data (read as JSON, so
 * numbers are float64 as Helm's values are). Time- and random-based functions are tested
 * elsewhere with an injected runtime.
 */
import { describe, expect, it } from 'vitest';
import { renderWithHelm } from '../../../../test/support/go-template-oracle.ts';
import type { OracleCase } from '../../../../test/support/go-template-oracle.ts';
import { TemplateSet } from '../gotemplate/index.ts';
import { helmFuncMap, seededRuntime } from './index.ts';

const data = {
  s: 'Hello World',
  n: 3,
  f: 2.5,
  big: 1234567,
  list: ['b', 'a', 'c', 'a'],
  nums: [3, 1, 2],
  m: { a: 1, b: { c: 'x' }, e: '', z: false },
  empty: {},
  nil: null,
  t: true,
  multi: 'a\nb\n',
  url: 'https://user:pw@example.com:8443/p/a th?q=1&r=2#frag',
};

const CASES: readonly string[] = [
  // strings
  '{{ trunc 5 .s }}|{{ trunc -3 .s }}|{{ trunc 50 .s }}',
  '{{ upper .s }}|{{ lower .s }}|{{ title "hello wORLD foo_bar x-y" }}|{{ untitle "Hello" }}',
  '{{ substr 1 4 .s }}|{{ substr -1 3 .s }}|{{ substr 6 -1 .s }}',
  '{{ repeat 3 "ab" }}|{{ nospace " a b\tc " }}|{{ initials "first last name" }}',
  '{{ trimAll "$" "$$5.00$" }}|{{ trimSuffix "-" "a-" }}|{{ trimPrefix "-" "-a" }}|{{ trim "  x  " }}',
  '{{ abbrev 5 "hello world" }}|{{ abbrevboth 5 10 "1234 5678 9123" }}|{{ abbrev 3 "abc def" }}',
  '{{ swapcase "Hello World" }}|{{ snakecase "HelloWorldHTTPServer2" }}|{{ camelcase "http_server_name" }}|{{ kebabcase "MyKebabCase" }}',
  '{{ wrap 5 "The quick brown fox" }}|{{ wrapWith 5 "\\t" "Thequickbrownfox jumps" }}',
  '{{ contains "cat" "catch" }}|{{ hasPrefix "ca" "cat" }}|{{ hasSuffix "at" "cat" }}',
  '{{ quote .s 1 nil .t }}|{{ squote .s .n }}|{{ cat "a" nil 2 .f }}|{{ quote "a\\"b\\n" }}',
  '{{ indent 2 .multi }}|{{ nindent 3 "x\\ny" }}',
  '{{ replace " " "-" .s }}|{{ replace "" "-" "ab" }}|{{ plural "one" "many" 2 }}|{{ plural "one" "many" 1 }}',
  '{{ toString 1.5 }}|{{ toString .n }}|{{ toString .m }}|{{ toString .list }}|{{ toString nil }}',
  '{{ split "," "a,b,c" }}|{{ (split "," "a,b").\_1 }}|{{ splitList "," "a,,b" }}|{{ splitn "," 2 "a,b,c" }}',
  '{{ join "-" .list }}|{{ join "," .nums }}|{{ toStrings .nums }}|{{ sortAlpha .list }}',
  '{{ b64enc .s }}|{{ b64dec "SGVsbG8=" }}|{{ b64dec "!!" }}|{{ b32enc "hi" }}|{{ b32dec "NBUQ====" }}',
  // math
  '{{ add 1 2 .n }}|{{ add1 .f }}|{{ sub 10 .n }}|{{ mul 2 .n .f }}|{{ div 7 2 }}|{{ mod 7 3 }}',
  '{{ max 1 .n 2 }}|{{ min 5 .n }}|{{ biggest 1 9 }}|{{ maxf 1.5 .f }}|{{ minf .f 0.5 }}',
  '{{ addf 0.1 0.2 }}|{{ subf 1 0.9 }}|{{ mulf 1.1 3 }}|{{ divf 10 3 }}|{{ add1f .f }}|{{ divf 1 8 }}',
  '{{ floor 1.7 }}|{{ ceil 1.2 }}|{{ round 1.2345 2 }}|{{ round 2.5 0 }}|{{ round 1.55 1 0.6 }}',
  '{{ until 3 }}|{{ untilStep 0 10 3 }}|{{ until -2 }}|{{ seq 3 }}|{{ seq 5 2 }}|{{ seq 1 2 7 }}',
  '{{ int "12" }}|{{ int64 "0x10" }}|{{ int 3.9 }}|{{ float64 "1.5" }}|{{ atoi "42" }}|{{ atoi "x" }}|{{ int "1.0" }}|{{ toDecimal "777" }}',
  // Ferry's value model has one integer type (bigint, printed by %T as int): helm says int64 for `add`.
  '{{ typeOf (addf 1 2) }}|{{ typeOf (int 1) }}|{{ typeOf .n }}|{{ typeOf (until 2) }}|{{ typeOf (splitList "," "a") }}',
  // defaults and flow
  '{{ default "d" .nil }}|{{ default "d" "" }}|{{ default "d" .s }}|{{ default 5 0 }}|{{ default "d" .empty }}|{{ default "d" .t }}',
  '{{ empty .nil }}|{{ empty 0 }}|{{ empty .f }}|{{ empty .list }}|{{ empty .empty }}|{{ empty false }}|{{ empty "x" }}',
  '{{ coalesce .nil "" 0 "x" }}|{{ all 1 "a" }}|{{ all 1 "" }}|{{ any 0 "" "b" }}|{{ ternary "y" "n" .t }}|{{ ternary 1 2 false }}',
  // lists
  '{{ list 1 "a" nil }}|{{ first .list }}|{{ last .list }}|{{ rest .list }}|{{ initial .list }}|{{ first (list) }}',
  '{{ append .list "z" }}|{{ prepend .list "z" }}|{{ reverse .nums }}|{{ uniq .list }}|{{ without .list "a" }}',
  '{{ has "a" .list }}|{{ has 3 .nums }}|{{ has 3.0 .nums }}|{{ has "x" nil }}|{{ compact (list 0 1 "" "a" nil) }}',
  '{{ slice .list 1 3 }}|{{ slice .list 2 }}|{{ concat .list .nums (list 9) }}|{{ chunk 2 .list }}',
  '{{ dig "b" "c" "def" .m }}|{{ dig "b" "x" "def" .m }}|{{ dig "a" "def" .m }}',
  // dicts
  '{{ $d := dict "a" 1 "b" 2 }}{{ get $d "a" }}|{{ get $d "x" }}|{{ hasKey $d "b" }}|{{ keys $d | sortAlpha }}|{{ values $d | sortAlpha }}',
  '{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $_ := unset $d "a" }}{{ $d }}|{{ pluck "a" (dict "a" 1) (dict "b" 2) (dict "a" 3) }}',
  '{{ pick .m "a" "e" }}|{{ omit .m "b" }}|{{ dict "k" }}|{{ dict 1 2 }}',
  '{{ merge (dict "a" 1 "b" (dict "c" 1) "e" "" "f" false) (dict "a" 2 "b" (dict "d" 2) "e" "x" "f" true "g" 3) }}',
  '{{ mergeOverwrite (dict "a" 1 "b" (dict "c" 1) "l" (list 1)) (dict "a" 2 "b" (dict "d" 2) "l" (list 2 3) "n" "") }}',
  '{{ $c := deepCopy .m }}{{ $_ := set $c "a" 9 }}{{ .m.a }}|{{ $c.a }}|{{ deepEqual (list 1 2) (list 1 2) }}|{{ deepEqual 1 1.0 }}',
  // reflection
  '{{ kindOf .m }}|{{ kindOf .list }}|{{ kindOf .n }}|{{ kindOf "s" }}|{{ kindOf nil }}|{{ kindIs "map" .m }}|{{ typeIs "string" .s }}|{{ typeIsLike "float64" .n }}',
  '{{ typeOf .m }}|{{ typeOf .list }}|{{ typeOf nil }}|{{ typeOf (dict) }}|{{ typeOf (list) }}|{{ typeOf .t }}|{{ typeOf (b64enc "x") }}',
  // regex
  '{{ regexMatch "^[a-z]+$" "abc" }}|{{ regexMatch "(" "x" }}|{{ regexFind "[0-9]+" "a12b345" }}|{{ regexFindAll "[0-9]" "a1b2c3" -1 }}|{{ regexFindAll "[0-9]" "a1b2c3" 2 }}',
  '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}|{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }}|{{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }}',
  '{{ regexSplit "z+" "pizza" -1 }}|{{ regexSplit "z+" "pizza" 1 }}|{{ regexQuoteMeta "1.5+x" }}|{{ regexReplaceAll "(?P<first>[a-z]+) (?P<last>[a-z]+)" "john smith" "$last $first" }}',
  '{{ regexReplaceAll "a*" "baaac" "-" }}|{{ regexFindAll "a*" "baaac" -1 }}|{{ regexMatch "(?i)HELLO" "hello" }}|{{ regexReplaceAll "\\\\s+" "a  b\tc" "_" }}',
  // paths, urls, semver
  '{{ base "/a/b.txt" }}|{{ dir "/a/b.txt" }}|{{ ext "x.tar.gz" }}|{{ clean "a//b/../c/" }}|{{ isAbs "/x" }}|{{ base "" }}|{{ dir "x" }}',
  '{{ $u := urlParse .url }}{{ $u.scheme }}|{{ $u.host }}|{{ $u.hostname }}|{{ $u.path }}|{{ $u.query }}|{{ $u.fragment }}|{{ $u.userinfo }}',
  '{{ urlJoin (dict "scheme" "https" "host" "h.io" "path" "/a b" "query" "x=1") }}',
  '{{ semverCompare "^1.2.0" "1.4.5" }}|{{ (semver "1.2.3-beta.1+b5").Prerelease }}|{{ (semver "v2.3").Major }}|{{ (semver "1.2.3").Compare (semver "1.3.0") }}',
  // encoding and yaml/json
  '{{ toJson .m }}|{{ toPrettyJson (dict "a" (list 1 2)) }}|{{ toRawJson (dict "h" "<a&b>") }}|{{ toJson (dict "h" "<a&b>") }}',
  '{{ toYaml .m }}',
  '{{ toYaml .list }}|{{ toYaml "x: y" }}|{{ toYaml .nil }}|{{ toYaml .n }}|{{ toYaml .big }}',
  '{{ toYamlPretty (dict "a" (list 1 (dict "b" 2))) }}',
  '{{ fromYaml "a: 1\\nb: [x, y]" }}|{{ (fromYaml "- a").Error }}|{{ fromYamlArray "- 1\\n- two" }}',
  // A YAML syntax error's text is js-yaml's, not go-yaml's: only its presence is compared.
  '{{ hasPrefix "error converting YAML to JSON: yaml: line" (fromYaml "a: [").Error }}',
  '{{ fromJson "{\\"a\\":1,\\"b\\":[true]}" }}|{{ (fromJson "[1]").Error }}|{{ (fromJson "{").Error }}|{{ fromJsonArray "[1,\\"x\\"]" }}',
  '{{ toToml (dict "a" 1 "b" "x" "c" (dict "d" 2.5 "e" (list 1 2)) "f" true) }}',
  '{{ sha256sum "abc" }}|{{ sha1sum "abc" }}|{{ adler32sum "abc" }}|{{ sha512sum "" }}',
  '{{ derivePassword 1 "long" "password" "user" "example.com" }}|{{ derivePassword 1 "pin" "password" "user" "example.com" }}',
  '{{ decryptAES "secretkey" (encryptAES "secretkey" "plain text") }}|{{ encryptAES "k" "" }}',
  '{{ lookup "v1" "Secret" "ns" "x" }}|{{ len (lookup "v1" "Secret" "ns" "x") }}',
  '{{ duration 95 }}|{{ duration "3600" }}|{{ durationRound "2h10m5s" }}|{{ durationRound "400h" }}|{{ durationRound "1m" }}',
  '{{ toDate "2006-01-02" "2017-12-31" }}|{{ date "2006-01-02 15:04" (toDate "2006-01-02T15:04:05Z07:00" "2020-05-01T13:45:00+02:00") }}|{{ unixEpoch (toDate "2006-01-02" "2020-01-01") }}',
  '{{ dateInZone "Mon Jan 2 15:04:05 MST 2006" (toDate "2006-01-02 15:04" "2021-06-01 12:00") "UTC" }}|{{ htmlDate (toDate "2006-01-02" "2019-03-04") }}|{{ dateModify "-1h30m" (toDate "2006-01-02" "2020-01-01") }}',
  '{{ toDate "Jan _2 2006" "Feb  3 2013" | date "Monday, 02-Jan-06 3PM .000" }}|{{ (toDate "2006-01-02" "bad").IsZero }}',
];

const ORACLE_CASES: OracleCase[] = CASES.map((template) => ({ template, data }));

function renderWithFerry(template: string): string {
  const set = new TemplateSet('gotpl', { missingKey: 'zero', funcs: helmFuncMap(seededRuntime(new Date('2026-01-01T00:00:00Z'))) });
  try {
    set.parse('case', template);
    return set.execute('case', JSON.parse(JSON.stringify(data)) as unknown);
  } catch (error) {
    return `ERROR: ${(error as Error).message}`;
  }
}

describe('template functions against helm', () => {
  it('give the same output for every snippet', async () => {
    const expected = await renderWithHelm(ORACLE_CASES);
    const mismatches: string[] = [];
    CASES.forEach((template, i) => {
      const go = expected[i] ?? '';
      const ours = renderWithFerry(template);
      const bothFailed = go.startsWith('ERROR:') && ours.startsWith('ERROR:');
      if (!bothFailed && go !== ours) mismatches.push(`${template}\n  helm:  ${JSON.stringify(go)}\n  ferry: ${JSON.stringify(ours)}`);
    });
    expect(mismatches.join('\n\n')).toBe('');
  }, 120_000);
});
