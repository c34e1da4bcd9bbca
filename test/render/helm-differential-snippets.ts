/**
 * Template snippets for the Helm differential harness (helm-differential.ts): the idioms real
 * charts use, grouped by the values (and `helm template` flags) they share. Each snippet's raw
 * output must be helm's, byte for byte; a snippet helm fails on must fail in Ferry with helm's
 * message. `known` maps a snippet to the reason Ferry still differs there.
 */
export interface SnippetGroup {
  readonly name: string;
  /** values.yaml of the group's chart. */
  readonly values?: string;
  readonly chartYaml?: string;
  /** Extra chart files (path relative to the chart: `files/a.txt`, `templates/_x.tpl`). */
  readonly files?: Readonly<Record<string, string>>;
  /** Extra `helm template` flags. */
  readonly args?: readonly string[];
  readonly snippets: Readonly<Record<string, string>>;
  readonly known?: Readonly<Record<string, string>>;
}

const RICH_VALUES = `
nameOverride: ""
fullnameOverride: ""
replicaCount: 3
image:
  registry: docker.io
  repository: bitnami/mysql
  tag: 8.0.36-debian-12-r8
  digest: ""
  pullPolicy: IfNotPresent
  pullSecrets: []
global:
  imageRegistry: ""
  imagePullSecrets: []
  storageClass: ""
auth:
  rootPassword: ""
  database: my_database
  username: ""
  existingSecret: ""
port: 3306
bigInt: 1000000
biggerInt: 123456789
hugeInt: 9007199254740993
float: 1.5
floatWhole: 2.0
sci: 1e6
negative: -42
zero: 0
octalString: "0755"
octalNumber: 0755
hex: 0x1F
yesString: "yes"
yesBare: yes
onBare: on
boolTrue: true
boolFalse: false
nullValue: null
emptyString: ""
emptyMap: {}
emptyList: []
version: "1.10"
versionFloat: 1.10
tag: 3.0
list:
  - b
  - a
  - c
  - a
numbers: [3, 1, 2]
mixed: [1, "two", 3.5, true, null, {k: v}, [x]]
resources:
  limits:
    cpu: 500m
    memory: 512Mi
  requests:
    cpu: 250m
    memory: 256Mi
podAnnotations:
  prometheus.io/scrape: "true"
  prometheus.io/port: "9104"
podLabels: {}
extraEnvVars:
  - name: FOO
    value: bar
  - name: NUM
    value: "1"
nodeSelector:
  kubernetes.io/os: linux
tolerations: []
multiline: |
  line one
  line two
    indented
folded: >
  folded text
  continues here
trailingSpaces: "text with trailing   "
leadingSpace: " leading"
colonString: "a: b"
hashString: "# not a comment"
quoteString: 'it''s "quoted"'
unicode: "héllo wörld ✓"
tabString: "a\\tb"
newlineEnd: "ends with newline\\n"
special: ["*", "&anchor", "!tag", "@at", "%percent", "\`backtick", "{brace}", "[bracket]", "- dash", "? q", "| pipe", "> gt", "=", "~", "null", "Null", "NULL", "true", "True", "FALSE", "yes", "No", "on", "Off", "y", "n", "1.0", "1e3", "0x10", "0o17", "017", ".inf", "-.Inf", ".nan", "2001-12-14", "12:30", "1_000", "+1", "-", ""]
tplString: "{{ .Release.Name }}-{{ .Values.image.tag }}"
tplMap:
  name: "{{ .Release.Name }}"
  port: "{{ .Values.port }}"
nested:
  a:
    b:
      c: deep
  list:
    - name: first
      enabled: true
    - name: second
      enabled: false
config:
  key1: value1
  key2: 2
  key3: true
  key4: null
  zkey: last
  Akey: upper
  _under: u
  "1num": n
`;

const INT64 = 'Ferry has one integer type: --set numbers and Sprig math results are int64 in Go, int in Ferry';
const GO_YAML_ERRORS = "go-yaml words syntax errors its own way; Ferry says the same in the JS parser's words";

