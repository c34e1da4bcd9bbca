import { describe, expect, it } from 'vitest';
import { isFerryError } from '../core/index.ts';
import { parseManifests, parseYamlDocuments } from './parse-manifests.ts';

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

/** What a test compares: the object's kind/name and where it came from. */
function summary(file: string, text: string) {
  return parseManifests(file, text).map(({ object, origin }) => ({
    id: `${object.kind}/${object.metadata.name ?? object.metadata.generateName}`,
    ...origin,
  }));
}

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('parseManifests: YAML documents', () => {
  it.each([
    ['one document', cm('a'), [{ id: 'ConfigMap/a', document: 0, line: 1 }]],
    [
      'documents separated by ---, the first one bare',
      `${cm('a')}---\n${cm('b')}`,
      [
        { id: 'ConfigMap/a', document: 0, line: 1 },
        { id: 'ConfigMap/b', document: 1, line: 6 },
      ],
    ],
    [
      'a leading ---, comments and blank lines before the content',
      `---\n# the first\n\n${cm('a')}`,
      [{ id: 'ConfigMap/a', document: 0, line: 4 }],
    ],
    [
      'empty documents are skipped but keep their index',
      `---\n---\n# only a comment\n---\n${cm('a')}---\n`,
      [{ id: 'ConfigMap/a', document: 2, line: 5 }],
    ],
    [
      'content on the --- line',
      `--- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n--- # note\n${cm('b')}`,
      [
        { id: 'ConfigMap/a', document: 0, line: 1 },
        { id: 'ConfigMap/b', document: 1, line: 3 },
      ],
    ],
    [
      'the ... end marker followed by a bare document',
      `${cm('a')}...\n${cm('b')}`,
      [
        { id: 'ConfigMap/a', document: 0, line: 1 },
        { id: 'ConfigMap/b', document: 1, line: 6 },
      ],
    ],
    [
      'an indented --- inside a block scalar is content, not a separator',
      `${cm('a')}data:\n  script: |\n    echo one\n    ---\n    echo two\n---\n${cm('b')}`,
      [
        { id: 'ConfigMap/a', document: 0, line: 1 },
        { id: 'ConfigMap/b', document: 1, line: 11 },
      ],
    ],
    [
      'a %YAML directive before the first document',
      `%YAML 1.1\n---\n${cm('a')}`,
      [{ id: 'ConfigMap/a', document: 0, line: 3 }],
    ],
    ['CRLF line endings', `---\r\n${cm('a').replace(/\n/g, '\r\n')}---\r\n${cm('b').replace(/\n/g, '\r\n')}`, [
      { id: 'ConfigMap/a', document: 0, line: 2 },
      { id: 'ConfigMap/b', document: 1, line: 7 },
    ]],
    ['a byte order mark', `\uFEFF${cm('a')}`, [{ id: 'ConfigMap/a', document: 0, line: 1 }]],
    [
      'kind: List is flattened, each item keeping the List document and its index',
      `${cm('first')}---\napiVersion: v1\nkind: List\nitems:\n- ${cm('x').trimEnd().replace(/\n/g, '\n  ')}\n- apiVersion: v1\n  kind: Service\n  metadata: {name: web}\n`,
      [
        { id: 'ConfigMap/first', document: 0, line: 1 },
        { id: 'ConfigMap/x', document: 1, line: 6, item: 0 },
        { id: 'Service/web', document: 1, line: 6, item: 1 },
      ],
    ],
    [
      'a *List kind is flattened too, and items: null is an empty list',
      `apiVersion: v1\nkind: ConfigMapList\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: z}}\n---\napiVersion: v1\nkind: List\nitems: null\n`,
      [{ id: 'ConfigMap/z', document: 0, line: 1, item: 0 }],
    ],
    [
      'a hook may be named by generateName only, as Argo CD allows',
      `apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n`,
      [{ id: 'Job/migrate-', document: 0, line: 1 }],
    ],
  ])('reads %s', (_name, text, expected) => {
    expect(summary('app/x.yaml', text)).toEqual(expected.map((entry) => ({ file: 'app/x.yaml', ...entry })));
  });

  it('keeps a repeated key last, as kubectl and Argo CD do', () => {
    const [parsed] = parseManifests('a.yaml', `${cm('a')}data:\n  k: one\n  k: two\n`);
    expect(parsed?.object.data).toEqual({ k: 'two' });
  });

  it('copies aliased nodes, so changing one object leaves the other as written', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}, data: &shared {k: v}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}, data: *shared}\n`;
    const [a, b] = parseManifests('a.yaml', text);
    (a?.object.data as Record<string, string>).k = 'changed';
    expect(b?.object.data).toEqual({ k: 'v' });
  });

  it('applies merge keys', () => {
    const [parsed] = parseManifests('a.yaml', `${cm('a')}data:\n  <<: {x: "1", z: "2"}\n  z: "3"\n`);
    expect(parsed?.object.data).toEqual({ x: '1', z: '3' });
  });
});

describe('parseManifests: JSON files', () => {
  const object = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

  it.each([
    ['a single object', `\n\n${object('a')}\n`, [{ id: 'ConfigMap/a', document: 0, line: 3 }]],
    [
      'an array of objects, each its own document',
      `[\n  ${object('a')},\n\n  ${object('b')}\n]`,
      [
        { id: 'ConfigMap/a', document: 0, line: 2 },
        { id: 'ConfigMap/b', document: 1, line: 4 },
      ],
    ],
    [
      'a List',
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [JSON.parse(object('a')), JSON.parse(object('b'))] }),
      [
        { id: 'ConfigMap/a', document: 0, line: 1, item: 0 },
        { id: 'ConfigMap/b', document: 0, line: 1, item: 1 },
      ],
    ],
    ['a byte order mark', `\uFEFF${object('a')}`, [{ id: 'ConfigMap/a', document: 0, line: 1 }]],
  ])('reads %s', (_name, text, expected) => {
    expect(summary('app/x.json', text)).toEqual(expected.map((entry) => ({ file: 'app/x.json', ...entry })));
  });
});

describe('parseManifests: bad input', () => {
  const bomb = (() => {
    // Nine levels of nine aliases: 9^9 (387 million) strings once expanded.
    let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\nl0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let level = 1; level <= 9; level += 1) {
      text += `l${level}: &l${level} [${Array.from({ length: 9 }, () => `*l${level - 1}`).join(', ')}]\n`;
    }
    return text;
  })();

  it.each([
    ['malformed YAML, located in the file', 'app/x.yaml', `${cm('a')}---\n${cm('b')}data:\n  a: 1\n   b: 2\n`, 'MANIFEST_YAML_INVALID', 'app/x.yaml:12:5: malformed YAML: bad indentation of a mapping entry'],
    ['an unclosed flow sequence', 'x.yaml', `${cm('a')}data: [1, 2\n`, 'MANIFEST_YAML_INVALID', 'x.yaml:6:1: malformed YAML: unexpected end of the stream within a flow collection'],
    ['an unknown alias', 'x.yaml', `${cm('a')}data: *nope\n`, 'MANIFEST_YAML_INVALID', 'x.yaml:5:12: malformed YAML: unidentified alias "nope"'],
    ['a tab for indentation', 'x.yaml', `${cm('a')}data:\n\tk: v\n`, 'MANIFEST_YAML_INVALID', 'x.yaml:6:'],
    ['an alias bomb', 'bomb.yaml', bomb, 'MANIFEST_YAML_INVALID', 'bomb.yaml:1: document 0: the file expands to more than 16777216 nodes and characters through YAML aliases'],
    ['a recursive alias', 'x.yaml', `${cm('a')}data: &self\n  me: *self\n`, 'MANIFEST_YAML_INVALID', 'x.yaml:1: document 0: contains a recursive YAML alias'],
    ['an infinite number', 'x.yaml', `${cm('a')}spec:\n  size: .inf\n`, 'MANIFEST_YAML_INVALID', 'x.yaml:1: document 0: holds a number that JSON cannot represent (.inf or .nan) at .spec.size'],
    ['a document that is a sequence', 'x.yaml', `${cm('a')}---\n- a\n- b\n`, 'MANIFEST_OBJECT_INVALID', 'x.yaml:6 (document 1): the document is a sequence, not a Kubernetes object'],
    ['a document that is a string', 'x.yaml', 'just text\n', 'MANIFEST_OBJECT_INVALID', 'x.yaml:1 (document 0): the document is a string'],
    ['no apiVersion', 'x.yaml', 'kind: ConfigMap\nmetadata: {name: a}\n', 'MANIFEST_OBJECT_INVALID', 'x.yaml:1 (document 0): object has no apiVersion'],
    ['an apiVersion that is a number', 'x.yaml', 'apiVersion: 1\nkind: A\nmetadata: {name: a}\n', 'MANIFEST_OBJECT_INVALID', 'apiVersion is a number, not a string'],
    ['no kind', 'x.yaml', `---\n---\napiVersion: v1\nmetadata: {name: a}\n`, 'MANIFEST_OBJECT_INVALID', 'x.yaml:3 (document 1): object (v1) has no kind'],
    ['no metadata', 'x.yaml', 'apiVersion: v1\nkind: ConfigMap\n', 'MANIFEST_OBJECT_INVALID', 'ConfigMap has no metadata'],
    ['metadata that is a string', 'x.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: a\n', 'MANIFEST_OBJECT_INVALID', 'ConfigMap metadata is a string, not a mapping'],
    ['no metadata.name', 'x.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n', 'MANIFEST_OBJECT_INVALID', 'x.yaml:1 (document 0): ConfigMap has no metadata.name'],
    ['a name that is a number', 'x.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: 12}\n', 'MANIFEST_OBJECT_INVALID', 'ConfigMap metadata.name is a number, not a string'],
    ['a namespace that is a mapping', 'x.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: {}}\n', 'MANIFEST_OBJECT_INVALID', 'ConfigMap a metadata.namespace is a mapping, not a string'],
    ['generateName on an object that is not a hook', 'x.yaml', 'apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: run-}\n', 'MANIFEST_OBJECT_INVALID', 'Job has generateName run- but no metadata.name; only hooks'],
    ['a List item without a name', 'x.yaml', 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: A, metadata: {name: a}}\n- {apiVersion: v1, kind: B, metadata: {}}\n', 'MANIFEST_OBJECT_INVALID', 'x.yaml:1 (document 0, item 1): B has no metadata.name'],
    ['List items that are not a sequence', 'x.yaml', 'apiVersion: v1\nkind: List\nitems: {a: 1}\n', 'MANIFEST_OBJECT_INVALID', 'List.items is a mapping, not a sequence'],
    ['malformed JSON, located in the file', 'x.json', '{\n  "apiVersion": "v1",\n  "kind" "A"\n}', 'MANIFEST_JSON_INVALID', "x.json:3:10: malformed JSON: expected ':' after a property name, found '\"'"],
    ['a trailing comma in JSON', 'x.json', '[\n  {"a": 1},\n]', 'MANIFEST_JSON_INVALID', "x.json:3:1: malformed JSON: unexpected ']'"],
    ['truncated JSON', 'x.json', '{"a": [1, 2', 'MANIFEST_JSON_INVALID', "x.json:1:12: malformed JSON: expected ',' or ']', found end of input"],
    ['a JSON array element without a kind', 'x.json', '[\n{"apiVersion": "v1", "kind": "A", "metadata": {"name": "a"}},\n{"apiVersion": "v1", "metadata": {"name": "b"}}\n]', 'MANIFEST_OBJECT_INVALID', 'x.json:3 (document 1): object (v1) has no kind'],
    ['a JSON file that is a string', 'x.json', '"hello"', 'MANIFEST_OBJECT_INVALID', 'x.json:1 (document 0): the document is a string'],
  ])('refuses %s', (_name, file, text, code, message) => {
    const error = caught(() => parseManifests(file, text));
    expect(isFerryError(error, code), String(error)).toBe(true);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses a file over the size limit before parsing it', () => {
    const error = caught(() => parseManifests('big.yaml', `${cm('a')}data:\n  k: ${'x'.repeat(2000)}\n`, { maxFileBytes: 1024 }));
    expect(isFerryError(error, 'MANIFEST_TOO_LARGE')).toBe(true);
    expect((error as Error).message).toBe('big.yaml is 2 KiB, larger than the 1 KiB a manifest file may have');
  });

  it('bounds the expansion of a whole file, not only of each document', () => {
    const documents = Array.from({ length: 4 }, (_, index) => `${cm(`c${index}`)}data: {k: "${'x'.repeat(300)}"}\n`);
    expect(() => parseManifests('x.yaml', documents.join('---\n'), { maxExpandedSize: 1000 })).toThrow(/x.yaml:\d+: document 2: the file expands to more than 1000 nodes/);
    expect(parseManifests('x.yaml', documents.join('---\n'), { maxExpandedSize: 2000 })).toHaveLength(4);
  });
});

describe('parseYamlDocuments', () => {
  it('returns the non-empty documents as plain values with their origin', () => {
    expect(parseYamlDocuments('values.yaml', '# values\nreplicas: 2\n---\n---\n- a\n')).toEqual([
      { value: { replicas: 2 }, origin: { file: 'values.yaml', document: 0, line: 2 } },
      { value: ['a'], origin: { file: 'values.yaml', document: 2, line: 5 } },
    ]);
  });
});