export const snippetGroups: readonly SnippetGroup[] = [
  {
    name: 'strings',
    values: RICH_VALUES,
    snippets: {
      truncTrim: '{{ printf "%s-%s" "a-very-long-release-name-that-goes-on-and-on" "and-a-chart-name-that-is-long-too" | trunc 63 | trimSuffix "-" }}',
      truncNegative: '{{ "abcdef" | trunc -3 }}|{{ "abc" | trunc 10 }}|{{ trunc 0 "abc" }}',
      upperLower: '{{ upper "héllo" }} {{ lower "ÀBC" }} {{ title "hello world-foo bar_baz" }} {{ untitle "Hello World" }}',
      replace: '{{ "a.b.c" | replace "." "-" }} {{ replace "" "x" "abc" }}',
      repeat: '{{ repeat 3 "ab" }}|{{ repeat 0 "x" }}',
      substr: '{{ substr 1 3 "abcdef" }}|{{ substr 2 -1 "abcdef" }}|{{ substr 0 100 "abc" }}',
      trims: '[{{ trim "  a b  " }}][{{ trimAll "-_" "-_a_-" }}][{{ trimPrefix "v" "v1.2" }}][{{ trimSuffix ".yaml" "x.yaml" }}][{{ nospace " a b c " }}]',
      tests: '{{ contains "ell" "hello" }} {{ hasPrefix "he" "hello" }} {{ hasSuffix "lo" "hello" }}',
      indent: 'x:{{ "a\\nb\\n\\nc" | indent 4 }}|{{ "a\\nb" | nindent 2 }}|{{ "" | nindent 2 }}|{{ indent 2 "" }}',
      nindentToYaml: 'spec:\n  resources: {{- toYaml .Values.resources | nindent 4 }}\n  empty: {{- toYaml .Values.emptyMap | nindent 4 }}',
      wrap: '{{ wrap 10 "the quick brown fox jumps over the lazy dog" }}|{{ wrapWith 5 "\\n\\t" "hello world again" }}',
      abbrev: '{{ abbrev 5 "hello world" }}|{{ abbrevboth 5 10 "1234 5678 9123" }}|{{ initials "First Try" }}',
      cases: '{{ camelcase "http_server_name" }} {{ snakecase "HTTPServerName" }} {{ kebabcase "FirstName LastName" }} {{ swapcase "Hello World" }} {{ snakecase "ab-cd EF" }} {{ kebabcase "fooBar_baz" }} {{ camelcase "foo-bar baz" }}',
      plural: '{{ plural "one" "many" 1 }} {{ plural "one" "many" 2 }} {{ plural "one" "many" 0 }}',
      cat: '{{ cat "a" 1 true nil "b" }}|{{ cat }}',
      splitJoin: '{{ splitList "," "a,b,,c" | join "|" }} {{ join "," .Values.numbers }} {{ join "-" (list 1 "a" 2.5 true nil) }} {{ "a:b:c" | split ":" }} {{ (split "," "x,y")._1 }}',
      splitn: '{{ splitn "," 2 "a,b,c" }} {{ (splitn "," 2 "a,b,c")._1 }}',
      toStringVals: '{{ toString 1 }} {{ toString .Values.float }} {{ toString .Values.bigInt }} {{ toString true }} {{ toString nil }} {{ toString .Values.list }} {{ toString .Values.config }}',
      toStrings: '{{ toStrings (list 1 "a" 2.5 nil true) }}',
      quotes: '{{ quote 1 }} {{ quote .Values.float }} {{ quote true }} {{ quote nil }} {{ squote 3 }} {{ squote "it\'s" }} {{ quote "a\\"b\\\\c\\n" }} {{ quote .Values.list }} {{ quote "a" "b" 3 }}',
      quoteBig: '{{ quote .Values.bigInt }} {{ quote .Values.biggerInt }} {{ quote .Values.sci }} {{ quote .Values.hugeInt }} {{ squote .Values.bigInt }}',
      printBig: '{{ .Values.bigInt }} {{ .Values.biggerInt }} {{ .Values.sci }} {{ .Values.hugeInt }} {{ .Values.float }} {{ .Values.floatWhole }} {{ .Values.negative }} {{ .Values.octalNumber }} {{ .Values.hex }} {{ .Values.versionFloat }} {{ .Values.tag }}',
      printfVerbs: '{{ printf "%s|%d|%v|%q|%x|%5s|%-5s|%05d|%.2f|%t" "s" 3 .Values.list "q" 255 "r" "l" 42 3.14159 true }}',
      printfFloats: '{{ printf "%d" .Values.port }}|{{ printf "%v" .Values.port }}|{{ printf "%s" .Values.port }}|{{ printf "%v" .Values.bigInt }}|{{ printf "%f" .Values.float }}|{{ printf "%g" .Values.sci }}|{{ printf "%e" .Values.biggerInt }}',
      printfMaps: '{{ printf "%v" .Values.config }}|{{ printf "%v" .Values.resources }}|{{ printf "%+v" .Values.nested }}|{{ printf "%#v" .Values.list }}|{{ printf "%v" .Values.emptyMap }}|{{ printf "%v" .Values.nullValue }}',
      printfMissing: '{{ printf "%s %s" "one" }}|{{ printf "%s" "a" "b" }}|{{ printf "%d" "str" }}|{{ printf "%z" 1 }}|{{ printf "%!" }}',
      printfTypes: '{{ printf "%T %T %T %T %T %T %T" .Values.port .Values.float "s" true .Values.list .Values.config nil }}',
      printSpaces: '{{ print "a" "b" 1 2 "c" 3.5 true }}|{{ println "x" 1 }}|{{ print nil }}|{{ print .Values.nullValue }}',
      b64: '{{ b64enc "héllo" }} {{ b64dec "aMOpbGxv" }} {{ b32enc "hi" }} {{ b32dec "NBUQ====" }} {{ b64dec "!!bad" }}',
      hashes: '{{ sha256sum "abc" }} {{ sha1sum "abc" }} {{ adler32sum "abc" }} {{ sha512sum "abc" | trunc 16 }} {{ .Values.config | toYaml | sha256sum | trunc 8 }}',
      regex: '{{ regexMatch "^[a-z]+$" "abc" }} {{ regexFind "[0-9]+" "abc123def456" }} {{ regexFindAll "[0-9]" "a1b2c3" -1 }} {{ regexFindAll "[0-9]" "a1b2c3" 2 }} {{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} {{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }} {{ regexSplit "z+" "pizza" -1 }} {{ regexQuoteMeta "1.5-2.0?" }}',
      regexNamed: '{{ regexReplaceAll "(?P<first>\\\\w+) (?P<second>\\\\w+)" "hello world" "$second $first" }}|{{ regexReplaceAll "[^a-z0-9-]" (lower "My_Release.Name") "-" }}',
      shuffleLen: '{{ len "héllo" }} {{ len .Values.list }} {{ len .Values.config }} {{ len .Values.emptyMap }}',
      urls: '{{ urlquery "a b&c=d/é" }} {{ (urlParse "https://user:pw@host.com:8080/path?q=1#frag").host }} {{ (urlParse "https://host.com/p").scheme }} {{ urlJoin (dict "scheme" "http" "host" "h:1" "path" "/x" "query" "a=b") }}',
      htmlJs: '{{ html "<a href=\\"x\\">&\'</a>" }} {{ js "it\'s <b> \\"q\\" \\\\ \\n" }}',
      fmtNumbers: '{{ printf "%s" 5 }}|{{ printf "%v" 5.0 }}|{{ printf "%v" 1e21 }}|{{ printf "%v" 1e20 }}|{{ printf "%v" 0.000001 }}|{{ printf "%v" 0.0000001 }}|{{ 100000000000000000000.0 }}|{{ 1e-7 }}',
      shellQuote: '{{ shellQuote "it\'s here" }}',
      uniqEmpty: '[{{ "" | trunc 3 }}][{{ upper "" }}][{{ splitList "," "" }}][{{ len (splitList "," "") }}]',
      toDecimal: '{{ toDecimal "0777" }} {{ toDecimal "0755" }} {{ toDecimal "abc" }}',
      seq: '{{ seq 5 }}|{{ seq 2 5 }}|{{ seq 5 2 }}|{{ seq 0 2 10 }}|{{ seq 1 0 }}',
    },
  },
  {
    name: 'numbers',
    values: RICH_VALUES,
    snippets: {
      intConv: '{{ int .Values.float }} {{ int .Values.bigInt }} {{ int "42" }} {{ int "abc" }} {{ int nil }} {{ int true }} {{ int64 .Values.biggerInt }} {{ int .Values.sci }} {{ int "3.7" }} {{ int "0x1F" }} {{ int "010" }}',
      floatConv: '{{ float64 .Values.port }} {{ float64 "1.5" }} {{ float64 "abc" }} {{ float64 3 }} {{ float64 .Values.bigInt }} {{ float64 "1e3" }}',
      math: '{{ add 1 2 3 }} {{ sub 10 3 }} {{ mul 2 3 4 }} {{ div 10 3 }} {{ mod 10 3 }} {{ add1 5 }} {{ add .Values.port 1 }} {{ mul .Values.float 2 }} {{ div .Values.bigInt 3 }} {{ add "3" 4 }} {{ sub 0 .Values.bigInt }}',
      mathFloat: '{{ addf 1.5 2 }} {{ subf 10 0.5 }} {{ mulf 1.5 3 }} {{ divf 10 4 }} {{ divf 1 3 }} {{ add1f 1.5 }} {{ mulf 100000 100000 }} {{ maxf 1 2.5 }} {{ minf 1 2.5 }}',
      maxMin: '{{ max 1 5 3 }} {{ min 4 2 8 }} {{ max .Values.port 8080 }} {{ min .Values.float 10 }}',
      rounding: '{{ floor 1.7 }} {{ ceil 1.2 }} {{ round 1.2345 2 }} {{ round 2.5 0 }} {{ round -2.5 0 }} {{ floor .Values.port }} {{ ceil "2.1" }} {{ round 1.005 2 }}',
      atoi: '{{ atoi "42" }} {{ atoi "x" }} {{ atoi "4.2" }} {{ atoi " 1" }}',
      memory: '{{ div (mul 512 1024 1024) 1000000 }}Mi {{ printf "%dMi" (div (mul .Values.bigInt 3) 4) }} {{ mul .Values.bigInt 1000 }}',
      percent: '{{ mulf 0.75 (float64 .Values.bigInt) }} {{ mulf 0.75 (float64 .Values.bigInt) | int }} {{ printf "%.0f" (mulf 0.75 1024.0) }}',
      untilRange: '{{ range $i, $e := until 3 }}{{ $i }}:{{ $e }},{{ end }} {{ untilStep 0 10 3 }} {{ untilStep 10 0 -4 }}',
      rangeInt: '{{ range $i := .Values.replicaCount | int }}{{ $i }}{{ end }}|{{ range 3 }}{{ . }}{{ end }}',
      compare: '{{ eq .Values.port 3306 }} {{ eq .Values.replicaCount 3 }} {{ gt .Values.replicaCount 1 }} {{ lt .Values.float 2 }} {{ eq (int .Values.replicaCount) 3 }} {{ ge (len .Values.list) 4 }} {{ eq "a" "a" "b" }} {{ ne 1 2 }}',
      compareMixed: '{{ eq .Values.port (int64 3306) }}',
      bigFloatPrint: '{{ 1e6 }} {{ 1000000.0 }} {{ 123456789.0 }} {{ 3.0 }} {{ 0.1 }} {{ -0.0 }} {{ 1e100 }} {{ 12345678912345678 }}',
      intFromFloat: '{{ int 1e6 }} {{ int64 1e19 }} {{ int 2.9999 }} {{ int -2.5 }}',
      biggest: '{{ biggest 1 5 3 }} {{ abs -3 }}',
      randLen: '{{ randAlphaNum 10 | len }} {{ randAlpha 5 | len }} {{ randNumeric 4 | len }} {{ randAscii 3 | len }} {{ uuidv4 | len }} {{ randInt 1 2 }}',
    },
    known: { compareMixed: INT64 },
  },
  {
    name: 'types',
    values: RICH_VALUES,
    args: ['--set', 'setInt=5', '--set', 'setBig=12345678901', '--set', 'setFloat=1.5', '--set', 'setBool=true', '--set', 'setNull=null', '--set', 'setStr=abc', '--set-string', 'setForced=5', '--set', 'setZero=0', '--set', 'setLeadZero=007', '--set', 'setNeg=-3'],
    snippets: {
      typeOfValues: '{{ typeOf .Values.port }} {{ typeOf .Values.float }} {{ typeOf .Values.octalString }} {{ typeOf .Values.boolTrue }} {{ typeOf .Values.nullValue }} {{ typeOf .Values.list }} {{ typeOf .Values.config }} {{ typeOf .Values }} {{ typeOf . }} {{ typeOf .Values.missing }}',
      kindOfValues: '{{ kindOf .Values.port }} {{ kindOf .Values.float }} {{ kindOf "s" }} {{ kindOf .Values.boolTrue }} {{ kindOf .Values.nullValue }} {{ kindOf .Values.list }} {{ kindOf .Values.config }} {{ kindOf .Values }} {{ kindOf . }}',
      typeOfSet: '{{ typeOf .Values.setInt }} {{ typeOf .Values.setBig }} {{ typeOf .Values.setFloat }} {{ typeOf .Values.setBool }} {{ typeOf .Values.setNull }} {{ typeOf .Values.setStr }} {{ typeOf .Values.setForced }} {{ typeOf .Values.setZero }} {{ typeOf .Values.setLeadZero }} {{ typeOf .Values.setNeg }}',
      printSet: '{{ .Values.setInt }} {{ .Values.setBig }} {{ .Values.setFloat }} {{ .Values.setBool }} {{ .Values.setNull }} {{ .Values.setForced }} {{ .Values.setLeadZero }} {{ hasKey .Values "setNull" }}',
      kindIsSet: '{{ kindIs "int64" .Values.setInt }} {{ kindIs "float64" .Values.port }} {{ kindIs "string" .Values.setForced }} {{ kindIs "map" .Values.config }} {{ kindIs "slice" .Values.list }} {{ kindIs "invalid" .Values.nullValue }} {{ kindIs "bool" .Values.setBool }}',
      typeIs: '{{ typeIs "int64" .Values.setInt }} {{ typeIs "float64" .Values.port }} {{ typeIs "string" "x" }} {{ typeIsLike "float64" .Values.port }} {{ typeIs "map[string]interface {}" .Values.config }} {{ typeIs "[]interface {}" .Values.list }}',
      mathTypes: '{{ typeOf (add 1 2) }} {{ typeOf (add1 .Values.port) }} {{ typeOf (mul .Values.float 2) }} {{ typeOf (int 3) }} {{ typeOf (int64 3) }} {{ typeOf (float64 3) }} {{ typeOf (len .Values.list) }} {{ typeOf (addf 1 2) }} {{ typeOf (max 1 2) }} {{ typeOf (atoi "3") }} {{ typeOf 3 }} {{ typeOf 3.0 }} {{ typeOf (div 7 2) }} {{ typeOf (floor 1.5) }} {{ typeOf (round 1.5 0) }}',
      typeOfFuncs: '{{ typeOf (list 1) }} {{ typeOf (dict "a" 1) }} {{ typeOf (splitList "," "a") }} {{ typeOf (split "," "a") }} {{ typeOf (b64enc "a") }} {{ typeOf (toYaml .Values.config) }} {{ typeOf (fromYaml "a: 1") }} {{ typeOf (fromJson "{\\"a\\": 1}") }} {{ typeOf ((fromJson "{\\"a\\": 1}").a) }} {{ typeOf ((fromYaml "a: 1").a) }} {{ typeOf (until 2) }} {{ typeOf (seq 2) }} {{ typeOf (keys .Values.config) }} {{ typeOf (semver "1.2.3") }} {{ typeOf now }} {{ typeOf (toStrings (list 1)) }} {{ typeOf (uniq (list 1)) }} {{ typeOf (regexFindAll "a" "aa" -1) }}',
      typeOfObjects: '{{ typeOf .Chart }} {{ typeOf .Release }} {{ typeOf .Capabilities }} {{ typeOf .Files }} {{ typeOf .Template }} {{ typeOf .Capabilities.KubeVersion }} {{ typeOf .Capabilities.APIVersions }} {{ typeOf .Release.Revision }} {{ typeOf .Release.IsInstall }} {{ typeOf .Chart.Version }} {{ typeOf .Chart.Maintainers }} {{ typeOf .Chart.Annotations }}',
      deepEqual: '{{ deepEqual .Values.list (list "b" "a" "c" "a") }} {{ deepEqual .Values.port 3306 }} {{ deepEqual (dict "a" 1) (dict "a" 1) }}',
      setIntMath: '{{ add .Values.setInt 1 }} {{ mul .Values.setInt .Values.float }} {{ eq .Values.setInt 5 }} {{ printf "%d" .Values.setInt }} {{ printf "%v" .Values.setBig }} {{ toJson .Values.setBig }} {{ toYaml .Values.setInt }}',
      setToJson: '{{ pick .Values "setInt" "setBig" "setFloat" "setBool" "setNull" "setStr" "setForced" "setZero" "setLeadZero" "setNeg" | toJson }}',
    },
    known: {
      typeOfSet: INT64,
      kindIsSet: INT64,
      typeIs: INT64,
      mathTypes: INT64,
    },
  },
  {
    name: 'defaults',
    values: RICH_VALUES,
    snippets: {
      default: '{{ default "d" .Values.emptyString }} {{ default "d" .Values.missing }} {{ default 5 .Values.zero }} {{ default "d" .Values.boolFalse }} {{ default "d" .Values.emptyMap }} {{ default "d" .Values.emptyList }} {{ default "d" .Values.nullValue }} {{ default "d" "x" }} {{ .Values.missing | default .Chart.Name }}',
      defaultChain: '{{ .Values.global.imageRegistry | default .Values.image.registry | default "docker.io" }}',
      empty: '{{ empty 0 }} {{ empty "" }} {{ empty false }} {{ empty nil }} {{ empty .Values.emptyMap }} {{ empty .Values.emptyList }} {{ empty .Values.zero }} {{ empty 0.0 }} {{ empty "0" }} {{ empty .Values.list }} {{ empty .Values.missing }} {{ empty (dict) }} {{ empty (list) }}',
      coalesce: '{{ coalesce .Values.emptyString .Values.missing "first" "second" }} {{ coalesce 0 "" false nil }} {{ coalesce .Values.emptyMap .Values.config | toJson }}',
      ternary: '{{ ternary "yes" "no" true }} {{ ternary "yes" "no" false }} {{ true | ternary "a" "b" }} {{ ternary 1 2 (eq .Values.port 3306) }}',
      hasKey: '{{ hasKey .Values "port" }} {{ hasKey .Values "missing" }} {{ hasKey .Values "nullValue" }} {{ hasKey .Values.config "key4" }}',
      dig: '{{ dig "a" "b" "c" "none" .Values.nested }} {{ dig "a" "x" "c" "none" .Values.nested }} {{ dig "key2" 0 .Values.config }} {{ dig "a" "b" "default" .Values.nested | toJson }}',
      digValues: '{{ dig "nested" "a" "b" "c" "nope" .Values }}',
      get: '{{ get .Values.config "key1" }} [{{ get .Values.config "missing" }}] {{ get .Values.config "key2" }}',
      pluck: '{{ pluck "key1" .Values.config (dict "key1" "other") | toJson }} {{ pluck "name" (index .Values.nested.list 0) | first }}',
      keysSorted: '{{ keys .Values.config | sortAlpha | toJson }} {{ keys .Values.config .Values.resources | sortAlpha | join "," }}',
      valuesSorted: '{{ values .Values.resources.limits | sortAlpha | toJson }}',
      rangeMap: '{{ range $k, $v := .Values.config }}{{ $k }}={{ $v }};{{ end }}',
      rangeMapOne: '{{ range .Values.config }}{{ . }},{{ end }}',
      rangeList: '{{ range $i, $v := .Values.mixed }}{{ $i }}={{ $v }};{{ end }}',
      rangeElse: '{{ range .Values.emptyList }}x{{ else }}empty{{ end }} {{ range .Values.emptyMap }}x{{ else }}empty-map{{ end }} {{ range .Values.missing }}x{{ else }}missing{{ end }}',
      withElse: '{{ with .Values.emptyString }}set{{ else }}unset{{ end }} {{ with .Values.config }}{{ .key1 }}{{ end }} {{ with .Values.zero }}z{{ else with .Values.port }}port={{ . }}{{ end }}',
      ifElseIf: '{{ if .Values.boolFalse }}a{{ else if .Values.zero }}b{{ else if .Values.list }}c{{ else }}d{{ end }}',
      andOr: '{{ and 1 0 "x" }} {{ or 0 "" "z" }} {{ and .Values.port .Values.float }} {{ or .Values.missing .Values.emptyString }} {{ not .Values.list }} {{ and (not .Values.boolFalse) true }}',
      andOrShortCircuit: '{{ if and .Values.missing .Values.missing.field }}yes{{ else }}no{{ end }} {{ or .Values.port .Values.missing.field }}',
      rootInRange: '{{ range .Values.list }}{{ $.Release.Name }}-{{ . }},{{ end }}',
      variables: '{{ $x := 1 }}{{ range .Values.list }}{{ $x = add $x 1 }}{{ end }}{{ $x }} {{ $y := "a" }}{{ if true }}{{ $y = "b" }}{{ end }}{{ $y }}',
      breakContinue: '{{ range .Values.numbers }}{{ if eq . 1.0 }}{{ continue }}{{ end }}{{ if eq . 2.0 }}{{ break }}{{ end }}{{ . }}{{ end }}',
      index: '{{ index .Values.list 1 }} {{ index .Values.config "key1" }} {{ index .Values "nested" "a" "b" "c" }} {{ index .Values.mixed 5 "k" }} [{{ index .Values.config "nope" }}]',
      slice: '{{ slice .Values.list 1 3 }} {{ slice .Values.list 2 }} {{ slice "abcdef" 1 3 }}',
      emptyListResults: '{{ rest (list) | toJson }} {{ initial (list) | toJson }} {{ rest (list) }} {{ typeOf (rest (list)) }} {{ reverse (list) | toJson }} {{ compact (list) | toJson }} {{ uniq (list) | toJson }} {{ without (list) 1 | toJson }} {{ chunk 2 (list) | toJson }} {{ concat (list) | toJson }} {{ sortAlpha (list) | toJson }} {{ slice (list) | toJson }} {{ first (list) | toJson }} {{ append (rest (list)) 1 | toJson }} {{ rest (list 1) | toJson }} {{ splitList "," "" | toJson }} {{ toStrings (list) | toJson }} {{ keys (dict) | toJson }} {{ values (dict) | toJson }} {{ until 0 | toJson }} {{ seq 0 | toJson }} {{ regexFindAll "x" "abc" -1 | toJson }} {{ .Files.Lines "nope" | toJson }} {{ pluck "a" (dict) | toJson }}',
      missingKeys: '[{{ .Values.missing }}] [{{ .Values.config.missing }}] [{{ .Values.nullValue }}] [{{ index .Values "missing" }}]',
      lenString: '{{ len .Values.multiline }} {{ .Values.multiline | len }}',
      eqNil: '{{ eq .Values.nullValue nil }}',
      requiredOk: '{{ required "need port" .Values.port }} {{ required "need list" .Values.list | len }}',
      lookup: '{{ lookup "v1" "Secret" "ns" "name" | toJson }} {{ (lookup "v1" "Secret" "ns" "name").data | toJson }} {{ empty (lookup "v1" "ConfigMap" "" "") }} {{ typeOf (lookup "v1" "Secret" "ns" "name") }}',
      lookupIndex: '{{ $s := lookup "v1" "Secret" .Release.Namespace "sec" }}{{ if $s }}found{{ else }}none{{ end }} {{ $s.data }} {{ index $s "data" | toJson }}',
    },
  },
  {
    name: 'dicts',
    values: RICH_VALUES,
    snippets: {
      dict: '{{ dict "b" 2 "a" 1 | toJson }} {{ dict | toJson }} {{ dict "a" | toJson }} {{ dict 1 2 | toJson }}',
      setUnset: '{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $_ := unset $d "a" }}{{ toJson $d }} {{ set (dict) "k" "v" | toJson }}',
      merge: '{{ $a := dict "x" (dict "y" 1 "z" 2) "list" (list 1 2) }}{{ $b := dict "x" (dict "y" 3 "w" 4) "list" (list 9) "n" 5 }}{{ merge $a $b | toJson }} {{ toJson $a }}',
      mergeOverwrite: '{{ $a := dict "x" (dict "y" 1 "z" 2) "e" "keep" }}{{ $b := dict "x" (dict "y" 3) "e" "" "f" nil }}{{ mergeOverwrite $a $b | toJson }}',
      mergeValues: '{{ $m := merge (dict "replicaCount" 9 "extra" true) .Values.resources }}{{ toJson $m }} {{ .Values.resources | toJson }}',
      mergeMutates: '{{ $base := dict "a" (dict "b" 1) }}{{ $o := dict "a" (dict "c" 2) }}{{ $_ := merge $o $base }}{{ toJson $o }} {{ toJson $base }}',
      deepCopy: '{{ $c := deepCopy .Values.nested }}{{ $_ := set $c.a "new" 1 }}{{ toJson $c }} {{ toJson .Values.nested }}',
      omitPick: '{{ omit .Values.config "key1" "key2" | toJson }} {{ pick .Values.config "key1" "nope" | toJson }}',
      toJsonValues: '{{ toJson .Values.config }} {{ toJson .Values.special }} {{ toJson .Values.unicode }} {{ toJson "<>&" }} {{ toJson .Values.multiline }} {{ toJson .Values.bigInt }} {{ toJson .Values.hugeInt }} {{ toJson .Values.sci }} {{ toJson nil }} {{ toJson .Values.emptyMap }}',
      toPrettyJson: '{{ toPrettyJson .Values.nested }}|{{ toPrettyJson .Values.emptyList }}|{{ toRawJson "<a>&" }}|{{ mustToJson .Values.numbers }}',
      fromJson: '{{ $j := fromJson "{\\"b\\": 1, \\"a\\": [1, 2.5, \\"x\\", null, true], \\"big\\": 12345678901234}" }}{{ toJson $j }} {{ $j.big }} {{ typeOf $j.big }} {{ fromJson "bad" | toJson }} {{ fromJsonArray "[1, {\\"a\\": 2}]" | toJson }}',
      jsonRoundTrip: '{{ .Values.config | toJson | fromJson | toYaml }}',
      dictInclude: '{{ include "x.render" (dict "value" .Values.tplMap "context" $) }}',
      listOfDicts: '{{ range .Values.nested.list }}{{ if .enabled }}{{ .name }}{{ end }}{{ end }}',
      getNested: '{{ (.Values.nested.a).b.c }} {{ ((.Values.nested).missing).x }}',
    },
    files: {
      'templates/_x.tpl': '{{- define "x.render" -}}{{- if typeIs "string" .value }}{{- tpl .value .context }}{{- else }}{{- tpl (.value | toYaml) .context }}{{- end }}{{- end -}}',
    },
  },
  {
    name: 'lists',
    values: RICH_VALUES,
    snippets: {
      list: '{{ list 1 "a" nil | toJson }} {{ list | toJson }}',
      appendPrepend: '{{ append .Values.list "z" | toJson }} {{ prepend .Values.list "z" | toJson }} {{ toJson .Values.list }} {{ mustAppend (list) 1 | toJson }}',
      concat: '{{ concat .Values.list .Values.numbers (list "x") | toJson }}',
      firstLast: '{{ first .Values.list }} {{ last .Values.list }} {{ rest .Values.list | toJson }} {{ initial .Values.list | toJson }} [{{ first .Values.emptyList }}] {{ rest .Values.emptyList | toJson }}',
      uniqCompact: '{{ uniq .Values.list | toJson }} {{ compact (list 1 "" nil 0 false "a" (dict) (list)) | toJson }} {{ uniq (list 1 1.0 "1" (dict "a" 1) (dict "a" 1)) | toJson }}',
      withoutHas: '{{ without .Values.list "a" | toJson }} {{ has "a" .Values.list }} {{ has "z" .Values.list }} {{ has 3 .Values.numbers }} {{ has 3.0 .Values.numbers }} {{ .Values.list | has "c" }}',
      sortAlpha: '{{ sortAlpha .Values.list | toJson }} {{ sortAlpha .Values.numbers | toJson }} {{ sortAlpha (list "B" "a" "_" "10" "9") | toJson }}',
      reverse: '{{ reverse .Values.list | toJson }}',
      chunk: '{{ chunk 2 (list 1 2 3 4 5) | toJson }}',
      sliceList: '{{ slice (list 1 2 3 4) 1 3 | toJson }} {{ slice (list 1 2 3) 1 | toJson }}',
      listIndex: '{{ index (list "a" "b") 1 }} {{ index .Values.extraEnvVars 0 "name" }}',
      containsList: '{{ mustHas "a" .Values.list }}',
      rangeAppend: '{{ $l := list }}{{ range .Values.extraEnvVars }}{{ $l = append $l .name }}{{ end }}{{ toJson $l }}',
      listToYaml: '{{ toYaml .Values.extraEnvVars }}\n{{ toYaml .Values.mixed }}',
      listInList: '{{ list (list 1 2) (list) (dict) | toYaml }}',
      mustFuncs: '{{ mustFirst .Values.list }} {{ mustLast .Values.list }} {{ mustUniq .Values.list | toJson }} {{ mustWithout .Values.list "a" | toJson }} {{ mustReverse (list 1 2) | toJson }} {{ mustCompact (list "" 1) | toJson }}',
      sortNumbersFails: '{{ .Values.numbers | sortAlpha | toJson }}',
      splitListRange: '{{ range splitList "," "a, b ,c" }}[{{ trim . }}]{{ end }}',
      dictList: '{{ $l := list (dict "name" "b") (dict "name" "a") }}{{ range $l }}{{ .name }}{{ end }}',
    },
  },
  {
    name: 'yaml',
    values: RICH_VALUES,
    snippets: {
      toYamlMultiline: '{{ toYaml .Values.multiline }}|{{ toYaml .Values.folded }}|{{ toYaml (dict "k" .Values.multiline) }}',
      toYamlSpecial: '{{ toYaml .Values.special }}',
      toYamlStrings: '{{ toYaml (dict "trailing" .Values.trailingSpaces "leading" .Values.leadingSpace "colon" .Values.colonString "hash" .Values.hashString "quote" .Values.quoteString "uni" .Values.unicode "tab" .Values.tabString "nl" .Values.newlineEnd "octal" .Values.octalString "ver" .Values.version) }}',
      toYamlNumbers: '{{ toYaml (dict "big" .Values.bigInt "bigger" .Values.biggerInt "huge" .Values.hugeInt "sci" .Values.sci "float" .Values.float "whole" .Values.floatWhole "neg" .Values.negative "zero" .Values.zero "oct" .Values.octalNumber "hex" .Values.hex "vf" .Values.versionFloat) }}',
      toYamlEmpty: '{{ toYaml .Values.emptyMap }}|{{ toYaml .Values.emptyList }}|{{ toYaml nil }}|{{ toYaml "" }}|{{ toYaml (dict "m" .Values.emptyMap "l" .Values.emptyList "n" nil "s" "") }}',
      toYamlNested: '{{ toYaml .Values.nested }}',
      toYamlConfig: '{{ toYaml .Values.config }}',
      toYamlBools: '{{ toYaml (list .Values.yesString .Values.yesBare .Values.onBare .Values.boolTrue "false" "y" "Y" "n") }}',
      toYamlLongString: '{{ toYaml (dict "long" (repeat 30 "word ")) }}{{ toYaml (dict "longnospace" (repeat 100 "x")) }}',
      toYamlMultilineSpaces: '{{ toYaml (dict "a" "line\\n  indented\\n" "b" "trailing \\nspace" "c" "\\nleading newline" "d" "x\\n\\n\\n" "e" "tab\\there\\nline" "f" "a\\r\\nb") }}',
      toYamlKeys: '{{ toYaml (dict "b" 1 "a" 2 "B" 3 "_" 4 "1" 5 "10" 6 "9" 7 "key with space" 8 "yes" 9 "null" 10 "" 11) }}',
      toYamlIndentPipe: 'data:\n{{ toYaml .Values.podAnnotations | indent 2 }}\nenv:\n{{- toYaml .Values.extraEnvVars | nindent 2 }}',
      fromYaml: '{{ $y := fromYaml "a: 1\\nb: [x, y]\\nc: {d: e}\\nn: null\\nbig: 1000000\\nf: 1.0\\nyes: no\\nver: 1.10" }}{{ toJson $y }} {{ $y.big }} {{ $y.f }}',
      fromYamlError: '{{ fromYaml "a: [" | toJson }}|{{ fromYaml "- a\\n- b" | toJson }}|{{ fromYaml "" | toJson }}',
      fromYamlArray: '{{ fromYamlArray "- a\\n- 1\\n- {b: c}" | toJson }}|{{ fromYamlArray "a: 1" | toJson }}',
      fromYamlAnchors: '{{ $y := fromYaml "base: &b {x: 1}\\nuse: *b\\nmerge:\\n  <<: *b\\n  y: 2" }}{{ toJson $y }}',
      toToml: '{{ toToml .Values.config }}|{{ toToml .Values.nested }}|{{ toToml (dict "a" (list 1 2) "t" (dict "x" "y") "s" "q\\"s") }}',
      tomlValues: '{{ toToml .Values.resources }}',
      yamlRoundTrip: '{{ .Values | toYaml | fromYaml | toYaml | sha256sum }}',
      toYamlPretty: '{{ toYamlPretty .Values.nested }}',
      mustToYaml: '{{ mustToYaml .Values.numbers }}',
      toYamlFloatKeys: '{{ toYaml (fromYaml "1.5: a\\ntrue: b\\n3: c") }}',
    },
    known: { fromYamlError: GO_YAML_ERRORS },
  },
  {
    name: 'objects',
    values: RICH_VALUES,
    chartYaml: `apiVersion: v2
name: snip
version: 1.2.3-beta.1+build
appVersion: 4.5.6
description: A chart for snippets
type: application
kubeVersion: ">=1.19.0-0"
home: https://example.com
icon: https://example.com/icon.png
keywords: [db, sql]
sources: [https://github.com/example/snip]
maintainers:
  - name: Jane
    email: jane@example.com
    url: https://jane.example.com
annotations:
  category: Database
  licenses: Apache-2.0
deprecated: false
`,
    args: ['--namespace', 'prod', '--kube-version', 'v1.29.3', '--api-versions', 'monitoring.coreos.com/v1', '--api-versions', 'monitoring.coreos.com/v1/ServiceMonitor'],
    files: {
      'files/a.txt': 'alpha\nbeta\n',
      'files/b.conf': 'key = value\n',
      'files/sub/c.json': '{"c": 1}\n',
      'files/bin.dat': 'bin',
      'config/app.properties': 'x=1\ny=2',
      '.helmignore': '*.ignored\n',
      'files/skip.ignored': 'no',
    },
    snippets: {
      chart: '{{ .Chart.Name }} {{ .Chart.Version }} {{ .Chart.AppVersion }} {{ .Chart.Description }} {{ .Chart.Type }} {{ .Chart.KubeVersion }} {{ .Chart.Home }} {{ .Chart.Keywords }} {{ .Chart.IsRoot }} {{ .Chart.APIVersion }} {{ .Chart.Deprecated }}',
      chartMaps: '{{ .Chart.Annotations | toJson }} {{ .Chart.Maintainers | toJson }} {{ index .Chart.Annotations "category" }} {{ (index .Chart.Maintainers 0).name }}',
      chartLabel: '{{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}',
      chartToJson: '{{ .Chart | toJson }}',
      release: '{{ .Release.Name }} {{ .Release.Namespace }} {{ .Release.Service }} {{ .Release.IsInstall }} {{ .Release.IsUpgrade }} {{ .Release.Revision }}',
      releaseToJson: '{{ .Release | toJson }}',
      capabilities: '{{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Major }} {{ .Capabilities.KubeVersion.Minor }} {{ .Capabilities.KubeVersion.GitVersion }} {{ .Capabilities.KubeVersion }} {{ .Capabilities.HelmVersion.Version }}',
      capabilitiesHas: '{{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }} {{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1/ServiceMonitor" }} {{ .Capabilities.APIVersions.Has "policy/v1beta1/PodSecurityPolicy" }} {{ .Capabilities.APIVersions.Has "batch/v1/CronJob" }} {{ .Capabilities.APIVersions.Has "networking.k8s.io/v1/Ingress" }} {{ .Capabilities.APIVersions.Has "autoscaling/v2" }} {{ .Capabilities.APIVersions.Has "policy/v1beta1" }} {{ .Capabilities.APIVersions.Has "v1" }}',
      capabilitiesSemver: '{{ semverCompare ">=1.21-0" .Capabilities.KubeVersion.GitVersion }} {{ semverCompare "<1.19" .Capabilities.KubeVersion.Version }} {{ semverCompare "^1.29.0" .Capabilities.KubeVersion.Version }} {{ semverCompare ">=1.29.3-0" .Capabilities.KubeVersion.Version }}',
      capsIngress: '{{- if and (.Capabilities.APIVersions.Has "networking.k8s.io/v1") (semverCompare ">= 1.19-0" .Capabilities.KubeVersion.Version) -}}networking.k8s.io/v1{{- else if .Capabilities.APIVersions.Has "networking.k8s.io/v1beta1" -}}networking.k8s.io/v1beta1{{- else -}}extensions/v1beta1{{- end }}',
      template: '{{ .Template.Name }} {{ .Template.BasePath }}',
      filesGet: '{{ .Files.Get "files/a.txt" }}|{{ .Files.Get "missing.txt" }}|{{ .Files.Get "files/skip.ignored" }}|{{ .Files.Get "Chart.yaml" | len }}|{{ .Files.Get "values.yaml" | len }}|{{ .Files.Get "templates/s000.yaml" | len }}',
      filesGetBytes: '{{ .Files.GetBytes "files/bin.dat" }} {{ typeOf (.Files.GetBytes "files/bin.dat") }}',
      filesGlob: '{{ range $path, $_ := .Files.Glob "files/*" }}{{ $path }},{{ end }}|{{ range $path, $_ := .Files.Glob "files/**" }}{{ $path }},{{ end }}|{{ range $path, $_ := .Files.Glob "**.json" }}{{ $path }},{{ end }}|{{ range $path, $_ := .Files.Glob "files/*.{txt,conf}" }}{{ $path }},{{ end }}',
      filesAsConfig: '{{ (.Files.Glob "files/*").AsConfig }}|{{ (.Files.Glob "config/*").AsConfig | indent 2 }}',
      filesAsSecrets: '{{ (.Files.Glob "files/a.txt").AsSecrets }}',
      filesLines: '{{ range .Files.Lines "files/a.txt" }}[{{ . }}]{{ end }}{{ range .Files.Lines "config/app.properties" }}<{{ . }}>{{ end }}',
      filesGlobGet: '{{ range $path, $bytes := .Files.Glob "files/*.txt" }}{{ $path }}={{ $.Files.Get $path | b64enc }}{{ end }}',
      filesChecksum: '{{ .Files.Get "files/b.conf" | sha256sum }}',
      filesTpl: '{{ tpl (.Files.Get "files/b.conf") . }}',
      subcharts: '{{ .Subcharts | toJson }}',
    },
  },
  {
    name: 'tpl',
    values: RICH_VALUES,
    files: {
      'templates/_helpers.tpl': `{{- define "snip.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "snip.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}
{{- define "snip.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "snip.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}
{{- define "snip.selectorLabels" -}}
app.kubernetes.io/name: {{ include "snip.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
{{- define "snip.recursive" -}}
{{- if gt (int .n) 0 -}}{{ .n }},{{ include "snip.recursive" (dict "n" (sub (int .n) 1)) }}{{- end -}}
{{- end }}
{{- define "snip.tplvalues" -}}
{{- $value := typeIs "string" .value | ternary .value (.value | toYaml) }}
{{- if contains "{{" (toJson .value) }}
  {{- if .scope }}
      {{- tpl (cat "{{- with $.RelativeScope -}}" $value "{{- end }}") (merge (dict "RelativeScope" .scope) .context) }}
  {{- else }}
    {{- tpl $value .context }}
  {{- end }}
{{- else }}
    {{- $value }}
{{- end }}
{{- end -}}
`,
    },
    snippets: {
      tplString: '{{ tpl .Values.tplString . }}',
      tplMap: '{{ tpl (toYaml .Values.tplMap) . }}',
      tplValues: '{{ include "snip.tplvalues" (dict "value" .Values.tplMap "context" $) }}|{{ include "snip.tplvalues" (dict "value" .Values.tplString "context" $) }}|{{ include "snip.tplvalues" (dict "value" .Values.config "context" $) }}',
      tplScope: '{{ include "snip.tplvalues" (dict "value" "{{ .name }}" "context" $ "scope" (index .Values.nested.list 0)) }}',
      tplInclude: '{{ tpl "{{ include \\"snip.fullname\\" . }}" . }}',
      tplDefine: '{{ tpl "{{ define \\"inner\\" }}in{{ end }}{{ template \\"inner\\" }}" . }}',
      tplTemplateName: '{{ tpl "{{ .Template.Name }}|{{ .Template.BasePath }}" . }}',
      tplNoValue: '[{{ tpl "{{ .Values.missing }}" . }}]',
      tplNested: '{{ tpl "{{ tpl \\"{{ .Release.Name }}\\" . }}" . }}',
      fullname: '{{ include "snip.fullname" . }} {{ include "snip.name" . }}',
      labels: '{{ include "snip.labels" . | nindent 4 }}',
      recursive: '{{ include "snip.recursive" (dict "n" 5) }}',
      includeMissingValue: '[{{ include "snip.missing.value" . }}]',
      templateAction: '{{ template "snip.name" . }}',
      blockAction: '{{ block "snip.block" . }}default-block-{{ .Chart.Name }}{{ end }}',
      includeInPipe: '{{ include "snip.selectorLabels" . | indent 2 | trim }}',
      includeToDict: '{{ (include "snip.selectorLabels" . | fromYaml) | toJson }}',
      noValueInclude: '{{ define "snip.nv" }}{{ .Values.nope }}{{ end }}[{{ include "snip.nv" . }}]',
      tplWithDollar: '{{ tpl "{{ $.Release.Name }} {{ $x := 1 }}{{ $x }}" . }}',
      tplWithRange: '{{ tpl "{{ range .Values.list }}{{ . }}{{ end }}" . }}',
      tplNonTemplate: '{{ tpl "plain text" . }}|{{ tpl "" . }}',
      whitespace: 'a  {{- "b" -}}  c\n  {{- /* comment */ -}}\n  d {{/* c2 */}} e',
      comments: '{{- /*\nmultiline comment\n*/ -}}\nx',
      pipelines: '{{ "abc" | upper | printf "%s-%s" "x" }} {{ .Values.list | first | upper }}',
      parens: '{{ (printf "%s" "a") }} {{ ((.Values.nested).a).b.c }} {{ (list 1 2) | len }}',
      methodCall: '{{ .Files.Get "Chart.yaml" | splitList "\\n" | first }}',
      stringEscapes: '{{ "tab\\there" }} {{ `raw\\n` }} {{ \'c\' }} {{ "\\u00e9" }} {{ 0x10 }} {{ 1_000 }} {{ 0b101 }} {{ 0o17 }} {{ 1.5e3 }}',
      nilCompare: '{{ if .Values.missing }}t{{ else }}f{{ end }} {{ if eq .Values.missing nil }}nil{{ end }}',
      dollarVar: '{{ with .Values.config }}{{ $.Chart.Name }}-{{ .key1 }}{{ end }}',
    },
  },
  {
    name: 'semver-dates',
    values: 'version: "1.2.3"\nkube: v1.25.4-gke.100\ntime: "2024-03-05T10:20:30Z"\n',
    snippets: {
      semver: '{{ $v := semver "1.2.3-beta.1+build.5" }}{{ $v.Major }} {{ $v.Minor }} {{ $v.Patch }} {{ $v.Prerelease }} {{ $v.Metadata }} {{ $v.Original }} {{ $v }}',
      semverCompare: '{{ semverCompare ">=1.2.0" "1.2.3" }} {{ semverCompare "~1.2.0" "1.3.0" }} {{ semverCompare "^1.2.0" "1.9.9" }} {{ semverCompare ">=1.21-0" "v1.25.4-gke.100" }} {{ semverCompare ">=1.21" "v1.25.4-gke.100" }} {{ semverCompare "1.x" "1.5.0" }} {{ semverCompare ">1.0, <2.0" "1.5.0" }} {{ semverCompare "<1.0 || >=3.0" "3.1.0" }} {{ semverCompare "!=1.2.3" "1.2.3" }} {{ semverCompare "=1.2" "1.2.0" }} {{ semverCompare "1.2.3 - 1.4.5" "1.4.0" }}',
      semverCompareKube: '{{ semverCompare ">=1.16-0" .Capabilities.KubeVersion.GitVersion }} {{ semverCompare "<1.25-0" .Capabilities.KubeVersion.Version }}',
      semverCmp: '{{ (semver "1.2.3").Compare (semver "1.2.4") }} {{ (semver "1.2.3").LessThan (semver "1.3.0") }} {{ (semver "2.0.0").GreaterThan (semver "1.0.0") }}',
      date: '{{ date "2006-01-02" (toDate "2006-01-02" "2024-03-05") }} {{ toDate "2006-01-02T15:04:05Z07:00" .Values.time | date "Jan 2, 2006 15:04 MST" }} {{ dateInZone "2006-01-02 15:04" (toDate "2006-01-02T15:04:05Z07:00" .Values.time) "UTC" }}',
      dateModify: '{{ (toDate "2006-01-02" "2024-03-05") | dateModify "+24h" | date "2006-01-02" }} {{ toDate "2006-01-02" "bad" | date "2006" }}',
      unixEpoch: '{{ (toDate "2006-01-02" "2024-03-05") | unixEpoch }} {{ dateInZone "2006" (toDate "2006-01-02" "2024-03-05") "Asia/Tokyo" }}',
      durations: '{{ duration 3661 }} {{ duration "95" }} {{ durationRound "2h10m" }} {{ durationRound 90000 }}',
      nowYear: '{{ now | date "2006" | len }} {{ typeOf now }}',
      ago: '{{ typeOf (ago (toDate "2006-01-02" "2024-03-05")) }}',
      htmlDate: '{{ htmlDate (toDate "2006-01-02" "2024-03-05") }} {{ htmlDateInZone (toDate "2006-01-02" "2024-03-05") "UTC" }}',
      toDatePrint: '{{ toDate "2006-01-02" "2024-03-05" }}',
    },
  },
  {
    name: 'set-flags',
    values: 'a: {b: 1, c: [1, 2]}\nlist: [x, y, z]\nkeep: me\nremove: me\nnested: {deep: {x: 1, y: 2}}\n',
    args: [
      '--set', 'a.b=2,a.d=new',
      '--set', 'list[1]=Y',
      '--set', 'remove=null',
      '--set', 'nested.deep.x=null',
      '--set', 'arr={one,two,three}',
      '--set', 'escaped\\.dot=v',
      '--set', 'comma=a\\,b',
      '--set', 'objs[0].name=first,objs[0].port=80,objs[1].name=second',
      '--set', 'empty=',
      '--set', 'emptyList={}',
      '--set', 'bools.t=true,bools.f=false,bools.y=yes',
      '--set', 'num.i=10,num.f=0.5,num.e=1e3,num.big=99999999999999999999,num.neg=-1,num.lead=0123',
      '--set-string', 'str.i=10,str.b=true',
      '--set-json', 'json={"k":[1,2,{"x":null}],"f":1.5}',
      '--set-json', 'jsonnum=12345678901234',
      '--set', 'sparse[2]=c',
      '--set', 'a.c[3]=9',
      '--set', 'eq=a=b',
      '--set', 'url=http://x.com/?a=b',
    ],
    snippets: {
      allValues: '{{ toJson .Values }}',
      allYaml: '{{ toYaml .Values }}',
      types: '{{ typeOf .Values.num.i }} {{ typeOf .Values.num.f }} {{ typeOf .Values.num.e }} {{ typeOf .Values.num.big }} {{ typeOf .Values.num.lead }} {{ typeOf .Values.str.i }} {{ typeOf .Values.json.f }} {{ typeOf .Values.jsonnum }} {{ typeOf .Values.empty }} {{ typeOf .Values.emptyList }}',
      print: '{{ .Values.num.i }} {{ .Values.num.e }} {{ .Values.num.big }} {{ .Values.jsonnum }} {{ .Values.sparse }} {{ .Values.a.c }}',
    },
    known: { types: INT64 },
  },
  {
    name: 'set-flags-2',
    values: 'image:\n  tag: latest\nlist:\n  - name: a\n    value: 1\n',
    args: ['--set', 'image.tag=1.0', '--set', 'image.tag=2.0', '--set', 'list[0].value=5', '--set', 'name={a, b}', '--set', 'x[0]=1,x[1]=2', '--set-string', 'tag=1.10', '--set', 'ver=1.10', '--set', 'z=0x10', '--set', 'path=a/b\\=c', '--set', 'spaces= a b '],
    snippets: {
      all: '{{ toJson .Values }}',
      ver: '{{ .Values.ver }} {{ .Values.tag }} {{ .Values.z }} {{ typeOf .Values.z }}',
    },
  },
  {
    name: 'exotic',
    values: RICH_VALUES,
    args: ['--kube-version', '1.30.2'],
    files: {
      'templates/_defs.tpl': '{{- define "exotic.cm" -}}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  a: "1"\n{{- end -}}\n{{- define "exotic.list" -}}\n- a\n- b\n{{- end -}}',
      'templates/cm.yaml': '{{ include "exotic.cm" . }}',
    },
    snippets: {
      capabilitiesString: '{{ .Capabilities | toString }}',
      capabilitiesPrint: '{{ printf "%v" .Capabilities.KubeVersion }}|{{ printf "%+v" .Capabilities.KubeVersion }}|{{ .Capabilities.HelmVersion }}',
      supportsHelmVersion: '{{ if regexMatch "{(v[0-9])*[^}]*}}$" (.Capabilities | toString ) }}yes{{ else }}no{{ end }}',
      capabilitiesJson: '{{ .Capabilities.KubeVersion | toJson }}|{{ .Capabilities.HelmVersion | toJson }}',
      apiVersionsLen: '{{ gt (len .Capabilities.APIVersions) 10 }}',
      releasePrint: '{{ .Release }}',
      filesPrint: '{{ len .Files }}',
      templatePrint: '{{ .Template }}',
      checksumInclude: '{{ include (print $.Template.BasePath "/cm.yaml") . | sha256sum }}',
      includeFromYaml: '{{ (include "exotic.cm" . | fromYaml).data | toJson }}',
      includeFromYamlArray: '{{ include "exotic.list" . | fromYamlArray | toJson }}',
      fullFile: '{{ include "snip/templates/cm.yaml" . | len }}',
      unicodeTrunc: '{{ "héllo wörld" | trunc 2 }}|{{ "日本語テキスト" | trunc 4 | len }}|{{ substr 0 2 "日本" | len }}',
      unicodeUpper: '{{ upper "straße" }} {{ title "élan vital" }} {{ lower "İSTANBUL" | len }}',
      mergeOverwriteNested: '{{ $d := dict "a" (dict "b" (list 1 2) "c" "x") }}{{ mergeOverwrite $d (dict "a" (dict "b" (list 3))) | toJson }}',
      mergeEmptyValues: '{{ merge (dict "a" "" "b" 0 "c" false "d" nil) (dict "a" "A" "b" 1 "c" true "d" "D" "e" "E") | toJson }}',
      mergeOverwriteEmpty: '{{ mergeOverwrite (dict "a" "A" "b" 1 "c" true) (dict "a" "" "b" 0 "c" false) | toJson }}',
      deepCopyValues: '{{ $v := deepCopy .Values }}{{ $_ := set $v "replicaCount" 9 }}{{ .Values.replicaCount }} {{ $v.replicaCount }} {{ typeOf $v }}',
      setReturnsDict: '{{ $d := dict }}{{ set $d "a" 1 | toJson }} {{ unset $d "a" | toJson }}',
      hasKeyNil: '{{ hasKey (dict "a" nil) "a" }}',
      defaultZeroInt: '{{ default 10 0 }} {{ default 10 .Values.zero }} {{ default "x" (list) | toJson }}',
      coalesceNested: '{{ coalesce (.Values.nested).x ((.Values.nested).a).b "none" | toJson }}',
      quoteNested: '{{ .Values.resources.limits | toYaml | quote }}',
      printfPercent: '{{ printf "100%%" }} {{ printf "%s%%" "50" }} {{ printf "%5.1f%%" 12.345 }}',
      printfWidth: '{{ printf "%-10s|%10s|%x|%X|%o|%b|%c|%U" "left" "right" "hi" 255 8 5 65 65 }}',
      printfQuoted: '{{ printf "%q" .Values.list }} {{ printf "%q" 42 }} {{ printf "%v" (list "a b" "c") }} {{ printf "%s" (list 1 2) }} {{ printf "%d" (list 1 2) }}',
      printfPointer: '{{ printf "%v" .Values.emptyList }} {{ printf "%v" (dict "k" nil) }} {{ printf "%s" nil }} {{ printf "%d" nil }}',
      sprintfBool: '{{ printf "%v %t %s" true false true }}',
      floatFormatting: '{{ 0.1 }} {{ add 0.1 0.2 }} {{ addf 0.1 0.2 }} {{ mulf 3 0.1 }} {{ divf 2 3 }} {{ 1.0 }} {{ 100.0 }} {{ 123456.0 }} {{ 1234567.0 }} {{ -1e-5 }} {{ 5e-324 }} {{ 1.7976931348623157e308 }}',
      floatValuesToJson: '{{ toJson (list 1.0 1.5 1e6 1e21 1e-7 123456789.0 0.1) }}',
      floatValuesToYaml: '{{ toYaml (list 1.0 1.5 1e6 1e21 1e-7 123456789.0 0.1 -0.0) }}',
      intFromString: '{{ int "  42" }} {{ int "42abc" }} {{ int "-17" }} {{ int64 "1e3" }} {{ int "1_000" }} {{ float64 "0x1p-2" }} {{ float64 "inf" }} {{ float64 " 2" }}',
      toStringFloat: '{{ toString 1e6 }} {{ toString 1.5e-7 }} {{ toString .Values.biggerInt }} {{ toString (int .Values.biggerInt) }}',
      regexFindAllSubmatch: '{{ regexFindAll "(a)(b)?" "abaab" -1 | toJson }} {{ regexFind "x*" "abc" | quote }} {{ regexReplaceAll "x*" "abc" "-" }} {{ regexSplit "," "a,b,c" 2 | toJson }} {{ regexSplit "" "abc" -1 | toJson }}',
      regexUnicode: '{{ regexReplaceAll "\\s+" "a \t\n b" " " }} {{ regexMatch "^\\p{L}+$" "héllo" }} {{ regexReplaceAll "(?i)HELLO" "hello Hello" "x" }} {{ regexFindAll "[[:alpha:]]+" "ab1cd" -1 | toJson }}',
      regexMultiline: '{{ regexReplaceAll "(?m)^#.*$" "# c\nkeep\n# d" "" | quote }}',
      replaceEmpty: '{{ replace "" "-" "abc" }}',
      splitEdge: '{{ split "" "abc" | toJson }} {{ splitList "" "abc" | toJson }} {{ splitn "," 0 "a,b" | toJson }} {{ splitn "," -1 "a,b" | toJson }}',
      joinNonList: '{{ join "," "abc" }} {{ join "," nil }} {{ join "," (list (list 1 2) (dict "a" 1)) }}',
      sortAlphaMixed: '{{ sortAlpha (list 3 1.5 "b" true nil) | toJson }}',
      uniqMaps: '{{ uniq (list (dict "a" 1) (dict "a" 1) (list 1) (list 1)) | toJson }}',
      withoutMaps: '{{ without (list (dict "a" 1) 1 "1") (dict "a" 1) | toJson }}',
      hasMixed: '{{ has 1 (list 1.0) }} {{ has "1" (list 1) }} {{ has nil (list nil) }} {{ has (list 1) (list (list 1)) }}',
      emptyStruct: '{{ empty .Capabilities }} {{ empty .Files }} {{ empty .Release }}',
      lenNil: '{{ len (list) }} {{ len (dict) }} {{ len "" }}',
      eqCross: '{{ eq 1 1.0 }} {{ eq "1" 1 }}',
      eqNilNil: '{{ eq nil nil }}',
      ltStrings: '{{ lt "a" "b" }} {{ lt 1 2.5 }} {{ lt .Values.port 4000 }}',
      notEmptyCheck: '{{ not (empty .Values.config.key4) }}',
      andValue: '{{ and "a" "b" }} {{ or "" 0 }} {{ and }}',
      b64encBytes: '{{ .Files.GetBytes "Chart.yaml" | len }} {{ b64enc (.Files.Get "nothing") | quote }}',
      toJsonStruct: '{{ .Capabilities | toJson }}',
      toYamlStruct: '{{ .Capabilities.KubeVersion | toYaml }}',
      urlParseFull: '{{ urlParse "postgres://user:p%40ss@db:5432/app?sslmode=disable" | toJson }}',
      semverFields: '{{ $v := semver "v1.2.3-rc.1" }}{{ $v.Original }} {{ $v.String }} {{ printf "%v" $v }} {{ $v | toJson }}',
      pathFuncs: '{{ base "a/b/c.txt" }} {{ dir "a/b/c.txt" }} {{ ext "a/b/c.tar.gz" }} {{ clean "a//b/../c/" }} {{ isAbs "/a" }} {{ osBase "a/b" }}',
      listChain: '{{ (list 1 2 3 | rest | first) }} {{ index (list (list 1 2) (list 3 4)) 1 0 }}',
      dictDeep: '{{ $d := dict "a" (dict "b" (dict "c" 1)) }}{{ $d.a.b.c }} {{ index $d "a" "b" "c" }} {{ (index $d "a").b.c }}',
      varScoping: '{{ $x := "outer" }}{{ range list 1 2 }}{{ $x := "inner" }}{{ end }}{{ $x }} {{ with $y := 5 }}{{ $y }}{{ end }} {{ range $i, $e := list "a" }}{{ $i }}{{ $e }}{{ end }}',
      rangeBreakElse: '{{ range $k, $v := dict "a" 1 "b" 2 }}{{ if eq $k "b" }}{{ break }}{{ end }}{{ $k }}{{ end }}',
      rangeDictRoot: '{{ range $name, $val := .Values.resources }}{{ $name }}:{{ range $k, $v := $val }}{{ $k }}={{ $v }},{{ end }};{{ end }}',
      trimWhitespaceVariants: '{{ "a" }} {{- "b" }} {{ "c" -}} {{ "d" }}\n\n  {{- "e" -}}\n\n  f',
      commentTrim: 'a {{- /* x */ -}} b {{/* y */}} c',
      nestedTpl: '{{ tpl (toYaml (dict "a" "{{ .Release.Name }}" "b" (list "{{ .Chart.Name }}"))) . }}',
      tplValuesInclude: '{{ tpl "{{ include \\"exotic.list\\" . }}" . }}',
      dollarInTpl: '{{ tpl "{{ $.Values.port }}{{ .Values.port }}" . }}',
      tplOnStructPassed: '{{ tpl "{{ .Name }}" .Release }}',
      requiredInTpl: '{{ tpl "{{ required \\"x\\" .Values.port }}" . }}',
      getDefault: '{{ get (dict) "missing" | quote }} {{ get .Values "port" }}',
      ternaryTypes: '{{ ternary 1 "s" true | typeOf }} {{ ternary (list 1) nil false | toJson }}',
      fromJsonNumbers: '{{ $j := fromJson "{\\"a\\": 1, \\"b\\": 1.5, \\"c\\": 10000000, \\"d\\": 1e2}" }}{{ $j.a }} {{ $j.b }} {{ $j.c }} {{ $j.d }} {{ toYaml $j }}',
      toRawJsonEscapes: '{{ toRawJson (dict "html" "<a href=\\"x\\">&</a>" "u" "\\u2028") }} {{ toJson (dict "html" "<a>&") }}',
      mustToPrettyJsonNested: '{{ mustToPrettyJson (dict "a" (list) "b" (dict) "c" (list (dict "d" 1))) }}',
    },
    known: {
      unicodeTrunc: 'trunc cuts bytes: Go keeps the half rune (invalid UTF-8), a JavaScript string holds U+FFFD (3 bytes) instead',
    },
  },
  {
    name: 'kube-suffix',
    args: ['--kube-version', 'v1.28.3-gke.1245000'],
    chartYaml: 'apiVersion: v2\nname: snip\nversion: 1.0.0\nkubeVersion: ">=1.25.0-0"\n',
    snippets: {
      version: '{{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.GitVersion }} {{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.Major }} {{ .Capabilities.KubeVersion.Minor }}',
      semver: '{{ semverCompare ">=1.28-0" .Capabilities.KubeVersion.Version }} {{ semverCompare ">=1.28.3" .Capabilities.KubeVersion.Version }} {{ semverCompare ">=1.28.3" .Capabilities.KubeVersion.GitVersion }} {{ semverCompare "<1.29" .Capabilities.KubeVersion.Version }}',
      printed: '{{ printf "%v|%+v|%s" .Capabilities.KubeVersion .Capabilities.KubeVersion .Capabilities.KubeVersion }}',
      trimmed: '{{ regexReplaceAll "^v?([0-9]+\\.[0-9]+\\.[0-9]+).*" .Capabilities.KubeVersion.Version "${1}" }} {{ .Capabilities.KubeVersion.Version | trimPrefix "v" | splitList "-" | first }}',
      minorInt: '{{ .Capabilities.KubeVersion.Minor | int }} {{ .Capabilities.KubeVersion.Minor | replace "+" "" }}',
    },
  },
  {
    name: 'kube-plus-minor',
    args: ['--kube-version', '1.27+'],
    snippets: {
      version: '{{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Minor }}',
    },
  },
  {
    name: 'yaml-strings',
    values: "{\"strings\": [\"a: b\", \"a:b\", \"a :b\", \" a\", \"a \", \"a #b\", \"a#b\", \"#a\", \"- a\", \"-a\", \"-\", \"--\", \"---\", \"...\", \"? a\", \"?a\", \":a\", \"a:\", \"a,b\", \"[a]\", \"{a}\", \"*a\", \"&a\", \"!a\", \"%a\", \"@a\", \"`a\", \"'a\", \"\\\"a\", \"a'b\", \"a\\\"b\", \"~\", \"null\", \"Null\", \"NULL\", \"nULL\", \"yes\", \"Yes\", \"YES\", \"y\", \"Y\", \"n\", \"N\", \"no\", \"on\", \"On\", \"off\", \"true\", \"TRUE\", \"tRUE\", \"=\", \"<<\", \"12:30:00\", \"1:2\", \"190:20:30\", \"2001-12-14\", \"2001-12-14 21:59:43.10 -5\", \"0.\", \".5\", \"+.5\", \"1_000\", \"1,000\", \"0b101\", \"0o17\", \"0x1F\", \"0x\", \"017\", \"08\", \"09.5\", \"+12\", \"-12\", \"1e3\", \"1E3\", \"1e+3\", \".inf\", \"+.inf\", \"-.inf\", \".Inf\", \".NaN\", \".nan\", \"inf\", \"nan\", \"0\", \"-0\", \"00\", \"1.2.3\", \"v1\", \"1.0\", \"1.10\", \"a\\tb\", \"\\ta\", \"a\\rb\", \"a b\", \" \", \"é\", \"日本\", \"😀\", \"a​b\", \"\\u0007\", \"a\\\\b\", \"a\\\\\", \"tab\\t\", \"multi\\nline\", \"multi\\nline\\n\", \"multi\\nline\\n\\n\", \"\\nleading\", \"trailing \\nspace\", \"  indented\\nx\", \"x\\n  indented\", \"a\\n\\tb\", \"crlf\\r\\nline\", \"line\\r\", \"|\", \">\", \"|-\", \"a|b\", \"%\", \"@\", \"`\", \",\", \"[\", \"]\", \"{\", \"}\", \"#\", \"&\", \"*\", \"!\", \"a b c\", \"a  b\", \"a　b\", \"\", \" \", \"  \", \"\\n\", \"\\n\\n\", \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\", \"word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word\", \"word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word \", \"a xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx b\", \"https://example.com/a?b=c&d=e#f\", \"key=value\", \"${VAR}\", \"{{ .Values.x }}\", \"C:\\\\path\", \"$(cmd)\", \"a: b: c\", \"- - a\"], \"keys\": {\"a b\": \"v\", \"a:b\": \"v\", \"a: b\": \"v\", \"-a\": \"v\", \"1\": \"v\", \"1.5\": \"v\", \"true\": \"v\", \"null\": \"v\", \"yes\": \"v\", \"~\": \"v\", \"\": \"v\", \" \": \"v\", \"#k\": \"v\", \"k#\": \"v\", \"é\": \"v\", \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\": \"v\", \"[k]\": \"v\", \"{k}\": \"v\", \"k,\": \"v\", \"?\": \"v\", \"a\\nb\": \"v\"}, \"nested\": {\"l\": [[\"a: b\", \"a:b\", \"a :b\", \" a\", \"a \"], {\"m\": [\"a #b\", \"a#b\", \"#a\", \"- a\", \"-a\"]}], \"e\": {}, \"n\": null}}",
    snippets: {
      toYamlStrings: '{{ toYaml .Values.strings }}',
      toYamlKeys: '{{ toYaml .Values.keys }}',
      toYamlNested: '{{ toYaml .Values.nested }}',
      toYamlEach: '{{ range .Values.strings }}{{ toYaml (dict "k" .) }}{{ end }}',
      toJsonStrings: '{{ toJson .Values.strings }}',
      toPrettyJsonKeys: '{{ toPrettyJson .Values.keys }}',
      quoteEach: '{{ range .Values.strings }}{{ quote . }}|{{ squote . }}|{{ end }}',
      toTomlKeys: '{{ toToml .Values.keys }}',
      fromYamlRoundTrip: '{{ toYaml .Values | fromYaml | toYaml }}',
    },
  },
  {
    name: 'chart-idioms',
    values: `
loki:
  config: |
    auth_enabled: {{ .Values.loki.auth_enabled }}
    server:
      http_listen_port: {{ .Values.loki.server.http_listen_port }}
      grpc_listen_port: 9095
    common:
      path_prefix: /var/loki
      replication_factor: {{ .Values.loki.commonConfig.replication_factor }}
    {{- with .Values.loki.limits_config }}
    limits_config:
      {{- tpl (toYaml .) $ | nindent 4 }}
    {{- end }}
  auth_enabled: true
  server:
    http_listen_port: 3100
  commonConfig:
    replication_factor: 3
  limits_config:
    reject_old_samples: true
    max_cache_freshness_per_query: 10m
    ingestion_rate_mb: 4
  structuredConfig:
    server:
      log_level: debug
    ruler:
      storage:
        type: local
server:
  enabled: "-"
global:
  enabled: true
  image: hashicorp/consul:1.16.0
replicas: 3
imageTag: 8.5.1
clusterName: elasticsearch
nodeGroup: master
esConfig:
  elasticsearch.yml: |
    xpack.security.enabled: false
  log4j2.properties: |
    key = value
agents:
  image:
    tag: 7.50.3-jmx
datadog:
  apiKey: ""
  tags: [env:prod, team:core]
  env:
    - name: DD_A
      value: "1"
`,
    files: {
      'templates/_idioms.tpl': `{{- define "loki.calculatedConfig" -}}
{{ tpl (mergeOverwrite (tpl .Values.loki.config . | fromYaml) .Values.loki.structuredConfig | toYaml) . }}
{{- end }}
{{- define "elasticsearch.uname" -}}
{{- printf "%s-%s" .Values.clusterName .Values.nodeGroup -}}
{{- end -}}
{{- define "elasticsearch.endpoints" -}}
{{- $replicas := int (toString (.Values.replicas)) }}
{{- $uname := (include "elasticsearch.uname" .) }}
  {{- range $i, $e := untilStep 0 $replicas 1 -}}
{{ $uname }}-{{ $i }},
  {{- end -}}
{{- end -}}
{{- define "elasticsearch.esMajorVersion" -}}
{{- $version := int (index (.Values.imageTag | splitList ".") 0) -}}
{{- $version -}}
{{- end -}}
{{- define "consul.serverEnabled" -}}
{{- if (or (and (ne (.Values.server.enabled | toString) "-") .Values.server.enabled) (and (eq (.Values.server.enabled | toString) "-") .Values.global.enabled)) -}}true{{- end -}}
{{- end -}}
{{- define "get-agent-version" -}}
{{- $version := .Values.agents.image.tag | toString | trimSuffix "-jmx" -}}
{{- $length := len (split "." $version) -}}
{{- if and (eq $length 1) (eq $version "6") -}}
{{- $version = "6.55.1" -}}
{{- else if and (eq $length 1) (eq $version "7") -}}
{{- $version = "7.50.3" -}}
{{- else if and (eq $length 1) (eq $version "latest") -}}
{{- $version = "7.50.3" -}}
{{- end -}}
{{- $version -}}
{{- end -}}
`,
    },
    snippets: {
      lokiConfig: '{{ include "loki.calculatedConfig" . }}',
      lokiConfigChecksum: '{{ include "loki.calculatedConfig" . | sha256sum }}',
      esEndpoints: '{{ include "elasticsearch.endpoints" . }}|{{ include "elasticsearch.esMajorVersion" . }}',
      esConfig: '{{- range $path, $config := .Values.esConfig }}\n  {{ $path }}: |\n{{ $config | indent 4 -}}\n{{- end -}}',
      consulServer: '[{{ include "consul.serverEnabled" . }}]',
      datadogVersion: '{{ include "get-agent-version" . }} {{ semverCompare ">=7.36.0-0" (include "get-agent-version" .) }} {{ regexReplaceAll "-jmx$" .Values.agents.image.tag "" }}',
      datadogTags: '{{ .Values.datadog.tags | join " " | quote }}',
      envFromList: '{{- range .Values.datadog.env }}\n- name: {{ .name }}\n  value: {{ .value | quote }}\n{{- end }}',
      untilFloat: '{{ range $i := until (int .Values.replicas) }}{{ $i }}{{ end }}',
      fromYamlIncludeMerge: '{{ $a := include "loki.calculatedConfig" . | fromYaml }}{{ $b := dict "server" (dict "x" 1) }}{{ toYaml (mergeOverwrite $a $b) }}',
    },
  },
  {
    name: 'kube-four-components',
    args: ['--kube-version', 'v1.31.0.5'],
    snippets: {
      version: '{{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Major }}.{{ .Capabilities.KubeVersion.Minor }} {{ semverCompare ">=1.31.0-0" .Capabilities.KubeVersion.Version }}',
    },
  },
  {
    name: 'kube-empty-flag',
    args: ['--kube-version', ''],
    snippets: {
      version: '{{ .Capabilities.KubeVersion }}',
    },
  },
  {
    name: 'kube-bad-flag',
    args: ['--kube-version', '1'],
    snippets: {
      version: '{{ .Capabilities.KubeVersion }}',
    },
  },
  {
    name: 'engine-edges',
    values: RICH_VALUES,
    snippets: {
      templateNilDot: '{{ define "e.dot" }}[{{ . }}]{{ end }}{{ template "e.dot" }}{{ template "e.dot" nil }}{{ template "e.dot" 1 }}',
      includeNilDot: '{{ define "e.dot2" }}[{{ . }}]{{ end }}{{ include "e.dot2" nil }}',
      printNilValues: '{{ .Values.nullValue }}|{{ print .Values.nullValue }}|{{ printf "%v" .Values.nullValue }}|{{ .Values.config.key4 }}|{{ index .Values.mixed 4 }}',
      noValueInFunc: '{{ .Values.missing | quote }}|{{ .Values.missing | toString }}|{{ .Values.missing | toJson }}|{{ .Values.missing | default "d" }}|{{ .Values.missing | toYaml }}',
      mapWithNilPrint: '{{ .Values.config }}',
      listWithNilPrint: '{{ .Values.mixed }}',
      nestedMapPrint: '{{ .Values.nested }}',
      boolOps: '{{ not 0 }} {{ not "" }} {{ not (list) }} {{ and 1 (list) }} {{ or (dict) "x" }}',
      eqVariants: '{{ eq .Values.yesString "yes" }} {{ eq .Values.yesBare true }} {{ eq .Values.octalNumber 493.0 }} {{ eq .Values.hex 31.0 }} {{ eq .Values.versionFloat 1.1 }}',
      compareStringsNumbers: '{{ lt "10" "9" }} {{ gt 10.0 9.0 }} {{ le 2 2 }} {{ ge "b" "a" }}',
      indexNegative: '{{ index .Values.list 0 }}',
      rangeIndexType: '{{ range $i, $v := .Values.list }}{{ printf "%T" $i }}{{ end }}',
      rangeMapKeyOrder: '{{ range $k, $v := dict "b" 1 "B" 2 "a" 3 "_" 4 "10" 5 "9" 6 "é" 7 }}{{ $k }}{{ end }}',
      variableRedefine: '{{ $a := 1 }}{{ $a := 2 }}{{ $a }}',
      pipelineInParen: '{{ (list 1 2 | len) }} {{ len (list 1 2) | add 1 }}',
      chainedFieldOnFunc: '{{ (dict "a" (dict "b" "c")).a.b }}',
      fieldOnNilMap: '{{ .Values.emptyMap.x }}',
      commentOnly: '{{/* nothing */}}',
      whitespaceTrimNewlines: 'a\n\n{{- "b" -}}\n\nc',
      unicodeInTemplate: 'héllo {{ "wörld" | upper }} 日本',
      longPipeline: '{{ "  Hello, World  " | trim | lower | replace "," "" | replace " " "-" | trunc 8 | trimSuffix "-" | quote }}',
      printfNested: '{{ printf "%s=%s" "a" (printf "%d" 1) }}',
      multilineAction: '{{ dict\n  "a" 1\n  "b" 2\n  | toJson }}',
      rawStringNewline: '{{ `line1\nline2` }}',
      charConstant: '{{ printf "%c %v %T" \'a\' \'a\' \'a\' }}',
      complexConst: '{{ printf "%v" 1i }}',
      hexFloat: '{{ 0x1p4 }} {{ 1e2 }} {{ 0x10 }} {{ 010 }} {{ 0o10 }}',
      bigConstants: '{{ 9223372036854775807 }} {{ 18446744073709551615 }} {{ 1e400 | printf "%v" }}',
      nilAnnotations: '{{ .Chart.Annotations.images | quote }} {{ index .Chart.Annotations "x" | quote }} {{ printf "%v|%T" .Chart.Annotations .Chart.Annotations }} {{ .Chart.Annotations | toJson }} {{ len .Chart.Annotations }} {{ empty .Chart.Annotations }} {{ .Chart.Annotations | toYaml }}',
    },
  },
  {
    name: 'rare-functions',
    values: RICH_VALUES,
    snippets: {
      any: '{{ any "" 0 "x" }} {{ any "" 0 }} {{ any }}',
      aliases: '{{ date_in_zone "2006-01-02" (toDate "2006-01-02" "2024-03-05") "UTC" }} {{ date_modify "-1h" (toDate "2006-01-02" "2024-03-05") | date "2006-01-02T15" }} {{ must_date_modify "1h" (toDate "2006-01-02" "2024-03-05") | date "15" }} {{ mustDateModify "2h" (toDate "2006-01-02" "2024-03-05") | date "15" }}',
      derivePassword: '{{ derivePassword 1 "long" "password" "user" "example.com" }} {{ derivePassword 2 "maximum" "secret" "jane" "site.org" }} {{ derivePassword 3 "pin" "p" "u" "s" }} {{ derivePassword 1 "basic" "p" "u" "s" }} {{ derivePassword 1 "short" "p" "u" "s" }} {{ derivePassword 1 "medium" "p" "u" "s" }} {{ derivePassword 1 "name" "p" "u" "s" }} {{ derivePassword 1 "phrase" "p" "u" "s" }}',
      decryptAES: '{{ "30tEfhuJSVRhpG97XCuWgz2okj7L8vQ1s6V9zVUPeDQ=" | decryptAES "secretkey" }}|{{ encryptAES "k" "" | len | lt 0 }}',
      fromToml: '{{ fromToml "a = 1\nb = \"x\"\n[t]\nc = [1, 2]\nd = 1.5\ne = true" | toJson }} {{ (fromToml "bad = ") | toJson }}',
      genRandomLens: '{{ genPrivateKey "rsa" | len | lt 100 }} {{ genPrivateKey "ecdsa" | hasPrefix "-----BEGIN EC PRIVATE KEY-----" }} {{ genPrivateKey "ed25519" | hasPrefix "-----BEGIN PRIVATE KEY-----" }} {{ genPrivateKey "dsa" | hasPrefix "-----BEGIN DSA" }} {{ genPrivateKey "nope" }}',
      genCerts: '{{ $ca := genCA "my-ca" 365 }}{{ $c := genSignedCert "svc" (list "10.0.0.1") (list "svc.ns.svc" "svc") 365 $ca }}{{ $c.Cert | hasPrefix "-----BEGIN CERTIFICATE-----" }} {{ $c.Key | hasPrefix "-----BEGIN RSA PRIVATE KEY-----" }} {{ $s := genSelfSignedCert "self" nil nil 30 }}{{ $s.Cert | hasPrefix "-----BEGIN CERTIFICATE-----" }} {{ typeOf $ca }}',
      genCertsWithKey: '{{ $k := genPrivateKey "ecdsa" }}{{ $ca := genCAWithKey "ca" 10 $k }}{{ $ca.Key | eq $k }} {{ $c := genSignedCertWithKey "c" nil nil 10 $ca $k }}{{ $c.Key | eq $k }} {{ $s := genSelfSignedCertWithKey "s" nil nil 10 $k }}{{ $s.Key | eq $k }}',
      buildCustomCert: '{{ $c := buildCustomCert "Zm9v" "YmFy" }}{{ $c.Cert }} {{ $c.Key }}',
      getHostByName: '[{{ getHostByName "localhost" }}]',
      htpasswdBcrypt: '{{ htpasswd "user" "pass" | hasPrefix "user:$2a$10$" }} {{ bcrypt "pass" | hasPrefix "$2a$10$" }} {{ htpasswd "us:er" "p" }}',
      mustVariants: '{{ mustChunk 2 (list 1 2 3) | toJson }} {{ mustDeepCopy .Values.list | toJson }} {{ mustInitial .Values.list | toJson }} {{ mustMerge (dict "a" 1) (dict "b" 2) | toJson }} {{ mustPrepend .Values.list "z" | toJson }} {{ mustPush .Values.list "z" | toJson }} {{ push .Values.list "y" | toJson }} {{ mustRest .Values.list | toJson }} {{ mustSlice .Values.list 1 2 | toJson }} {{ mustToRawJson (dict "a" "<b>") }}',
      mustRegex: '{{ mustRegexFind "a+" "baaa" }} {{ mustRegexFindAll "a" "aba" -1 | toJson }} {{ mustRegexReplaceAll "a" "aba" "x" }} {{ mustRegexReplaceAllLiteral "a" "aba" "$1" }} {{ mustRegexSplit "b" "aba" -1 | toJson }}',
      osPath: '{{ osClean "a//b/../c" }} {{ osDir "a/b/c" }} {{ osExt "x.tar.gz" }} {{ osIsAbs "/x" }}',
      randBytesShuffle: '{{ randBytes 12 | b64dec | len }} {{ shuffle "abc" | len }}',
      trimall: '{{ trimall "$" "$5.00$" }}',
      tuple: '{{ tuple 1 "a" nil | toJson }} {{ typeOf (tuple) }}',
      sha: '{{ sha1sum "" }} {{ sha256sum "" }} {{ adler32sum "" }}',
      encodings: '{{ b64enc "" }}|{{ b32enc "a" }}|{{ "YQ" | b64dec }}|{{ "a===" | b64dec }}',
      semverUtils: '{{ (semver "1.2.3").IncMajor }} {{ ((semver "1.2.3").IncMinor).String }} {{ (semver "1.2.3-beta").IncPatch }} {{ (semver "v1.2.3+m").IncPatch }} {{ typeOf (semver "1.2.3").IncMinor }} {{ (semver "1.2.3").IncPatch.Major }} {{ (semver "1.2.3").LessThanEqual (semver "1.2.3") }}',
    },
    known: {
      genRandomLens: 'genPrivateKey "dsa" is refused: Node cannot write a DSA key in the OpenSSL DSA PRIVATE KEY form Go does',
      randBytesShuffle: 'b64dec of random bytes: Go keeps invalid UTF-8 bytes, a JavaScript string holds U+FFFD (3 bytes) for each',
      encodings: "base64 errors name where Go's decoder stops (byte 1 of a===); Ferry names a later byte",
    },
  },
  {
    name: 'api-versions-flags',
    args: ['--api-versions', 'monitoring.coreos.com/v1,cert-manager.io/v1', '-a', 'networking.istio.io/v1beta1/VirtualService', '--api-versions=gateway.networking.k8s.io/v1'],
    snippets: {
      has: '{{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }} {{ .Capabilities.APIVersions.Has "cert-manager.io/v1" }} {{ .Capabilities.APIVersions.Has "networking.istio.io/v1beta1/VirtualService" }} {{ .Capabilities.APIVersions.Has "networking.istio.io/v1beta1" }} {{ .Capabilities.APIVersions.Has "gateway.networking.k8s.io/v1" }} {{ len .Capabilities.APIVersions }}',
      last: '{{ .Capabilities.APIVersions | last }} {{ .Capabilities.APIVersions | first }}',
    },
  },
  {
    name: 'files-special',
    values: 'a: 1\n',
    files: {
      '.helmignore': '*.skip\n',
      'values.schema.json': '{"type": "object"}',
      'Chart.lock': 'dependencies: []\n',
      'README.md': '# readme\n',
      'LICENSE': 'MIT\n',
      'x.skip': 'skipped',
      'ci/test-values.yaml': 'b: 2\n',
      'templates/NOTES.txt': 'notes {{ .Release.Name }}',
      'dir/a/b.txt': 'b',
    },
    snippets: {
      gets: '{{ range list ".helmignore" "values.schema.json" "Chart.lock" "README.md" "LICENSE" "x.skip" "ci/test-values.yaml" "templates/NOTES.txt" "Chart.yaml" "values.yaml" "dir" "dir/a" "./README.md" "dir//a/b.txt" }}[{{ . }}={{ $.Files.Get . | len }}]{{ end }}',
      glob: '{{ range $p, $_ := $.Files.Glob "**" }}{{ $p }},{{ end }}',
      globPatterns: '{{ range $p, $_ := $.Files.Glob "*" }}{{ $p }},{{ end }}|{{ range $p, $_ := $.Files.Glob "dir/*" }}{{ $p }},{{ end }}|{{ range $p, $_ := $.Files.Glob "dir/**/*.txt" }}{{ $p }},{{ end }}|{{ range $p, $_ := $.Files.Glob "[A-Z]*" }}{{ $p }},{{ end }}|{{ range $p, $_ := $.Files.Glob "?EADME.md" }}{{ $p }},{{ end }}',
    },
  },
  {
    name: 'value-matrix',
    values: "\nvals:\n  str: hello\n  empty: \"\"\n  spaces: \"  a b  \"\n  num: 42\n  neg: -3\n  float: 2.5\n  big: 12345678\n  huge: 1.0e+21\n  tiny: 0.00001\n  zero: 0\n  t: true\n  f: false\n  nil: null\n  list: [1, two, 3.5, null, true]\n  emptyList: []\n  map: {b: 1, a: [x], c: {d: null}}\n  emptyMap: {}\n  html: \"<a href='x'>&amp;</a>\"\n  unicode: \"\u00e9\u2713\ud83d\ude00\"\n  multiline: \"a\\nb\\n\"\n  numstr: \"007\"\n",
    snippets: {
      v_str: "{{ .Values.vals.str | quote }}|{{ .Values.vals.str | squote }}|{{ .Values.vals.str | toString }}|{{ .Values.vals.str | toJson }}|{{ .Values.vals.str | toYaml }}|{{ .Values.vals.str | toPrettyJson }}|{{ .Values.vals.str | toRawJson }}|{{ .Values.vals.str | empty }}|{{ .Values.vals.str | typeOf }}|{{ .Values.vals.str | kindOf }}|{{ .Values.vals.str | default \"D\" }}|{{ .Values.vals.str | cat \"x\" }}|{{ .Values.vals.str | print }}|{{ .Values.vals.str | println }}|{{ .Values.vals.str | printf \"%v\" }}|{{ .Values.vals.str | printf \"%s\" }}|{{ .Values.vals.str | printf \"%q\" }}|{{ .Values.vals.str | printf \"%d\" }}|{{ .Values.vals.str | printf \"%x\" }}|{{ .Values.vals.str | printf \"%t\" }}|{{ .Values.vals.str | printf \"%T\" }}|{{ .Values.vals.str | printf \"%5.2f\" }}|{{ .Values.vals.str | printf \"%+v\" }}|{{ .Values.vals.str | printf \"%#v\" }}|{{ .Values.vals.str | printf \"%e\" }}|{{ .Values.vals.str | printf \"%g\" }}|{{ .Values.vals.str | printf \"%08.3f\" }}|{{ .Values.vals.str | printf \"%-6v|\" }}|{{ .Values.vals.str | printf \"%6v|\" }}|{{ .Values.vals.str | printf \"%c\" }}|{{ .Values.vals.str | printf \"%U\" }}|{{ .Values.vals.str | printf \"%o\" }}|{{ .Values.vals.str | printf \"%b\" }}|{{ .Values.vals.str | printf \"%X\" }}|{{ .Values.vals.str | html }}|{{ .Values.vals.str | js }}|{{ .Values.vals.str | urlquery }}|{{ .Values.vals.str | int }}|{{ .Values.vals.str | int64 }}|{{ .Values.vals.str | float64 }}|{{ .Values.vals.str | toDecimal }}|{{ .Values.vals.str | toStrings }}|{{ .Values.vals.str | kindIs \"string\" }}|{{ .Values.vals.str | list }}|{{ .Values.vals.str | not }}|{{ .Values.vals.str | and 1 }}|{{ .Values.vals.str | or 0 }}|{{ .Values.vals.str | eq nil }}|{{ .Values.vals.str | deepEqual \"hello\" }}|{{ .Values.vals.str | fromJson }}|{{ .Values.vals.str | fromYaml }}",
      v_empty: "{{ .Values.vals.empty | quote }}|{{ .Values.vals.empty | squote }}|{{ .Values.vals.empty | toString }}|{{ .Values.vals.empty | toJson }}|{{ .Values.vals.empty | toYaml }}|{{ .Values.vals.empty | toPrettyJson }}|{{ .Values.vals.empty | toRawJson }}|{{ .Values.vals.empty | empty }}|{{ .Values.vals.empty | typeOf }}|{{ .Values.vals.empty | kindOf }}|{{ .Values.vals.empty | default \"D\" }}|{{ .Values.vals.empty | cat \"x\" }}|{{ .Values.vals.empty | print }}|{{ .Values.vals.empty | println }}|{{ .Values.vals.empty | printf \"%v\" }}|{{ .Values.vals.empty | printf \"%s\" }}|{{ .Values.vals.empty | printf \"%q\" }}|{{ .Values.vals.empty | printf \"%d\" }}|{{ .Values.vals.empty | printf \"%x\" }}|{{ .Values.vals.empty | printf \"%t\" }}|{{ .Values.vals.empty | printf \"%T\" }}|{{ .Values.vals.empty | printf \"%5.2f\" }}|{{ .Values.vals.empty | printf \"%+v\" }}|{{ .Values.vals.empty | printf \"%#v\" }}|{{ .Values.vals.empty | printf \"%e\" }}|{{ .Values.vals.empty | printf \"%g\" }}|{{ .Values.vals.empty | printf \"%08.3f\" }}|{{ .Values.vals.empty | printf \"%-6v|\" }}|{{ .Values.vals.empty | printf \"%6v|\" }}|{{ .Values.vals.empty | printf \"%c\" }}|{{ .Values.vals.empty | printf \"%U\" }}|{{ .Values.vals.empty | printf \"%o\" }}|{{ .Values.vals.empty | printf \"%b\" }}|{{ .Values.vals.empty | printf \"%X\" }}|{{ .Values.vals.empty | html }}|{{ .Values.vals.empty | js }}|{{ .Values.vals.empty | urlquery }}|{{ .Values.vals.empty | int }}|{{ .Values.vals.empty | int64 }}|{{ .Values.vals.empty | float64 }}|{{ .Values.vals.empty | toDecimal }}|{{ .Values.vals.empty | toStrings }}|{{ .Values.vals.empty | kindIs \"string\" }}|{{ .Values.vals.empty | list }}|{{ .Values.vals.empty | not }}|{{ .Values.vals.empty | and 1 }}|{{ .Values.vals.empty | or 0 }}|{{ .Values.vals.empty | eq nil }}|{{ .Values.vals.empty | deepEqual \"hello\" }}|{{ .Values.vals.empty | fromJson }}|{{ .Values.vals.empty | fromYaml }}",
      v_spaces: "{{ .Values.vals.spaces | quote }}|{{ .Values.vals.spaces | squote }}|{{ .Values.vals.spaces | toString }}|{{ .Values.vals.spaces | toJson }}|{{ .Values.vals.spaces | toYaml }}|{{ .Values.vals.spaces | toPrettyJson }}|{{ .Values.vals.spaces | toRawJson }}|{{ .Values.vals.spaces | empty }}|{{ .Values.vals.spaces | typeOf }}|{{ .Values.vals.spaces | kindOf }}|{{ .Values.vals.spaces | default \"D\" }}|{{ .Values.vals.spaces | cat \"x\" }}|{{ .Values.vals.spaces | print }}|{{ .Values.vals.spaces | println }}|{{ .Values.vals.spaces | printf \"%v\" }}|{{ .Values.vals.spaces | printf \"%s\" }}|{{ .Values.vals.spaces | printf \"%q\" }}|{{ .Values.vals.spaces | printf \"%d\" }}|{{ .Values.vals.spaces | printf \"%x\" }}|{{ .Values.vals.spaces | printf \"%t\" }}|{{ .Values.vals.spaces | printf \"%T\" }}|{{ .Values.vals.spaces | printf \"%5.2f\" }}|{{ .Values.vals.spaces | printf \"%+v\" }}|{{ .Values.vals.spaces | printf \"%#v\" }}|{{ .Values.vals.spaces | printf \"%e\" }}|{{ .Values.vals.spaces | printf \"%g\" }}|{{ .Values.vals.spaces | printf \"%08.3f\" }}|{{ .Values.vals.spaces | printf \"%-6v|\" }}|{{ .Values.vals.spaces | printf \"%6v|\" }}|{{ .Values.vals.spaces | printf \"%c\" }}|{{ .Values.vals.spaces | printf \"%U\" }}|{{ .Values.vals.spaces | printf \"%o\" }}|{{ .Values.vals.spaces | printf \"%b\" }}|{{ .Values.vals.spaces | printf \"%X\" }}|{{ .Values.vals.spaces | html }}|{{ .Values.vals.spaces | js }}|{{ .Values.vals.spaces | urlquery }}|{{ .Values.vals.spaces | int }}|{{ .Values.vals.spaces | int64 }}|{{ .Values.vals.spaces | float64 }}|{{ .Values.vals.spaces | toDecimal }}|{{ .Values.vals.spaces | toStrings }}|{{ .Values.vals.spaces | kindIs \"string\" }}|{{ .Values.vals.spaces | list }}|{{ .Values.vals.spaces | not }}|{{ .Values.vals.spaces | and 1 }}|{{ .Values.vals.spaces | or 0 }}|{{ .Values.vals.spaces | eq nil }}|{{ .Values.vals.spaces | deepEqual \"hello\" }}|{{ .Values.vals.spaces | fromJson }}|{{ .Values.vals.spaces | fromYaml }}",
      v_num: "{{ .Values.vals.num | quote }}|{{ .Values.vals.num | squote }}|{{ .Values.vals.num | toString }}|{{ .Values.vals.num | toJson }}|{{ .Values.vals.num | toYaml }}|{{ .Values.vals.num | toPrettyJson }}|{{ .Values.vals.num | toRawJson }}|{{ .Values.vals.num | empty }}|{{ .Values.vals.num | typeOf }}|{{ .Values.vals.num | kindOf }}|{{ .Values.vals.num | default \"D\" }}|{{ .Values.vals.num | cat \"x\" }}|{{ .Values.vals.num | print }}|{{ .Values.vals.num | println }}|{{ .Values.vals.num | printf \"%v\" }}|{{ .Values.vals.num | printf \"%s\" }}|{{ .Values.vals.num | printf \"%q\" }}|{{ .Values.vals.num | printf \"%d\" }}|{{ .Values.vals.num | printf \"%x\" }}|{{ .Values.vals.num | printf \"%t\" }}|{{ .Values.vals.num | printf \"%T\" }}|{{ .Values.vals.num | printf \"%5.2f\" }}|{{ .Values.vals.num | printf \"%+v\" }}|{{ .Values.vals.num | printf \"%#v\" }}|{{ .Values.vals.num | printf \"%e\" }}|{{ .Values.vals.num | printf \"%g\" }}|{{ .Values.vals.num | printf \"%08.3f\" }}|{{ .Values.vals.num | printf \"%-6v|\" }}|{{ .Values.vals.num | printf \"%6v|\" }}|{{ .Values.vals.num | printf \"%c\" }}|{{ .Values.vals.num | printf \"%U\" }}|{{ .Values.vals.num | printf \"%o\" }}|{{ .Values.vals.num | printf \"%b\" }}|{{ .Values.vals.num | printf \"%X\" }}|{{ .Values.vals.num | html }}|{{ .Values.vals.num | js }}|{{ .Values.vals.num | urlquery }}|{{ .Values.vals.num | int }}|{{ .Values.vals.num | int64 }}|{{ .Values.vals.num | float64 }}|{{ .Values.vals.num | toStrings }}|{{ .Values.vals.num | kindIs \"string\" }}|{{ .Values.vals.num | list }}|{{ .Values.vals.num | not }}|{{ .Values.vals.num | and 1 }}|{{ .Values.vals.num | or 0 }}|{{ .Values.vals.num | eq nil }}|{{ .Values.vals.num | deepEqual \"hello\" }}",
      v_neg: "{{ .Values.vals.neg | quote }}|{{ .Values.vals.neg | squote }}|{{ .Values.vals.neg | toString }}|{{ .Values.vals.neg | toJson }}|{{ .Values.vals.neg | toYaml }}|{{ .Values.vals.neg | toPrettyJson }}|{{ .Values.vals.neg | toRawJson }}|{{ .Values.vals.neg | empty }}|{{ .Values.vals.neg | typeOf }}|{{ .Values.vals.neg | kindOf }}|{{ .Values.vals.neg | default \"D\" }}|{{ .Values.vals.neg | cat \"x\" }}|{{ .Values.vals.neg | print }}|{{ .Values.vals.neg | println }}|{{ .Values.vals.neg | printf \"%v\" }}|{{ .Values.vals.neg | printf \"%s\" }}|{{ .Values.vals.neg | printf \"%q\" }}|{{ .Values.vals.neg | printf \"%d\" }}|{{ .Values.vals.neg | printf \"%x\" }}|{{ .Values.vals.neg | printf \"%t\" }}|{{ .Values.vals.neg | printf \"%T\" }}|{{ .Values.vals.neg | printf \"%5.2f\" }}|{{ .Values.vals.neg | printf \"%+v\" }}|{{ .Values.vals.neg | printf \"%#v\" }}|{{ .Values.vals.neg | printf \"%e\" }}|{{ .Values.vals.neg | printf \"%g\" }}|{{ .Values.vals.neg | printf \"%08.3f\" }}|{{ .Values.vals.neg | printf \"%-6v|\" }}|{{ .Values.vals.neg | printf \"%6v|\" }}|{{ .Values.vals.neg | printf \"%c\" }}|{{ .Values.vals.neg | printf \"%U\" }}|{{ .Values.vals.neg | printf \"%o\" }}|{{ .Values.vals.neg | printf \"%b\" }}|{{ .Values.vals.neg | printf \"%X\" }}|{{ .Values.vals.neg | html }}|{{ .Values.vals.neg | js }}|{{ .Values.vals.neg | urlquery }}|{{ .Values.vals.neg | int }}|{{ .Values.vals.neg | int64 }}|{{ .Values.vals.neg | float64 }}|{{ .Values.vals.neg | toStrings }}|{{ .Values.vals.neg | kindIs \"string\" }}|{{ .Values.vals.neg | list }}|{{ .Values.vals.neg | not }}|{{ .Values.vals.neg | and 1 }}|{{ .Values.vals.neg | or 0 }}|{{ .Values.vals.neg | eq nil }}|{{ .Values.vals.neg | deepEqual \"hello\" }}",
      v_float: "{{ .Values.vals.float | quote }}|{{ .Values.vals.float | squote }}|{{ .Values.vals.float | toString }}|{{ .Values.vals.float | toJson }}|{{ .Values.vals.float | toYaml }}|{{ .Values.vals.float | toPrettyJson }}|{{ .Values.vals.float | toRawJson }}|{{ .Values.vals.float | empty }}|{{ .Values.vals.float | typeOf }}|{{ .Values.vals.float | kindOf }}|{{ .Values.vals.float | default \"D\" }}|{{ .Values.vals.float | cat \"x\" }}|{{ .Values.vals.float | print }}|{{ .Values.vals.float | println }}|{{ .Values.vals.float | printf \"%v\" }}|{{ .Values.vals.float | printf \"%s\" }}|{{ .Values.vals.float | printf \"%q\" }}|{{ .Values.vals.float | printf \"%d\" }}|{{ .Values.vals.float | printf \"%x\" }}|{{ .Values.vals.float | printf \"%t\" }}|{{ .Values.vals.float | printf \"%T\" }}|{{ .Values.vals.float | printf \"%5.2f\" }}|{{ .Values.vals.float | printf \"%+v\" }}|{{ .Values.vals.float | printf \"%#v\" }}|{{ .Values.vals.float | printf \"%e\" }}|{{ .Values.vals.float | printf \"%g\" }}|{{ .Values.vals.float | printf \"%08.3f\" }}|{{ .Values.vals.float | printf \"%-6v|\" }}|{{ .Values.vals.float | printf \"%6v|\" }}|{{ .Values.vals.float | printf \"%c\" }}|{{ .Values.vals.float | printf \"%U\" }}|{{ .Values.vals.float | printf \"%o\" }}|{{ .Values.vals.float | printf \"%b\" }}|{{ .Values.vals.float | printf \"%X\" }}|{{ .Values.vals.float | html }}|{{ .Values.vals.float | js }}|{{ .Values.vals.float | urlquery }}|{{ .Values.vals.float | int }}|{{ .Values.vals.float | int64 }}|{{ .Values.vals.float | float64 }}|{{ .Values.vals.float | toStrings }}|{{ .Values.vals.float | kindIs \"string\" }}|{{ .Values.vals.float | list }}|{{ .Values.vals.float | not }}|{{ .Values.vals.float | and 1 }}|{{ .Values.vals.float | or 0 }}|{{ .Values.vals.float | eq nil }}|{{ .Values.vals.float | deepEqual \"hello\" }}",
      v_big: "{{ .Values.vals.big | quote }}|{{ .Values.vals.big | squote }}|{{ .Values.vals.big | toString }}|{{ .Values.vals.big | toJson }}|{{ .Values.vals.big | toYaml }}|{{ .Values.vals.big | toPrettyJson }}|{{ .Values.vals.big | toRawJson }}|{{ .Values.vals.big | empty }}|{{ .Values.vals.big | typeOf }}|{{ .Values.vals.big | kindOf }}|{{ .Values.vals.big | default \"D\" }}|{{ .Values.vals.big | cat \"x\" }}|{{ .Values.vals.big | print }}|{{ .Values.vals.big | println }}|{{ .Values.vals.big | printf \"%v\" }}|{{ .Values.vals.big | printf \"%s\" }}|{{ .Values.vals.big | printf \"%q\" }}|{{ .Values.vals.big | printf \"%d\" }}|{{ .Values.vals.big | printf \"%x\" }}|{{ .Values.vals.big | printf \"%t\" }}|{{ .Values.vals.big | printf \"%T\" }}|{{ .Values.vals.big | printf \"%5.2f\" }}|{{ .Values.vals.big | printf \"%+v\" }}|{{ .Values.vals.big | printf \"%#v\" }}|{{ .Values.vals.big | printf \"%e\" }}|{{ .Values.vals.big | printf \"%g\" }}|{{ .Values.vals.big | printf \"%08.3f\" }}|{{ .Values.vals.big | printf \"%-6v|\" }}|{{ .Values.vals.big | printf \"%6v|\" }}|{{ .Values.vals.big | printf \"%c\" }}|{{ .Values.vals.big | printf \"%U\" }}|{{ .Values.vals.big | printf \"%o\" }}|{{ .Values.vals.big | printf \"%b\" }}|{{ .Values.vals.big | printf \"%X\" }}|{{ .Values.vals.big | html }}|{{ .Values.vals.big | js }}|{{ .Values.vals.big | urlquery }}|{{ .Values.vals.big | int }}|{{ .Values.vals.big | int64 }}|{{ .Values.vals.big | float64 }}|{{ .Values.vals.big | toStrings }}|{{ .Values.vals.big | kindIs \"string\" }}|{{ .Values.vals.big | list }}|{{ .Values.vals.big | not }}|{{ .Values.vals.big | and 1 }}|{{ .Values.vals.big | or 0 }}|{{ .Values.vals.big | eq nil }}|{{ .Values.vals.big | deepEqual \"hello\" }}",
      v_huge: "{{ .Values.vals.huge | quote }}|{{ .Values.vals.huge | squote }}|{{ .Values.vals.huge | toString }}|{{ .Values.vals.huge | toJson }}|{{ .Values.vals.huge | toYaml }}|{{ .Values.vals.huge | toPrettyJson }}|{{ .Values.vals.huge | toRawJson }}|{{ .Values.vals.huge | empty }}|{{ .Values.vals.huge | typeOf }}|{{ .Values.vals.huge | kindOf }}|{{ .Values.vals.huge | default \"D\" }}|{{ .Values.vals.huge | cat \"x\" }}|{{ .Values.vals.huge | print }}|{{ .Values.vals.huge | println }}|{{ .Values.vals.huge | printf \"%v\" }}|{{ .Values.vals.huge | printf \"%s\" }}|{{ .Values.vals.huge | printf \"%q\" }}|{{ .Values.vals.huge | printf \"%d\" }}|{{ .Values.vals.huge | printf \"%x\" }}|{{ .Values.vals.huge | printf \"%t\" }}|{{ .Values.vals.huge | printf \"%T\" }}|{{ .Values.vals.huge | printf \"%5.2f\" }}|{{ .Values.vals.huge | printf \"%+v\" }}|{{ .Values.vals.huge | printf \"%#v\" }}|{{ .Values.vals.huge | printf \"%e\" }}|{{ .Values.vals.huge | printf \"%g\" }}|{{ .Values.vals.huge | printf \"%08.3f\" }}|{{ .Values.vals.huge | printf \"%-6v|\" }}|{{ .Values.vals.huge | printf \"%6v|\" }}|{{ .Values.vals.huge | printf \"%c\" }}|{{ .Values.vals.huge | printf \"%U\" }}|{{ .Values.vals.huge | printf \"%o\" }}|{{ .Values.vals.huge | printf \"%b\" }}|{{ .Values.vals.huge | printf \"%X\" }}|{{ .Values.vals.huge | html }}|{{ .Values.vals.huge | js }}|{{ .Values.vals.huge | urlquery }}|{{ .Values.vals.huge | int }}|{{ .Values.vals.huge | int64 }}|{{ .Values.vals.huge | float64 }}|{{ .Values.vals.huge | toStrings }}|{{ .Values.vals.huge | kindIs \"string\" }}|{{ .Values.vals.huge | list }}|{{ .Values.vals.huge | not }}|{{ .Values.vals.huge | and 1 }}|{{ .Values.vals.huge | or 0 }}|{{ .Values.vals.huge | eq nil }}|{{ .Values.vals.huge | deepEqual \"hello\" }}",
      v_tiny: "{{ .Values.vals.tiny | quote }}|{{ .Values.vals.tiny | squote }}|{{ .Values.vals.tiny | toString }}|{{ .Values.vals.tiny | toJson }}|{{ .Values.vals.tiny | toYaml }}|{{ .Values.vals.tiny | toPrettyJson }}|{{ .Values.vals.tiny | toRawJson }}|{{ .Values.vals.tiny | empty }}|{{ .Values.vals.tiny | typeOf }}|{{ .Values.vals.tiny | kindOf }}|{{ .Values.vals.tiny | default \"D\" }}|{{ .Values.vals.tiny | cat \"x\" }}|{{ .Values.vals.tiny | print }}|{{ .Values.vals.tiny | println }}|{{ .Values.vals.tiny | printf \"%v\" }}|{{ .Values.vals.tiny | printf \"%s\" }}|{{ .Values.vals.tiny | printf \"%q\" }}|{{ .Values.vals.tiny | printf \"%d\" }}|{{ .Values.vals.tiny | printf \"%x\" }}|{{ .Values.vals.tiny | printf \"%t\" }}|{{ .Values.vals.tiny | printf \"%T\" }}|{{ .Values.vals.tiny | printf \"%5.2f\" }}|{{ .Values.vals.tiny | printf \"%+v\" }}|{{ .Values.vals.tiny | printf \"%#v\" }}|{{ .Values.vals.tiny | printf \"%e\" }}|{{ .Values.vals.tiny | printf \"%g\" }}|{{ .Values.vals.tiny | printf \"%08.3f\" }}|{{ .Values.vals.tiny | printf \"%-6v|\" }}|{{ .Values.vals.tiny | printf \"%6v|\" }}|{{ .Values.vals.tiny | printf \"%c\" }}|{{ .Values.vals.tiny | printf \"%U\" }}|{{ .Values.vals.tiny | printf \"%o\" }}|{{ .Values.vals.tiny | printf \"%b\" }}|{{ .Values.vals.tiny | printf \"%X\" }}|{{ .Values.vals.tiny | html }}|{{ .Values.vals.tiny | js }}|{{ .Values.vals.tiny | urlquery }}|{{ .Values.vals.tiny | int }}|{{ .Values.vals.tiny | int64 }}|{{ .Values.vals.tiny | float64 }}|{{ .Values.vals.tiny | toStrings }}|{{ .Values.vals.tiny | kindIs \"string\" }}|{{ .Values.vals.tiny | list }}|{{ .Values.vals.tiny | not }}|{{ .Values.vals.tiny | and 1 }}|{{ .Values.vals.tiny | or 0 }}|{{ .Values.vals.tiny | eq nil }}|{{ .Values.vals.tiny | deepEqual \"hello\" }}",
      v_zero: "{{ .Values.vals.zero | quote }}|{{ .Values.vals.zero | squote }}|{{ .Values.vals.zero | toString }}|{{ .Values.vals.zero | toJson }}|{{ .Values.vals.zero | toYaml }}|{{ .Values.vals.zero | toPrettyJson }}|{{ .Values.vals.zero | toRawJson }}|{{ .Values.vals.zero | empty }}|{{ .Values.vals.zero | typeOf }}|{{ .Values.vals.zero | kindOf }}|{{ .Values.vals.zero | default \"D\" }}|{{ .Values.vals.zero | cat \"x\" }}|{{ .Values.vals.zero | print }}|{{ .Values.vals.zero | println }}|{{ .Values.vals.zero | printf \"%v\" }}|{{ .Values.vals.zero | printf \"%s\" }}|{{ .Values.vals.zero | printf \"%q\" }}|{{ .Values.vals.zero | printf \"%d\" }}|{{ .Values.vals.zero | printf \"%x\" }}|{{ .Values.vals.zero | printf \"%t\" }}|{{ .Values.vals.zero | printf \"%T\" }}|{{ .Values.vals.zero | printf \"%5.2f\" }}|{{ .Values.vals.zero | printf \"%+v\" }}|{{ .Values.vals.zero | printf \"%#v\" }}|{{ .Values.vals.zero | printf \"%e\" }}|{{ .Values.vals.zero | printf \"%g\" }}|{{ .Values.vals.zero | printf \"%08.3f\" }}|{{ .Values.vals.zero | printf \"%-6v|\" }}|{{ .Values.vals.zero | printf \"%6v|\" }}|{{ .Values.vals.zero | printf \"%c\" }}|{{ .Values.vals.zero | printf \"%U\" }}|{{ .Values.vals.zero | printf \"%o\" }}|{{ .Values.vals.zero | printf \"%b\" }}|{{ .Values.vals.zero | printf \"%X\" }}|{{ .Values.vals.zero | html }}|{{ .Values.vals.zero | js }}|{{ .Values.vals.zero | urlquery }}|{{ .Values.vals.zero | int }}|{{ .Values.vals.zero | int64 }}|{{ .Values.vals.zero | float64 }}|{{ .Values.vals.zero | toStrings }}|{{ .Values.vals.zero | kindIs \"string\" }}|{{ .Values.vals.zero | list }}|{{ .Values.vals.zero | not }}|{{ .Values.vals.zero | and 1 }}|{{ .Values.vals.zero | or 0 }}|{{ .Values.vals.zero | eq nil }}|{{ .Values.vals.zero | deepEqual \"hello\" }}",
      v_t: "{{ .Values.vals.t | quote }}|{{ .Values.vals.t | squote }}|{{ .Values.vals.t | toString }}|{{ .Values.vals.t | toJson }}|{{ .Values.vals.t | toYaml }}|{{ .Values.vals.t | toPrettyJson }}|{{ .Values.vals.t | toRawJson }}|{{ .Values.vals.t | empty }}|{{ .Values.vals.t | typeOf }}|{{ .Values.vals.t | kindOf }}|{{ .Values.vals.t | default \"D\" }}|{{ .Values.vals.t | cat \"x\" }}|{{ .Values.vals.t | print }}|{{ .Values.vals.t | println }}|{{ .Values.vals.t | printf \"%v\" }}|{{ .Values.vals.t | printf \"%s\" }}|{{ .Values.vals.t | printf \"%q\" }}|{{ .Values.vals.t | printf \"%d\" }}|{{ .Values.vals.t | printf \"%x\" }}|{{ .Values.vals.t | printf \"%t\" }}|{{ .Values.vals.t | printf \"%T\" }}|{{ .Values.vals.t | printf \"%5.2f\" }}|{{ .Values.vals.t | printf \"%+v\" }}|{{ .Values.vals.t | printf \"%#v\" }}|{{ .Values.vals.t | printf \"%e\" }}|{{ .Values.vals.t | printf \"%g\" }}|{{ .Values.vals.t | printf \"%08.3f\" }}|{{ .Values.vals.t | printf \"%-6v|\" }}|{{ .Values.vals.t | printf \"%6v|\" }}|{{ .Values.vals.t | printf \"%c\" }}|{{ .Values.vals.t | printf \"%U\" }}|{{ .Values.vals.t | printf \"%o\" }}|{{ .Values.vals.t | printf \"%b\" }}|{{ .Values.vals.t | printf \"%X\" }}|{{ .Values.vals.t | html }}|{{ .Values.vals.t | js }}|{{ .Values.vals.t | urlquery }}|{{ .Values.vals.t | int }}|{{ .Values.vals.t | int64 }}|{{ .Values.vals.t | float64 }}|{{ .Values.vals.t | toStrings }}|{{ .Values.vals.t | kindIs \"string\" }}|{{ .Values.vals.t | ternary \"y\" \"n\" }}|{{ .Values.vals.t | list }}|{{ .Values.vals.t | not }}|{{ .Values.vals.t | and 1 }}|{{ .Values.vals.t | or 0 }}|{{ .Values.vals.t | eq nil }}|{{ .Values.vals.t | deepEqual \"hello\" }}",
      v_f: "{{ .Values.vals.f | quote }}|{{ .Values.vals.f | squote }}|{{ .Values.vals.f | toString }}|{{ .Values.vals.f | toJson }}|{{ .Values.vals.f | toYaml }}|{{ .Values.vals.f | toPrettyJson }}|{{ .Values.vals.f | toRawJson }}|{{ .Values.vals.f | empty }}|{{ .Values.vals.f | typeOf }}|{{ .Values.vals.f | kindOf }}|{{ .Values.vals.f | default \"D\" }}|{{ .Values.vals.f | cat \"x\" }}|{{ .Values.vals.f | print }}|{{ .Values.vals.f | println }}|{{ .Values.vals.f | printf \"%v\" }}|{{ .Values.vals.f | printf \"%s\" }}|{{ .Values.vals.f | printf \"%q\" }}|{{ .Values.vals.f | printf \"%d\" }}|{{ .Values.vals.f | printf \"%x\" }}|{{ .Values.vals.f | printf \"%t\" }}|{{ .Values.vals.f | printf \"%T\" }}|{{ .Values.vals.f | printf \"%5.2f\" }}|{{ .Values.vals.f | printf \"%+v\" }}|{{ .Values.vals.f | printf \"%#v\" }}|{{ .Values.vals.f | printf \"%e\" }}|{{ .Values.vals.f | printf \"%g\" }}|{{ .Values.vals.f | printf \"%08.3f\" }}|{{ .Values.vals.f | printf \"%-6v|\" }}|{{ .Values.vals.f | printf \"%6v|\" }}|{{ .Values.vals.f | printf \"%c\" }}|{{ .Values.vals.f | printf \"%U\" }}|{{ .Values.vals.f | printf \"%o\" }}|{{ .Values.vals.f | printf \"%b\" }}|{{ .Values.vals.f | printf \"%X\" }}|{{ .Values.vals.f | html }}|{{ .Values.vals.f | js }}|{{ .Values.vals.f | urlquery }}|{{ .Values.vals.f | int }}|{{ .Values.vals.f | int64 }}|{{ .Values.vals.f | float64 }}|{{ .Values.vals.f | toStrings }}|{{ .Values.vals.f | kindIs \"string\" }}|{{ .Values.vals.f | ternary \"y\" \"n\" }}|{{ .Values.vals.f | list }}|{{ .Values.vals.f | not }}|{{ .Values.vals.f | and 1 }}|{{ .Values.vals.f | or 0 }}|{{ .Values.vals.f | eq nil }}|{{ .Values.vals.f | deepEqual \"hello\" }}",
      v_nil: "{{ .Values.vals.nil | quote }}|{{ .Values.vals.nil | squote }}|{{ .Values.vals.nil | toString }}|{{ .Values.vals.nil | toJson }}|{{ .Values.vals.nil | toYaml }}|{{ .Values.vals.nil | toPrettyJson }}|{{ .Values.vals.nil | toRawJson }}|{{ .Values.vals.nil | empty }}|{{ .Values.vals.nil | typeOf }}|{{ .Values.vals.nil | kindOf }}|{{ .Values.vals.nil | default \"D\" }}|{{ .Values.vals.nil | cat \"x\" }}|{{ .Values.vals.nil | print }}|{{ .Values.vals.nil | println }}|{{ .Values.vals.nil | printf \"%v\" }}|{{ .Values.vals.nil | printf \"%s\" }}|{{ .Values.vals.nil | printf \"%q\" }}|{{ .Values.vals.nil | printf \"%d\" }}|{{ .Values.vals.nil | printf \"%x\" }}|{{ .Values.vals.nil | printf \"%t\" }}|{{ .Values.vals.nil | printf \"%T\" }}|{{ .Values.vals.nil | printf \"%5.2f\" }}|{{ .Values.vals.nil | printf \"%+v\" }}|{{ .Values.vals.nil | printf \"%#v\" }}|{{ .Values.vals.nil | printf \"%e\" }}|{{ .Values.vals.nil | printf \"%g\" }}|{{ .Values.vals.nil | printf \"%08.3f\" }}|{{ .Values.vals.nil | printf \"%-6v|\" }}|{{ .Values.vals.nil | printf \"%6v|\" }}|{{ .Values.vals.nil | printf \"%c\" }}|{{ .Values.vals.nil | printf \"%U\" }}|{{ .Values.vals.nil | printf \"%o\" }}|{{ .Values.vals.nil | printf \"%b\" }}|{{ .Values.vals.nil | printf \"%X\" }}|{{ .Values.vals.nil | html }}|{{ .Values.vals.nil | js }}|{{ .Values.vals.nil | urlquery }}|{{ .Values.vals.nil | int }}|{{ .Values.vals.nil | int64 }}|{{ .Values.vals.nil | float64 }}|{{ .Values.vals.nil | toStrings }}|{{ .Values.vals.nil | kindIs \"string\" }}|{{ .Values.vals.nil | list }}|{{ .Values.vals.nil | not }}|{{ .Values.vals.nil | and 1 }}|{{ .Values.vals.nil | or 0 }}|{{ .Values.vals.nil | eq nil }}|{{ .Values.vals.nil | deepEqual \"hello\" }}",
      v_list: "{{ .Values.vals.list | quote }}|{{ .Values.vals.list | squote }}|{{ .Values.vals.list | toString }}|{{ .Values.vals.list | toJson }}|{{ .Values.vals.list | toYaml }}|{{ .Values.vals.list | toPrettyJson }}|{{ .Values.vals.list | toRawJson }}|{{ .Values.vals.list | empty }}|{{ .Values.vals.list | typeOf }}|{{ .Values.vals.list | kindOf }}|{{ .Values.vals.list | default \"D\" }}|{{ .Values.vals.list | cat \"x\" }}|{{ .Values.vals.list | print }}|{{ .Values.vals.list | println }}|{{ .Values.vals.list | printf \"%v\" }}|{{ .Values.vals.list | printf \"%s\" }}|{{ .Values.vals.list | printf \"%q\" }}|{{ .Values.vals.list | printf \"%d\" }}|{{ .Values.vals.list | printf \"%x\" }}|{{ .Values.vals.list | printf \"%t\" }}|{{ .Values.vals.list | printf \"%T\" }}|{{ .Values.vals.list | printf \"%5.2f\" }}|{{ .Values.vals.list | printf \"%+v\" }}|{{ .Values.vals.list | printf \"%#v\" }}|{{ .Values.vals.list | printf \"%e\" }}|{{ .Values.vals.list | printf \"%g\" }}|{{ .Values.vals.list | printf \"%08.3f\" }}|{{ .Values.vals.list | printf \"%-6v|\" }}|{{ .Values.vals.list | printf \"%6v|\" }}|{{ .Values.vals.list | printf \"%c\" }}|{{ .Values.vals.list | printf \"%U\" }}|{{ .Values.vals.list | printf \"%o\" }}|{{ .Values.vals.list | printf \"%b\" }}|{{ .Values.vals.list | printf \"%X\" }}|{{ .Values.vals.list | html }}|{{ .Values.vals.list | js }}|{{ .Values.vals.list | urlquery }}|{{ .Values.vals.list | int }}|{{ .Values.vals.list | int64 }}|{{ .Values.vals.list | float64 }}|{{ .Values.vals.list | toStrings }}|{{ .Values.vals.list | kindIs \"string\" }}|{{ .Values.vals.list | list }}|{{ .Values.vals.list | not }}|{{ .Values.vals.list | and 1 }}|{{ .Values.vals.list | or 0 }}|{{ .Values.vals.list | eq nil }}|{{ .Values.vals.list | deepEqual \"hello\" }}",
      v_emptyList: "{{ .Values.vals.emptyList | quote }}|{{ .Values.vals.emptyList | squote }}|{{ .Values.vals.emptyList | toString }}|{{ .Values.vals.emptyList | toJson }}|{{ .Values.vals.emptyList | toYaml }}|{{ .Values.vals.emptyList | toPrettyJson }}|{{ .Values.vals.emptyList | toRawJson }}|{{ .Values.vals.emptyList | empty }}|{{ .Values.vals.emptyList | typeOf }}|{{ .Values.vals.emptyList | kindOf }}|{{ .Values.vals.emptyList | default \"D\" }}|{{ .Values.vals.emptyList | cat \"x\" }}|{{ .Values.vals.emptyList | print }}|{{ .Values.vals.emptyList | println }}|{{ .Values.vals.emptyList | printf \"%v\" }}|{{ .Values.vals.emptyList | printf \"%s\" }}|{{ .Values.vals.emptyList | printf \"%q\" }}|{{ .Values.vals.emptyList | printf \"%d\" }}|{{ .Values.vals.emptyList | printf \"%x\" }}|{{ .Values.vals.emptyList | printf \"%t\" }}|{{ .Values.vals.emptyList | printf \"%T\" }}|{{ .Values.vals.emptyList | printf \"%5.2f\" }}|{{ .Values.vals.emptyList | printf \"%+v\" }}|{{ .Values.vals.emptyList | printf \"%#v\" }}|{{ .Values.vals.emptyList | printf \"%e\" }}|{{ .Values.vals.emptyList | printf \"%g\" }}|{{ .Values.vals.emptyList | printf \"%08.3f\" }}|{{ .Values.vals.emptyList | printf \"%-6v|\" }}|{{ .Values.vals.emptyList | printf \"%6v|\" }}|{{ .Values.vals.emptyList | printf \"%c\" }}|{{ .Values.vals.emptyList | printf \"%U\" }}|{{ .Values.vals.emptyList | printf \"%o\" }}|{{ .Values.vals.emptyList | printf \"%b\" }}|{{ .Values.vals.emptyList | printf \"%X\" }}|{{ .Values.vals.emptyList | html }}|{{ .Values.vals.emptyList | js }}|{{ .Values.vals.emptyList | urlquery }}|{{ .Values.vals.emptyList | int }}|{{ .Values.vals.emptyList | int64 }}|{{ .Values.vals.emptyList | float64 }}|{{ .Values.vals.emptyList | toStrings }}|{{ .Values.vals.emptyList | kindIs \"string\" }}|{{ .Values.vals.emptyList | list }}|{{ .Values.vals.emptyList | not }}|{{ .Values.vals.emptyList | and 1 }}|{{ .Values.vals.emptyList | or 0 }}|{{ .Values.vals.emptyList | eq nil }}|{{ .Values.vals.emptyList | deepEqual \"hello\" }}",
      v_map: "{{ .Values.vals.map | quote }}|{{ .Values.vals.map | squote }}|{{ .Values.vals.map | toString }}|{{ .Values.vals.map | toJson }}|{{ .Values.vals.map | toYaml }}|{{ .Values.vals.map | toPrettyJson }}|{{ .Values.vals.map | toRawJson }}|{{ .Values.vals.map | empty }}|{{ .Values.vals.map | typeOf }}|{{ .Values.vals.map | kindOf }}|{{ .Values.vals.map | default \"D\" }}|{{ .Values.vals.map | cat \"x\" }}|{{ .Values.vals.map | print }}|{{ .Values.vals.map | println }}|{{ .Values.vals.map | printf \"%v\" }}|{{ .Values.vals.map | printf \"%s\" }}|{{ .Values.vals.map | printf \"%q\" }}|{{ .Values.vals.map | printf \"%d\" }}|{{ .Values.vals.map | printf \"%x\" }}|{{ .Values.vals.map | printf \"%t\" }}|{{ .Values.vals.map | printf \"%T\" }}|{{ .Values.vals.map | printf \"%5.2f\" }}|{{ .Values.vals.map | printf \"%+v\" }}|{{ .Values.vals.map | printf \"%#v\" }}|{{ .Values.vals.map | printf \"%e\" }}|{{ .Values.vals.map | printf \"%g\" }}|{{ .Values.vals.map | printf \"%08.3f\" }}|{{ .Values.vals.map | printf \"%-6v|\" }}|{{ .Values.vals.map | printf \"%6v|\" }}|{{ .Values.vals.map | printf \"%c\" }}|{{ .Values.vals.map | printf \"%U\" }}|{{ .Values.vals.map | printf \"%o\" }}|{{ .Values.vals.map | printf \"%b\" }}|{{ .Values.vals.map | printf \"%X\" }}|{{ .Values.vals.map | html }}|{{ .Values.vals.map | js }}|{{ .Values.vals.map | urlquery }}|{{ .Values.vals.map | int }}|{{ .Values.vals.map | int64 }}|{{ .Values.vals.map | float64 }}|{{ .Values.vals.map | toStrings }}|{{ .Values.vals.map | kindIs \"string\" }}|{{ .Values.vals.map | list }}|{{ .Values.vals.map | not }}|{{ .Values.vals.map | and 1 }}|{{ .Values.vals.map | or 0 }}|{{ .Values.vals.map | eq nil }}|{{ .Values.vals.map | deepEqual \"hello\" }}|{{ .Values.vals.map | toToml }}",
      v_emptyMap: "{{ .Values.vals.emptyMap | quote }}|{{ .Values.vals.emptyMap | squote }}|{{ .Values.vals.emptyMap | toString }}|{{ .Values.vals.emptyMap | toJson }}|{{ .Values.vals.emptyMap | toYaml }}|{{ .Values.vals.emptyMap | toPrettyJson }}|{{ .Values.vals.emptyMap | toRawJson }}|{{ .Values.vals.emptyMap | empty }}|{{ .Values.vals.emptyMap | typeOf }}|{{ .Values.vals.emptyMap | kindOf }}|{{ .Values.vals.emptyMap | default \"D\" }}|{{ .Values.vals.emptyMap | cat \"x\" }}|{{ .Values.vals.emptyMap | print }}|{{ .Values.vals.emptyMap | println }}|{{ .Values.vals.emptyMap | printf \"%v\" }}|{{ .Values.vals.emptyMap | printf \"%s\" }}|{{ .Values.vals.emptyMap | printf \"%q\" }}|{{ .Values.vals.emptyMap | printf \"%d\" }}|{{ .Values.vals.emptyMap | printf \"%x\" }}|{{ .Values.vals.emptyMap | printf \"%t\" }}|{{ .Values.vals.emptyMap | printf \"%T\" }}|{{ .Values.vals.emptyMap | printf \"%5.2f\" }}|{{ .Values.vals.emptyMap | printf \"%+v\" }}|{{ .Values.vals.emptyMap | printf \"%#v\" }}|{{ .Values.vals.emptyMap | printf \"%e\" }}|{{ .Values.vals.emptyMap | printf \"%g\" }}|{{ .Values.vals.emptyMap | printf \"%08.3f\" }}|{{ .Values.vals.emptyMap | printf \"%-6v|\" }}|{{ .Values.vals.emptyMap | printf \"%6v|\" }}|{{ .Values.vals.emptyMap | printf \"%c\" }}|{{ .Values.vals.emptyMap | printf \"%U\" }}|{{ .Values.vals.emptyMap | printf \"%o\" }}|{{ .Values.vals.emptyMap | printf \"%b\" }}|{{ .Values.vals.emptyMap | printf \"%X\" }}|{{ .Values.vals.emptyMap | html }}|{{ .Values.vals.emptyMap | js }}|{{ .Values.vals.emptyMap | urlquery }}|{{ .Values.vals.emptyMap | int }}|{{ .Values.vals.emptyMap | int64 }}|{{ .Values.vals.emptyMap | float64 }}|{{ .Values.vals.emptyMap | toStrings }}|{{ .Values.vals.emptyMap | kindIs \"string\" }}|{{ .Values.vals.emptyMap | list }}|{{ .Values.vals.emptyMap | not }}|{{ .Values.vals.emptyMap | and 1 }}|{{ .Values.vals.emptyMap | or 0 }}|{{ .Values.vals.emptyMap | eq nil }}|{{ .Values.vals.emptyMap | deepEqual \"hello\" }}|{{ .Values.vals.emptyMap | toToml }}",
      v_html: "{{ .Values.vals.html | quote }}|{{ .Values.vals.html | squote }}|{{ .Values.vals.html | toString }}|{{ .Values.vals.html | toJson }}|{{ .Values.vals.html | toYaml }}|{{ .Values.vals.html | toPrettyJson }}|{{ .Values.vals.html | toRawJson }}|{{ .Values.vals.html | empty }}|{{ .Values.vals.html | typeOf }}|{{ .Values.vals.html | kindOf }}|{{ .Values.vals.html | default \"D\" }}|{{ .Values.vals.html | cat \"x\" }}|{{ .Values.vals.html | print }}|{{ .Values.vals.html | println }}|{{ .Values.vals.html | printf \"%v\" }}|{{ .Values.vals.html | printf \"%s\" }}|{{ .Values.vals.html | printf \"%q\" }}|{{ .Values.vals.html | printf \"%d\" }}|{{ .Values.vals.html | printf \"%x\" }}|{{ .Values.vals.html | printf \"%t\" }}|{{ .Values.vals.html | printf \"%T\" }}|{{ .Values.vals.html | printf \"%5.2f\" }}|{{ .Values.vals.html | printf \"%+v\" }}|{{ .Values.vals.html | printf \"%#v\" }}|{{ .Values.vals.html | printf \"%e\" }}|{{ .Values.vals.html | printf \"%g\" }}|{{ .Values.vals.html | printf \"%08.3f\" }}|{{ .Values.vals.html | printf \"%-6v|\" }}|{{ .Values.vals.html | printf \"%6v|\" }}|{{ .Values.vals.html | printf \"%c\" }}|{{ .Values.vals.html | printf \"%U\" }}|{{ .Values.vals.html | printf \"%o\" }}|{{ .Values.vals.html | printf \"%b\" }}|{{ .Values.vals.html | printf \"%X\" }}|{{ .Values.vals.html | html }}|{{ .Values.vals.html | js }}|{{ .Values.vals.html | urlquery }}|{{ .Values.vals.html | int }}|{{ .Values.vals.html | int64 }}|{{ .Values.vals.html | float64 }}|{{ .Values.vals.html | toDecimal }}|{{ .Values.vals.html | toStrings }}|{{ .Values.vals.html | kindIs \"string\" }}|{{ .Values.vals.html | list }}|{{ .Values.vals.html | not }}|{{ .Values.vals.html | and 1 }}|{{ .Values.vals.html | or 0 }}|{{ .Values.vals.html | eq nil }}|{{ .Values.vals.html | deepEqual \"hello\" }}|{{ .Values.vals.html | fromJson }}|{{ .Values.vals.html | fromYaml }}",
      v_unicode: "{{ .Values.vals.unicode | quote }}|{{ .Values.vals.unicode | squote }}|{{ .Values.vals.unicode | toString }}|{{ .Values.vals.unicode | toJson }}|{{ .Values.vals.unicode | toYaml }}|{{ .Values.vals.unicode | toPrettyJson }}|{{ .Values.vals.unicode | toRawJson }}|{{ .Values.vals.unicode | empty }}|{{ .Values.vals.unicode | typeOf }}|{{ .Values.vals.unicode | kindOf }}|{{ .Values.vals.unicode | default \"D\" }}|{{ .Values.vals.unicode | cat \"x\" }}|{{ .Values.vals.unicode | print }}|{{ .Values.vals.unicode | println }}|{{ .Values.vals.unicode | printf \"%v\" }}|{{ .Values.vals.unicode | printf \"%s\" }}|{{ .Values.vals.unicode | printf \"%q\" }}|{{ .Values.vals.unicode | printf \"%d\" }}|{{ .Values.vals.unicode | printf \"%x\" }}|{{ .Values.vals.unicode | printf \"%t\" }}|{{ .Values.vals.unicode | printf \"%T\" }}|{{ .Values.vals.unicode | printf \"%5.2f\" }}|{{ .Values.vals.unicode | printf \"%+v\" }}|{{ .Values.vals.unicode | printf \"%#v\" }}|{{ .Values.vals.unicode | printf \"%e\" }}|{{ .Values.vals.unicode | printf \"%g\" }}|{{ .Values.vals.unicode | printf \"%08.3f\" }}|{{ .Values.vals.unicode | printf \"%-6v|\" }}|{{ .Values.vals.unicode | printf \"%6v|\" }}|{{ .Values.vals.unicode | printf \"%c\" }}|{{ .Values.vals.unicode | printf \"%U\" }}|{{ .Values.vals.unicode | printf \"%o\" }}|{{ .Values.vals.unicode | printf \"%b\" }}|{{ .Values.vals.unicode | printf \"%X\" }}|{{ .Values.vals.unicode | html }}|{{ .Values.vals.unicode | js }}|{{ .Values.vals.unicode | urlquery }}|{{ .Values.vals.unicode | int }}|{{ .Values.vals.unicode | int64 }}|{{ .Values.vals.unicode | float64 }}|{{ .Values.vals.unicode | toDecimal }}|{{ .Values.vals.unicode | toStrings }}|{{ .Values.vals.unicode | kindIs \"string\" }}|{{ .Values.vals.unicode | list }}|{{ .Values.vals.unicode | not }}|{{ .Values.vals.unicode | and 1 }}|{{ .Values.vals.unicode | or 0 }}|{{ .Values.vals.unicode | eq nil }}|{{ .Values.vals.unicode | deepEqual \"hello\" }}|{{ .Values.vals.unicode | fromJson }}|{{ .Values.vals.unicode | fromYaml }}",
      v_multiline: "{{ .Values.vals.multiline | quote }}|{{ .Values.vals.multiline | squote }}|{{ .Values.vals.multiline | toString }}|{{ .Values.vals.multiline | toJson }}|{{ .Values.vals.multiline | toYaml }}|{{ .Values.vals.multiline | toPrettyJson }}|{{ .Values.vals.multiline | toRawJson }}|{{ .Values.vals.multiline | empty }}|{{ .Values.vals.multiline | typeOf }}|{{ .Values.vals.multiline | kindOf }}|{{ .Values.vals.multiline | default \"D\" }}|{{ .Values.vals.multiline | cat \"x\" }}|{{ .Values.vals.multiline | print }}|{{ .Values.vals.multiline | println }}|{{ .Values.vals.multiline | printf \"%v\" }}|{{ .Values.vals.multiline | printf \"%s\" }}|{{ .Values.vals.multiline | printf \"%q\" }}|{{ .Values.vals.multiline | printf \"%d\" }}|{{ .Values.vals.multiline | printf \"%x\" }}|{{ .Values.vals.multiline | printf \"%t\" }}|{{ .Values.vals.multiline | printf \"%T\" }}|{{ .Values.vals.multiline | printf \"%5.2f\" }}|{{ .Values.vals.multiline | printf \"%+v\" }}|{{ .Values.vals.multiline | printf \"%#v\" }}|{{ .Values.vals.multiline | printf \"%e\" }}|{{ .Values.vals.multiline | printf \"%g\" }}|{{ .Values.vals.multiline | printf \"%08.3f\" }}|{{ .Values.vals.multiline | printf \"%-6v|\" }}|{{ .Values.vals.multiline | printf \"%6v|\" }}|{{ .Values.vals.multiline | printf \"%c\" }}|{{ .Values.vals.multiline | printf \"%U\" }}|{{ .Values.vals.multiline | printf \"%o\" }}|{{ .Values.vals.multiline | printf \"%b\" }}|{{ .Values.vals.multiline | printf \"%X\" }}|{{ .Values.vals.multiline | html }}|{{ .Values.vals.multiline | js }}|{{ .Values.vals.multiline | urlquery }}|{{ .Values.vals.multiline | int }}|{{ .Values.vals.multiline | int64 }}|{{ .Values.vals.multiline | float64 }}|{{ .Values.vals.multiline | toDecimal }}|{{ .Values.vals.multiline | toStrings }}|{{ .Values.vals.multiline | kindIs \"string\" }}|{{ .Values.vals.multiline | list }}|{{ .Values.vals.multiline | not }}|{{ .Values.vals.multiline | and 1 }}|{{ .Values.vals.multiline | or 0 }}|{{ .Values.vals.multiline | eq nil }}|{{ .Values.vals.multiline | deepEqual \"hello\" }}|{{ .Values.vals.multiline | fromJson }}|{{ .Values.vals.multiline | fromYaml }}",
      v_numstr: "{{ .Values.vals.numstr | quote }}|{{ .Values.vals.numstr | squote }}|{{ .Values.vals.numstr | toString }}|{{ .Values.vals.numstr | toJson }}|{{ .Values.vals.numstr | toYaml }}|{{ .Values.vals.numstr | toPrettyJson }}|{{ .Values.vals.numstr | toRawJson }}|{{ .Values.vals.numstr | empty }}|{{ .Values.vals.numstr | typeOf }}|{{ .Values.vals.numstr | kindOf }}|{{ .Values.vals.numstr | default \"D\" }}|{{ .Values.vals.numstr | cat \"x\" }}|{{ .Values.vals.numstr | print }}|{{ .Values.vals.numstr | println }}|{{ .Values.vals.numstr | printf \"%v\" }}|{{ .Values.vals.numstr | printf \"%s\" }}|{{ .Values.vals.numstr | printf \"%q\" }}|{{ .Values.vals.numstr | printf \"%d\" }}|{{ .Values.vals.numstr | printf \"%x\" }}|{{ .Values.vals.numstr | printf \"%t\" }}|{{ .Values.vals.numstr | printf \"%T\" }}|{{ .Values.vals.numstr | printf \"%5.2f\" }}|{{ .Values.vals.numstr | printf \"%+v\" }}|{{ .Values.vals.numstr | printf \"%#v\" }}|{{ .Values.vals.numstr | printf \"%e\" }}|{{ .Values.vals.numstr | printf \"%g\" }}|{{ .Values.vals.numstr | printf \"%08.3f\" }}|{{ .Values.vals.numstr | printf \"%-6v|\" }}|{{ .Values.vals.numstr | printf \"%6v|\" }}|{{ .Values.vals.numstr | printf \"%c\" }}|{{ .Values.vals.numstr | printf \"%U\" }}|{{ .Values.vals.numstr | printf \"%o\" }}|{{ .Values.vals.numstr | printf \"%b\" }}|{{ .Values.vals.numstr | printf \"%X\" }}|{{ .Values.vals.numstr | html }}|{{ .Values.vals.numstr | js }}|{{ .Values.vals.numstr | urlquery }}|{{ .Values.vals.numstr | int }}|{{ .Values.vals.numstr | int64 }}|{{ .Values.vals.numstr | float64 }}|{{ .Values.vals.numstr | toDecimal }}|{{ .Values.vals.numstr | toStrings }}|{{ .Values.vals.numstr | kindIs \"string\" }}|{{ .Values.vals.numstr | list }}|{{ .Values.vals.numstr | not }}|{{ .Values.vals.numstr | and 1 }}|{{ .Values.vals.numstr | or 0 }}|{{ .Values.vals.numstr | eq nil }}|{{ .Values.vals.numstr | deepEqual \"hello\" }}|{{ .Values.vals.numstr | fromJson }}|{{ .Values.vals.numstr | fromYaml }}",
    },
  },
  {
    name: 'json-errors',
    values: 'bad: ["", " ", "{", "{\\"a\\"", "{\\"a\\" 1}", "{\\"a\\": 1,}", "{\\"a\\": 1 \\"b\\": 2}", "{a: 1}", "[1, 2", "[1 2]", "[1,]", "tru", "trux", "nul", "-", "-a", "01", "1.", "1.e3", "1e", "1e+", "\\"abc", "\\"a\\\\qb\\"", "\\"\\\\u12G4\\"", "\\"a\\tb\\"", "{} x", "[] []", "é", "\\u0000", "\\t\\n 5", "NaN", "Infinity", "1 2", "{\\"a\\":[1,{\\"b\\":}]}"]\n',
    snippets: {
      fromJson: '{{ range .Values.bad }}{{ fromJson . | toJson }}\n{{ end }}',
      fromJsonArray: '{{ range .Values.bad }}{{ fromJsonArray . | toJson }}\n{{ end }}',
    },
  },
  {
    name: 'string-matrix',
    values: "strs: [\"\", \" \", \"hello world\", \"Hello World\", \"HELLO WORLD\", \"helloWorld\", \"HelloWorld\", \"hello_world\", \"hello-world\", \"HTTPServer\", \"myHTTPServer2\", \"__init__\", \"a1b2c3\", \"123abc\", \"abc123def\", \"snake_Case-mixed Words\", \"  leading and trailing  \", \"ALLCAPS\", \"x\", \"X\", \"éclair Über\", \"日本語 text\", \"multi\\nline text\", \"tab\\tsep\", \"dots.in.name\", \"UPPER_snake\", \"kebab-Case-X\", \"with  double  spaces\", \"o'neil\", \"CamelCaseJSONValue\", \"id\", \"ID\", \"aB\", \"Ab\", \"a_b_c\", \"a-b-c\", \"a b c\", \"-leading\", \"trailing-\", \"_under\", \"ÀÉÎ õü\", \"ǅungla\", \"ﬁfi\"]\n",
    snippets: {
      s00: "{{ $s := index .Values.strs 0 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s01: "{{ $s := index .Values.strs 1 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s02: "{{ $s := index .Values.strs 2 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s03: "{{ $s := index .Values.strs 3 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s04: "{{ $s := index .Values.strs 4 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s05: "{{ $s := index .Values.strs 5 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s06: "{{ $s := index .Values.strs 6 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s07: "{{ $s := index .Values.strs 7 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s08: "{{ $s := index .Values.strs 8 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s09: "{{ $s := index .Values.strs 9 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s10: "{{ $s := index .Values.strs 10 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s11: "{{ $s := index .Values.strs 11 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s12: "{{ $s := index .Values.strs 12 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s13: "{{ $s := index .Values.strs 13 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s14: "{{ $s := index .Values.strs 14 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s15: "{{ $s := index .Values.strs 15 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s16: "{{ $s := index .Values.strs 16 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s17: "{{ $s := index .Values.strs 17 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s18: "{{ $s := index .Values.strs 18 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s19: "{{ $s := index .Values.strs 19 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s20: "{{ $s := index .Values.strs 20 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s21: "{{ $s := index .Values.strs 21 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s22: "{{ $s := index .Values.strs 22 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s23: "{{ $s := index .Values.strs 23 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s24: "{{ $s := index .Values.strs 24 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s25: "{{ $s := index .Values.strs 25 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s26: "{{ $s := index .Values.strs 26 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s27: "{{ $s := index .Values.strs 27 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s28: "{{ $s := index .Values.strs 28 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s29: "{{ $s := index .Values.strs 29 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s30: "{{ $s := index .Values.strs 30 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s31: "{{ $s := index .Values.strs 31 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s32: "{{ $s := index .Values.strs 32 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s33: "{{ $s := index .Values.strs 33 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s34: "{{ $s := index .Values.strs 34 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s35: "{{ $s := index .Values.strs 35 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s36: "{{ $s := index .Values.strs 36 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s37: "{{ $s := index .Values.strs 37 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s38: "{{ $s := index .Values.strs 38 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s39: "{{ $s := index .Values.strs 39 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s40: "{{ $s := index .Values.strs 40 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s41: "{{ $s := index .Values.strs 41 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
      s42: "{{ $s := index .Values.strs 42 }}{{ $s | upper }}|{{ $s | lower }}|{{ $s | title }}|{{ $s | untitle }}|{{ $s | trim }}|{{ $s | camelcase }}|{{ $s | snakecase }}|{{ $s | kebabcase }}|{{ $s | swapcase }}|{{ $s | initials }}|{{ $s | abbrev 6 }}|{{ $s | wrap 6 }}|{{ $s | trunc 3 }}|{{ $s | substr 1 4 }}|{{ $s | nospace }}|{{ $s | repeat 2 }}|{{ $s | indent 2 }}|{{ $s | nindent 1 }}|{{ $s | replace \" \" \"_\" }}|{{ $s | b64enc }}|{{ $s | b32enc }}|{{ $s | sha1sum }}|{{ $s | adler32sum }}|{{ $s | quote }}|{{ $s | squote }}|{{ $s | html }}|{{ $s | js }}|{{ $s | urlquery }}|{{ $s | regexQuoteMeta }}|{{ $s | splitList \" \" }}|{{ $s | len }}|{{ $s | contains \"o\" }}|{{ $s | hasPrefix \"h\" }}|{{ $s | trimPrefix \"h\" }}|{{ $s | trimSuffix \"d\" }}|{{ $s | trimAll \"-_ \" }}|{{ $s | toStrings }}|{{ $s | wrapWith 4 \"|\" }}|{{ $s | abbrevboth 1 6 }}|{{ $s | cat \"x\" }}|{{ $s | sortAlpha }}",
    },
  },
  {
    name: 'number-collection-matrix',
    values: "nums: [0, 1, -1, 7, 42, 255, 1000, 65535, 100000, 999999, 1000000, 1234567, 123456789, 2147483647, 4294967296, 9007199254740992, 1.5, -2.5, 0.1, 0.125, 3.14159, 2.675, 1e-05, 1.5e-08, 1e+21, 1.7976931348623157e+308, 12345.678, -0.5, 0.5, 99.99]\nlists: [[], [1], [\"b\", \"a\", \"b\"], [1, \"1\", 1.0, null, true], [[\"x\"], {\"k\": \"v\"}], [\"\", 0, null, false, \"a\"], [3, 1, 2], [\"\\u00e9\", \"e\", \"E\", \"_\", \"10\", \"9\"]]\ndicts: [{}, {\"a\": 1}, {\"b\": [1, 2], \"a\": {\"x\": null, \"y\": \"z\"}, \"c\": \"\"}, {\"A\": 1, \"a\": 2, \"_\": 3, \"10\": 4, \"9\": 5}]\n",
    snippets: {
      n00: "{{ $n := index .Values.nums 0 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n01: "{{ $n := index .Values.nums 1 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n02: "{{ $n := index .Values.nums 2 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n03: "{{ $n := index .Values.nums 3 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n04: "{{ $n := index .Values.nums 4 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n05: "{{ $n := index .Values.nums 5 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n06: "{{ $n := index .Values.nums 6 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n07: "{{ $n := index .Values.nums 7 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n08: "{{ $n := index .Values.nums 8 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n09: "{{ $n := index .Values.nums 9 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n10: "{{ $n := index .Values.nums 10 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n11: "{{ $n := index .Values.nums 11 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n12: "{{ $n := index .Values.nums 12 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n13: "{{ $n := index .Values.nums 13 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n14: "{{ $n := index .Values.nums 14 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n15: "{{ $n := index .Values.nums 15 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n16: "{{ $n := index .Values.nums 16 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n17: "{{ $n := index .Values.nums 17 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n18: "{{ $n := index .Values.nums 18 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n19: "{{ $n := index .Values.nums 19 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n20: "{{ $n := index .Values.nums 20 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n21: "{{ $n := index .Values.nums 21 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n22: "{{ $n := index .Values.nums 22 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n23: "{{ $n := index .Values.nums 23 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n24: "{{ $n := index .Values.nums 24 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n25: "{{ $n := index .Values.nums 25 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n26: "{{ $n := index .Values.nums 26 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n27: "{{ $n := index .Values.nums 27 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n28: "{{ $n := index .Values.nums 28 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      n29: "{{ $n := index .Values.nums 29 }}{{ $n | print }}|{{ $n | printf \"%v\" }}|{{ $n | printf \"%d\" }}|{{ $n | printf \"%f\" }}|{{ $n | printf \"%.2f\" }}|{{ $n | printf \"%.0f\" }}|{{ $n | printf \"%e\" }}|{{ $n | printf \"%E\" }}|{{ $n | printf \"%g\" }}|{{ $n | printf \"%G\" }}|{{ $n | printf \"%s\" }}|{{ $n | printf \"%x\" }}|{{ $n | printf \"%5.1f\" }}|{{ $n | printf \"%08.2f\" }}|{{ $n | printf \"%+v\" }}|{{ $n | printf \"%q\" }}|{{ $n | toString }}|{{ $n | toJson }}|{{ $n | toYaml }}|{{ $n | quote }}|{{ $n | int }}|{{ $n | int64 }}|{{ $n | float64 }}|{{ $n | add1 }}|{{ $n | mul 2 }}|{{ div $n 3 }}|{{ mod $n 5 }}|{{ $n | sub 1 }}|{{ round $n 1 }}|{{ round $n 0 }}|{{ $n | floor }}|{{ $n | ceil }}|{{ $n | mulf 1.5 }}|{{ divf $n 3 }}|{{ $n | addf 0.1 }}|{{ $n | subf 0.5 }}|{{ $n | maxf 2 }}|{{ $n | minf 2 }}|{{ $n | max 3 }}|{{ $n | min 3 }}|{{ $n | biggest 10 }}|{{ $n | add 0.5 }}|{{ $n | empty }}|{{ $n | toStrings }}",
      l00: "{{ $l := index .Values.lists 0 }}{{ $l | first }}|{{ $l | last }}|{{ $l | rest }}|{{ $l | initial }}|{{ $l | uniq }}|{{ $l | compact }}|{{ $l | reverse }}|{{ $l | toJson }}|{{ $l | len }}|{{ $l | has 1 }}|{{ $l | has \"a\" }}|{{ without $l 1 }}|{{ $l | join \",\" }}|{{ $l | toStrings }}|{{ $l | chunk 2 }}|{{ append $l \"z\" }}|{{ prepend $l \"z\" }}|{{ $l | toYaml }}|{{ $l | empty }}|{{ $l | printf \"%v\" }}|{{ $l | quote }}|{{ $l | sortAlpha }}|{{ concat $l (list 9) }}|{{ $l | deepCopy }}|{{ $l | toString }}",
      l01: "{{ $l := index .Values.lists 1 }}{{ $l | first }}|{{ $l | last }}|{{ $l | rest }}|{{ $l | initial }}|{{ $l | uniq }}|{{ $l | compact }}|{{ $l | reverse }}|{{ $l | toJson }}|{{ $l | len }}|{{ $l | has 1 }}|{{ $l | has \"a\" }}|{{ without $l 1 }}|{{ $l | join \",\" }}|{{ $l | toStrings }}|{{ $l | chunk 2 }}|{{ append $l \"z\" }}|{{ prepend $l \"z\" }}|{{ $l | toYaml }}|{{ $l | empty }}|{{ $l | printf \"%v\" }}|{{ $l | quote }}|{{ $l | sortAlpha }}|{{ concat $l (list 9) }}|{{ $l | deepCopy }}|{{ $l | toString }}",
      l02: "{{ $l := index .Values.lists 2 }}{{ $l | first }}|{{ $l | last }}|{{ $l | rest }}|{{ $l | initial }}|{{ $l | uniq }}|{{ $l | compact }}|{{ $l | reverse }}|{{ $l | toJson }}|{{ $l | len }}|{{ $l | has 1 }}|{{ $l | has \"a\" }}|{{ without $l 1 }}|{{ $l | join \",\" }}|{{ $l | toStrings }}|{{ $l | chunk 2 }}|{{ append $l \"z\" }}|{{ prepend $l \"z\" }}|{{ $l | toYaml }}|{{ $l | empty }}|{{ $l | printf \"%v\" }}|{{ $l | quote }}|{{ $l | sortAlpha }}|{{ concat $l (list 9) }}|{{ $l | deepCopy }}|{{ $l | toString }}",
      l03: "{{ $l := index .Values.lists 3 }}{{ $l | first }}|{{ $l | last }}|{{ $l | rest }}|{{ $l | initial }}|{{ $l | uniq }}|{{ $l | compact }}|{{ $l | reverse }}|{{ $l | toJson }}|{{ $l | len }}|{{ $l | has 1 }}|{{ $l | has \"a\" }}|{{ without $l 1 }}|{{ $l | join \",\" }}|{{ $l | toStrings }}|{{ $l | chunk 2 }}|{{ append $l \"z\" }}|{{ prepend $l \"z\" }}|{{ $l | toYaml }}|{{ $l | empty }}|{{ $l | printf \"%v\" }}|{{ $l | quote }}|{{ $l | sortAlpha }}|{{ concat $l (list 9) }}|{{ $l | deepCopy }}|{{ $l | toString }}",
      l04: "{{ $l := index .Values.lists 4 }}{{ $l | first }}|{{ $l | last }}|{{ $l | rest }}|{{ $l | initial }}|{{ $l | uniq }}|{{ $l | compact }}|{{ $l | reverse }}|{{ $l | toJson }}|{{ $l | len }}|{{ $l | has 1 }}|{{ $l | has \"a\" }}|{{ without $l 1 }}|{{ $l | join \",\" }}|{{ $l | toStrings }}|{{ $l | chunk 2 }}|{{ append $l \"z\" }}|{{ prepend $l \"z\" }}|{{ $l | toYaml }}|{{ $l | empty }}|{{ $l | printf \"%v\" }}|{{ $l | quote }}|{{ $l | sortAlpha }}|{{ concat $l (list 9) }}|{{ $l | deepCopy }}|{{ $l | toString }}",
      l05: "{{ $l := index .Values.lists 5 }}{{ $l | first }}|{{ $l | last }}|{{ $l | rest }}|{{ $l | initial }}|{{ $l | uniq }}|{{ $l | compact }}|{{ $l | reverse }}|{{ $l | toJson }}|{{ $l | len }}|{{ $l | has 1 }}|{{ $l | has \"a\" }}|{{ without $l 1 }}|{{ $l | join \",\" }}|{{ $l | toStrings }}|{{ $l | chunk 2 }}|{{ append $l \"z\" }}|{{ prepend $l \"z\" }}|{{ $l | toYaml }}|{{ $l | empty }}|{{ $l | printf \"%v\" }}|{{ $l | quote }}|{{ $l | sortAlpha }}|{{ concat $l (list 9) }}|{{ $l | deepCopy }}|{{ $l | toString }}",
      l06: "{{ $l := index .Values.lists 6 }}{{ $l | first }}|{{ $l | last }}|{{ $l | rest }}|{{ $l | initial }}|{{ $l | uniq }}|{{ $l | compact }}|{{ $l | reverse }}|{{ $l | toJson }}|{{ $l | len }}|{{ $l | has 1 }}|{{ $l | has \"a\" }}|{{ without $l 1 }}|{{ $l | join \",\" }}|{{ $l | toStrings }}|{{ $l | chunk 2 }}|{{ append $l \"z\" }}|{{ prepend $l \"z\" }}|{{ $l | toYaml }}|{{ $l | empty }}|{{ $l | printf \"%v\" }}|{{ $l | quote }}|{{ $l | sortAlpha }}|{{ concat $l (list 9) }}|{{ $l | deepCopy }}|{{ $l | toString }}",
      l07: "{{ $l := index .Values.lists 7 }}{{ $l | first }}|{{ $l | last }}|{{ $l | rest }}|{{ $l | initial }}|{{ $l | uniq }}|{{ $l | compact }}|{{ $l | reverse }}|{{ $l | toJson }}|{{ $l | len }}|{{ $l | has 1 }}|{{ $l | has \"a\" }}|{{ without $l 1 }}|{{ $l | join \",\" }}|{{ $l | toStrings }}|{{ $l | chunk 2 }}|{{ append $l \"z\" }}|{{ prepend $l \"z\" }}|{{ $l | toYaml }}|{{ $l | empty }}|{{ $l | printf \"%v\" }}|{{ $l | quote }}|{{ $l | sortAlpha }}|{{ concat $l (list 9) }}|{{ $l | deepCopy }}|{{ $l | toString }}",
      d00: "{{ $d := index .Values.dicts 0 }}{{ $d | keys | sortAlpha }}|{{ $d | values | toJson | len }}|{{ $d | toJson }}|{{ pick $d \"a\" | toJson }}|{{ omit $d \"a\" | toJson }}|{{ hasKey $d \"a\" }}|{{ get $d \"a\" }}|{{ $d | dig \"a\" \"x\" \"def\" }}|{{ merge (deepCopy $d) (dict \"a\" 9 \"n\" 1) | toJson }}|{{ mergeOverwrite (deepCopy $d) (dict \"a\" 9 \"n\" 1) | toJson }}|{{ $d | deepCopy }}|{{ $d | len }}|{{ $d | empty }}|{{ $d | toYaml }}|{{ $d | toToml }}|{{ $d | printf \"%v\" }}|{{ $d | toString }}|{{ $d | quote }}|{{ $d | toPrettyJson }}",
      d01: "{{ $d := index .Values.dicts 1 }}{{ $d | keys | sortAlpha }}|{{ $d | values | toJson | len }}|{{ $d | toJson }}|{{ pick $d \"a\" | toJson }}|{{ omit $d \"a\" | toJson }}|{{ hasKey $d \"a\" }}|{{ get $d \"a\" }}|{{ $d | dig \"a\" \"x\" \"def\" }}|{{ merge (deepCopy $d) (dict \"a\" 9 \"n\" 1) | toJson }}|{{ mergeOverwrite (deepCopy $d) (dict \"a\" 9 \"n\" 1) | toJson }}|{{ $d | deepCopy }}|{{ $d | len }}|{{ $d | empty }}|{{ $d | toYaml }}|{{ $d | toToml }}|{{ $d | printf \"%v\" }}|{{ $d | toString }}|{{ $d | quote }}|{{ $d | toPrettyJson }}",
      d02: "{{ $d := index .Values.dicts 2 }}{{ $d | keys | sortAlpha }}|{{ $d | values | toJson | len }}|{{ $d | toJson }}|{{ pick $d \"a\" | toJson }}|{{ omit $d \"a\" | toJson }}|{{ hasKey $d \"a\" }}|{{ get $d \"a\" }}|{{ $d | dig \"a\" \"x\" \"def\" }}|{{ merge (deepCopy $d) (dict \"a\" 9 \"n\" 1) | toJson }}|{{ mergeOverwrite (deepCopy $d) (dict \"a\" 9 \"n\" 1) | toJson }}|{{ $d | deepCopy }}|{{ $d | len }}|{{ $d | empty }}|{{ $d | toYaml }}|{{ $d | toToml }}|{{ $d | printf \"%v\" }}|{{ $d | toString }}|{{ $d | quote }}|{{ $d | toPrettyJson }}",
      d03: "{{ $d := index .Values.dicts 3 }}{{ $d | keys | sortAlpha }}|{{ $d | values | toJson | len }}|{{ $d | toJson }}|{{ pick $d \"a\" | toJson }}|{{ omit $d \"a\" | toJson }}|{{ hasKey $d \"a\" }}|{{ get $d \"a\" }}|{{ $d | dig \"a\" \"x\" \"def\" }}|{{ merge (deepCopy $d) (dict \"a\" 9 \"n\" 1) | toJson }}|{{ mergeOverwrite (deepCopy $d) (dict \"a\" 9 \"n\" 1) | toJson }}|{{ $d | deepCopy }}|{{ $d | len }}|{{ $d | empty }}|{{ $d | toYaml }}|{{ $d | toToml }}|{{ $d | printf \"%v\" }}|{{ $d | toString }}|{{ $d | quote }}|{{ $d | toPrettyJson }}",
    },
  },
  {
    name: 'date-matrix',
    known: { durationNums: 'duration and durationRound read only int64 in Go (a constant is an int, so 0); Ferry has one integer type' },
    snippets: {
      t00: "{{ $t := toDate \"2006-01-02T15:04:05Z07:00\" \"2024-03-05T07:08:09.123456789+02:00\" }}{{ $t | date \"2006-01-02T15:04:05Z07:00\" }}|{{ $t | date \"2006-01-02T15:04:05.999999999Z07:00\" }}|{{ $t | date \"Mon Jan _2 15:04:05 MST 2006\" }}|{{ $t | date \"Mon Jan _2 15:04:05 2006\" }}|{{ $t | date \"02 Jan 06 15:04 -0700\" }}|{{ $t | date \"02 Jan 06 15:04 MST\" }}|{{ $t | date \"Monday, 02-Jan-06 15:04:05 MST\" }}|{{ $t | date \"Mon, 02 Jan 2006 15:04:05 -0700\" }}|{{ $t | date \"3:04PM\" }}|{{ $t | date \"3:04:05 pm\" }}|{{ $t | date \"Jan 2, 2006 at 3:04pm (MST)\" }}|{{ $t | date \"2006-01-02 15:04:05.000\" }}|{{ $t | date \"15:04:05.999\" }}|{{ $t | date \"15:04:05.000000\" }}|{{ $t | date \"Monday January 2 2006\" }}|{{ $t | date \"06-1-2\" }}|{{ $t | date \"2006 002 __2\" }}|{{ $t | date \"-07:00:00 -07 Z0700 Z07:00\" }}|{{ $t | date \"20060102150405\" }}|{{ $t | date \"Jan _2\" }}|{{ $t | date \"2006-01-02\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"UTC\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Europe/Paris\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"America/New_York\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Asia/Kolkata\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Australia/Adelaide\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Local\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Nope/Zone\" }}|{{ $t | htmlDate }}|{{ $t | unixEpoch }}|{{ $t | dateModify \"-90m\" | date \"2006-01-02 15:04\" }}|{{ $t | dateModify \"+1h30m45s\" | date \"15:04:05\" }}|{{ $t | dateModify \"bad\" | date \"2006\" }}|{{ $t }}|{{ $t | toJson }}|{{ typeOf $t }}|{{ $t | date \"2006\" | int }}",
      t01: "{{ $t := toDate \"2006-01-02\" \"2024-12-31\" }}{{ $t | date \"2006-01-02T15:04:05Z07:00\" }}|{{ $t | date \"2006-01-02T15:04:05.999999999Z07:00\" }}|{{ $t | date \"Mon Jan _2 15:04:05 MST 2006\" }}|{{ $t | date \"Mon Jan _2 15:04:05 2006\" }}|{{ $t | date \"02 Jan 06 15:04 -0700\" }}|{{ $t | date \"02 Jan 06 15:04 MST\" }}|{{ $t | date \"Monday, 02-Jan-06 15:04:05 MST\" }}|{{ $t | date \"Mon, 02 Jan 2006 15:04:05 -0700\" }}|{{ $t | date \"3:04PM\" }}|{{ $t | date \"3:04:05 pm\" }}|{{ $t | date \"Jan 2, 2006 at 3:04pm (MST)\" }}|{{ $t | date \"2006-01-02 15:04:05.000\" }}|{{ $t | date \"15:04:05.999\" }}|{{ $t | date \"15:04:05.000000\" }}|{{ $t | date \"Monday January 2 2006\" }}|{{ $t | date \"06-1-2\" }}|{{ $t | date \"2006 002 __2\" }}|{{ $t | date \"-07:00:00 -07 Z0700 Z07:00\" }}|{{ $t | date \"20060102150405\" }}|{{ $t | date \"Jan _2\" }}|{{ $t | date \"2006-01-02\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"UTC\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Europe/Paris\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"America/New_York\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Asia/Kolkata\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Australia/Adelaide\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Local\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Nope/Zone\" }}|{{ $t | htmlDate }}|{{ $t | unixEpoch }}|{{ $t | dateModify \"-90m\" | date \"2006-01-02 15:04\" }}|{{ $t | dateModify \"+1h30m45s\" | date \"15:04:05\" }}|{{ $t | dateModify \"bad\" | date \"2006\" }}|{{ $t }}|{{ $t | toJson }}|{{ typeOf $t }}|{{ $t | date \"2006\" | int }}",
      t02: "{{ $t := toDate \"2006-01-02 15:04\" \"1999-01-01 00:00\" }}{{ $t | date \"2006-01-02T15:04:05Z07:00\" }}|{{ $t | date \"2006-01-02T15:04:05.999999999Z07:00\" }}|{{ $t | date \"Mon Jan _2 15:04:05 MST 2006\" }}|{{ $t | date \"Mon Jan _2 15:04:05 2006\" }}|{{ $t | date \"02 Jan 06 15:04 -0700\" }}|{{ $t | date \"02 Jan 06 15:04 MST\" }}|{{ $t | date \"Monday, 02-Jan-06 15:04:05 MST\" }}|{{ $t | date \"Mon, 02 Jan 2006 15:04:05 -0700\" }}|{{ $t | date \"3:04PM\" }}|{{ $t | date \"3:04:05 pm\" }}|{{ $t | date \"Jan 2, 2006 at 3:04pm (MST)\" }}|{{ $t | date \"2006-01-02 15:04:05.000\" }}|{{ $t | date \"15:04:05.999\" }}|{{ $t | date \"15:04:05.000000\" }}|{{ $t | date \"Monday January 2 2006\" }}|{{ $t | date \"06-1-2\" }}|{{ $t | date \"2006 002 __2\" }}|{{ $t | date \"-07:00:00 -07 Z0700 Z07:00\" }}|{{ $t | date \"20060102150405\" }}|{{ $t | date \"Jan _2\" }}|{{ $t | date \"2006-01-02\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"UTC\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Europe/Paris\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"America/New_York\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Asia/Kolkata\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Australia/Adelaide\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Local\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Nope/Zone\" }}|{{ $t | htmlDate }}|{{ $t | unixEpoch }}|{{ $t | dateModify \"-90m\" | date \"2006-01-02 15:04\" }}|{{ $t | dateModify \"+1h30m45s\" | date \"15:04:05\" }}|{{ $t | dateModify \"bad\" | date \"2006\" }}|{{ $t }}|{{ $t | toJson }}|{{ typeOf $t }}|{{ $t | date \"2006\" | int }}",
      t03: "{{ $t := toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-04T23:59:59Z\" }}{{ $t | date \"2006-01-02T15:04:05Z07:00\" }}|{{ $t | date \"2006-01-02T15:04:05.999999999Z07:00\" }}|{{ $t | date \"Mon Jan _2 15:04:05 MST 2006\" }}|{{ $t | date \"Mon Jan _2 15:04:05 2006\" }}|{{ $t | date \"02 Jan 06 15:04 -0700\" }}|{{ $t | date \"02 Jan 06 15:04 MST\" }}|{{ $t | date \"Monday, 02-Jan-06 15:04:05 MST\" }}|{{ $t | date \"Mon, 02 Jan 2006 15:04:05 -0700\" }}|{{ $t | date \"3:04PM\" }}|{{ $t | date \"3:04:05 pm\" }}|{{ $t | date \"Jan 2, 2006 at 3:04pm (MST)\" }}|{{ $t | date \"2006-01-02 15:04:05.000\" }}|{{ $t | date \"15:04:05.999\" }}|{{ $t | date \"15:04:05.000000\" }}|{{ $t | date \"Monday January 2 2006\" }}|{{ $t | date \"06-1-2\" }}|{{ $t | date \"2006 002 __2\" }}|{{ $t | date \"-07:00:00 -07 Z0700 Z07:00\" }}|{{ $t | date \"20060102150405\" }}|{{ $t | date \"Jan _2\" }}|{{ $t | date \"2006-01-02\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"UTC\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Europe/Paris\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"America/New_York\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Asia/Kolkata\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Australia/Adelaide\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Local\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Nope/Zone\" }}|{{ $t | htmlDate }}|{{ $t | unixEpoch }}|{{ $t | dateModify \"-90m\" | date \"2006-01-02 15:04\" }}|{{ $t | dateModify \"+1h30m45s\" | date \"15:04:05\" }}|{{ $t | dateModify \"bad\" | date \"2006\" }}|{{ $t }}|{{ $t | toJson }}|{{ typeOf $t }}|{{ $t | date \"2006\" | int }}",
      t04: "{{ $t := toDate \"Jan 2 2006\" \"Feb 29 2024\" }}{{ $t | date \"2006-01-02T15:04:05Z07:00\" }}|{{ $t | date \"2006-01-02T15:04:05.999999999Z07:00\" }}|{{ $t | date \"Mon Jan _2 15:04:05 MST 2006\" }}|{{ $t | date \"Mon Jan _2 15:04:05 2006\" }}|{{ $t | date \"02 Jan 06 15:04 -0700\" }}|{{ $t | date \"02 Jan 06 15:04 MST\" }}|{{ $t | date \"Monday, 02-Jan-06 15:04:05 MST\" }}|{{ $t | date \"Mon, 02 Jan 2006 15:04:05 -0700\" }}|{{ $t | date \"3:04PM\" }}|{{ $t | date \"3:04:05 pm\" }}|{{ $t | date \"Jan 2, 2006 at 3:04pm (MST)\" }}|{{ $t | date \"2006-01-02 15:04:05.000\" }}|{{ $t | date \"15:04:05.999\" }}|{{ $t | date \"15:04:05.000000\" }}|{{ $t | date \"Monday January 2 2006\" }}|{{ $t | date \"06-1-2\" }}|{{ $t | date \"2006 002 __2\" }}|{{ $t | date \"-07:00:00 -07 Z0700 Z07:00\" }}|{{ $t | date \"20060102150405\" }}|{{ $t | date \"Jan _2\" }}|{{ $t | date \"2006-01-02\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"UTC\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Europe/Paris\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"America/New_York\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Asia/Kolkata\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Australia/Adelaide\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Local\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Nope/Zone\" }}|{{ $t | htmlDate }}|{{ $t | unixEpoch }}|{{ $t | dateModify \"-90m\" | date \"2006-01-02 15:04\" }}|{{ $t | dateModify \"+1h30m45s\" | date \"15:04:05\" }}|{{ $t | dateModify \"bad\" | date \"2006\" }}|{{ $t }}|{{ $t | toJson }}|{{ typeOf $t }}|{{ $t | date \"2006\" | int }}",
      t05: "{{ $t := toDate \"02/01/2006 15:04:05\" \"13/10/2023 01:02:03\" }}{{ $t | date \"2006-01-02T15:04:05Z07:00\" }}|{{ $t | date \"2006-01-02T15:04:05.999999999Z07:00\" }}|{{ $t | date \"Mon Jan _2 15:04:05 MST 2006\" }}|{{ $t | date \"Mon Jan _2 15:04:05 2006\" }}|{{ $t | date \"02 Jan 06 15:04 -0700\" }}|{{ $t | date \"02 Jan 06 15:04 MST\" }}|{{ $t | date \"Monday, 02-Jan-06 15:04:05 MST\" }}|{{ $t | date \"Mon, 02 Jan 2006 15:04:05 -0700\" }}|{{ $t | date \"3:04PM\" }}|{{ $t | date \"3:04:05 pm\" }}|{{ $t | date \"Jan 2, 2006 at 3:04pm (MST)\" }}|{{ $t | date \"2006-01-02 15:04:05.000\" }}|{{ $t | date \"15:04:05.999\" }}|{{ $t | date \"15:04:05.000000\" }}|{{ $t | date \"Monday January 2 2006\" }}|{{ $t | date \"06-1-2\" }}|{{ $t | date \"2006 002 __2\" }}|{{ $t | date \"-07:00:00 -07 Z0700 Z07:00\" }}|{{ $t | date \"20060102150405\" }}|{{ $t | date \"Jan _2\" }}|{{ $t | date \"2006-01-02\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"UTC\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Europe/Paris\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"America/New_York\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Asia/Kolkata\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Australia/Adelaide\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Local\" }}|{{ dateInZone \"2006-01-02 15:04 MST -0700\" $t \"Nope/Zone\" }}|{{ $t | htmlDate }}|{{ $t | unixEpoch }}|{{ $t | dateModify \"-90m\" | date \"2006-01-02 15:04\" }}|{{ $t | dateModify \"+1h30m45s\" | date \"15:04:05\" }}|{{ $t | dateModify \"bad\" | date \"2006\" }}|{{ $t }}|{{ $t | toJson }}|{{ typeOf $t }}|{{ $t | date \"2006\" | int }}",
      durations: "{{ duration \"0\" }}|{{ durationRound \"0\" }}|{{ duration \"1\" }}|{{ durationRound \"1\" }}|{{ duration \"59\" }}|{{ durationRound \"59\" }}|{{ duration \"60\" }}|{{ durationRound \"60\" }}|{{ duration \"61\" }}|{{ durationRound \"61\" }}|{{ duration \"3599\" }}|{{ durationRound \"3599\" }}|{{ duration \"3600\" }}|{{ durationRound \"3600\" }}|{{ duration \"3661\" }}|{{ durationRound \"3661\" }}|{{ duration \"86399\" }}|{{ durationRound \"86399\" }}|{{ duration \"86400\" }}|{{ durationRound \"86400\" }}|{{ duration \"90061\" }}|{{ durationRound \"90061\" }}|{{ duration \"31536000\" }}|{{ durationRound \"31536000\" }}|{{ duration \"63072000\" }}|{{ durationRound \"63072000\" }}|{{ duration \"-5\" }}|{{ durationRound \"-5\" }}|{{ duration \"1.5\" }}|{{ durationRound \"1.5\" }}|{{ duration \"abc\" }}|{{ durationRound \"abc\" }}|{{ duration \"1h2m3s\" }}|{{ durationRound \"1h2m3s\" }}|{{ duration \"150ms\" }}|{{ durationRound \"150ms\" }}|{{ duration \"2562047h\" }}|{{ durationRound \"2562047h\" }}",
      durationNums: "{{ duration 90 }}|{{ duration 90.7 }}|{{ durationRound 90 }}|{{ durationRound 3600000000000 }}|{{ durationRound (mul 400 24 3600) }}",
      zones: "{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Europe/London\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Europe/Dublin\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Europe/Lisbon\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Europe/Kyiv\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Asia/Jerusalem\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Asia/Shanghai\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Asia/Tokyo\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Asia/Singapore\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Asia/Dubai\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"America/Sao_Paulo\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Pacific/Auckland\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Asia/Manila\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Europe/Moscow\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Africa/Cairo\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Asia/Tehran\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Asia/Kathmandu\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"America/St_Johns\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"America/Chicago\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Pacific/Honolulu\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Australia/Perth\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Africa/Nairobi\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Etc/GMT\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Etc/UTC\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Asia/Karachi\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Asia/Jakarta\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"America/Bogota\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Atlantic/Reykjavik\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-15T12:00:00Z\") \"Europe/Istanbul\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Europe/London\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Europe/Dublin\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Europe/Lisbon\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Europe/Kyiv\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Asia/Jerusalem\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Asia/Shanghai\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Asia/Tokyo\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Asia/Singapore\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Asia/Dubai\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"America/Sao_Paulo\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Pacific/Auckland\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Asia/Manila\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Europe/Moscow\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Africa/Cairo\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Asia/Tehran\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Asia/Kathmandu\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"America/St_Johns\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"America/Chicago\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Pacific/Honolulu\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Australia/Perth\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Africa/Nairobi\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Etc/GMT\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Etc/UTC\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Asia/Karachi\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Asia/Jakarta\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"America/Bogota\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Atlantic/Reykjavik\" }}|{{ dateInZone \"Jan 2 15:04 MST -0700\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-15T12:00:00Z\") \"Europe/Istanbul\" }}",
      toDateErrors: "{{ toDate \"2006-01-02\" \"2024-13-01\" }}|{{ toDate \"2006-01-02\" \"2024-02-30\" }}|{{ toDate \"15:04\" \"25:00\" }}|{{ toDate \"2006-01-02\" \"\" }}|{{ toDate \"Jan 2\" \"Foo 2\" }}|{{ toDate \"2006\" \"2024x\" }}",
    },
  },
  {
    name: 'errors',
    values: RICH_VALUES,
    files: {
      'templates/_e.tpl': '{{- define "e.fail" -}}{{ fail "custom failure" }}{{- end -}}\n{{- define "e.req" -}}\n{{ required "A valid .Values.foo entry required!" .Values.foo }}\n{{- end -}}',
    },
    snippets: {
      required: '{{ required "A valid .Values.missing entry required!" .Values.missing }}',
      requiredEmpty: '{{ required "empty string not allowed" .Values.emptyString }}',
      requiredInclude: '{{ include "e.req" . }}',
      fail: '{{ fail "something went wrong" }}',
      failInclude: '{{ include "e.fail" . }}',
      nilPointer: '{{ .Values.missing.field }}',
      nilPointerDeep: '{{ .Values.nested.x.y.z }}',
      undefinedFunction: '{{ nosuchfunc 1 }}',
      wrongArgCount: '{{ trunc 1 }}',
      wrongArgType: '{{ trunc "x" "abc" }}',
      indexOutOfRange: '{{ index .Values.list 10 }}',
      indexNonMap: '{{ index .Values.port "x" }}',
      fieldOnString: '{{ .Values.octalString.x }}',
      unclosedAction: '{{ if .Values.port }}x',
      unexpectedEnd: '{{ end }}',
      badPipe: '{{ .Values.port | }}',
      includeMissing: '{{ include "no.such.template" . }}',
      templateMissing: '{{ template "no.such.template" . }}',
      divByZero: '{{ div 1 0 }}',
      modByZero: '{{ mod 1 0 }}',
      tplError: '{{ tpl "{{ .Values.missing.x }}" . }}',
      tplParseError: '{{ tpl "{{ if }}" . }}',
      fromJsonMust: '{{ mustFromJson "bad" }}',
      mustRegex: '{{ mustRegexMatch "[" "x" }}',
      regexBad: '{{ regexMatch "[" "x" }}',
      callNonFunc: '{{ call .Values.port }}',
      rangeOverInt: '{{ range .Values.port }}{{ . }}{{ end }}',
      rangeOverString: '{{ range "abc" }}{{ . }}{{ end }}',
      lenOfInt: '{{ len .Values.port }}',
      undefinedVariable: '{{ $nope }}',
      compareTypes: '{{ lt "a" 1 }}',
      eqIncomparable: '{{ eq .Values.list .Values.list }}',
      semverBad: '{{ semver "not.a.version" }}',
      semverCompareBad: '{{ semverCompare "bad constraint !!" "1.0.0" }}',
      toDateMust: '{{ mustToDate "2006-01-02" "bad" }}',
      sliceOut: '{{ slice .Values.list 1 10 }}',
      mergeNonMap: '{{ merge .Values.list .Values.config }}',
      setOnNil: '{{ set .Values.missing "a" 1 }}',
      keysOfList: '{{ keys .Values.list }}',
      firstOfString: '{{ first "abc" }}',
      mustFirstNil: '{{ mustFirst nil }}',
      breakOutside: '{{ break }}',
      badNumber: '{{ 0x }}',
      unterminatedString: '{{ "abc }}',
      unterminatedRaw: '{{ `abc }}',
      badChar: '{{ .Values.port ^ }}',
      elseNoIf: '{{ else }}',
      doubleDefine: '{{ define "dup" }}a{{ end }}{{ define "dup" }}b{{ end }}x',
      atoiHuge: '{{ atoi "99999999999999999999" }}',
      int64Huge: '{{ int64 "99999999999999999999" }}',
      dictOddKeys: '{{ dict "a" 1 "b" | toJson }}',
      dictNonString: '{{ dict 1 2 3 | toJson }}',
      emptyPipelineVar: '{{ $x := }}',
      printfNil: '{{ printf nil }}',
      toYamlFunc: '{{ .Values.port.Method }}',
      funcAsField: '{{ .Values.config.key1.x }}',
      methodOnMap: '{{ .Capabilities.APIVersions.Nope "x" }}',
      hasWrongArg: '{{ .Capabilities.APIVersions.Has }}',
      filesGetMissingArg: '{{ .Files.Get }}',
      chartFieldMissing: '{{ .Chart.NoSuchField }}',
      capsFieldMissing: '{{ .Capabilities.NoSuchField }}',
      releaseFieldMissing: '{{ .Release.NoSuchField.X }}',
      nilDeref: '{{ .Values.nullValue.x }}',
      fromYamlArrayMust: '{{ mustFromYaml "a: [" }}',
      durationBad: '{{ duration "abc" }}',
      addString: '{{ add "abc" 1 }}',
      genCA: '{{ $ca := genCA "ca" 365 }}{{ $ca.Cert | len | gt 0 }}',
    },
  },
];
