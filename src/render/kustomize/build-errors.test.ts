import { describe, expect, it } from 'vitest';
import { isFerryError, MemoryFileTree } from '../../core/index.ts';
import { buildKustomization } from './build.ts';

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx
`;

function buildError(files: Record<string, string | Uint8Array>, path = 'app', restrictor?: 'LoadRestrictionsNone'): string {
  try {
    buildKustomization({ tree: new MemoryFileTree(files), path, loadRestrictor: restrictor });
  } catch (error) {
    expect(isFerryError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('the build succeeded');
}

describe('bad kustomizations: one clear error naming the kustomization and the cause', () => {
  it.each([
    [
      'a missing resource file',
      { 'app/kustomization.yaml': 'resources:\n- missing.yaml\n' },
      /app\/kustomization\.yaml: resource missing\.yaml: no such file or directory/,
    ],
    [
      'a cycle of bases',
      {
        'app/kustomization.yaml': 'resources:\n- ../other\n',
        'other/kustomization.yaml': 'resources:\n- ../app\n',
      },
      /other\/kustomization\.yaml: cycle detected: \.\.\/app \(app\) contains visited root app/,
    ],
    [
      'a kustomization including its own parent',
      { 'app/kustomization.yaml': 'resources:\n- sub\n', 'app/sub/kustomization.yaml': 'resources:\n- ..\n' },
      /cycle detected/,
    ],
    [
      'a strategic merge patch naming no resource',
      {
        'app/kustomization.yaml': 'resources:\n- d.yaml\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: nope\n',
        'app/d.yaml': deployment('web'),
      },
      /no resource matches strategic merge patch "apps\/v1, Kind=Deployment, nope"/,
    ],
    [
      'a conflicting id after a prefix',
      {
        'app/kustomization.yaml': 'resources:\n- base\n- d.yaml\n',
        'app/base/kustomization.yaml': 'namePrefix: x-\nresources:\n- d.yaml\n',
        'app/base/d.yaml': deployment('web'),
        'app/d.yaml': deployment('x-web'),
      },
      /app\/kustomization\.yaml: resource d\.yaml: may not add resource with an already registered id: apps\/v1, Kind=Deployment, x-web/,
    ],
    [
      'an invalid JSON 6902 path',
      {
        'app/kustomization.yaml':
          'resources:\n- d.yaml\npatches:\n- target:\n    kind: Deployment\n  patch: |-\n    - op: replace\n      path: /spec/nothing/here\n      value: 1\n',
        'app/d.yaml': deployment('web'),
      },
      /JSON patch on Deployment web failed/,
    ],
    [
      'a JSON 6902 path not starting with a slash',
      {
        'app/kustomization.yaml': 'resources:\n- d.yaml\npatches:\n- target:\n    kind: Deployment\n  patch: |-\n    - op: add\n      path: spec/x\n      value: 1\n',
        'app/d.yaml': deployment('web'),
      },
      /invalid JSON 6902 patch: path "spec\/x" must start with \//,
    ],
    [
      'a replacement source that does not exist',
      {
        'app/kustomization.yaml':
          'resources:\n- d.yaml\nreplacements:\n- source:\n    kind: Service\n    name: ghost\n  targets:\n  - select:\n      kind: Deployment\n    fieldPaths: [metadata.annotations.x]\n',
        'app/d.yaml': deployment('web'),
      },
      /app\/kustomization\.yaml: replacements: nothing selected by source kind=Service, name=ghost/,
    ],
    [
      'a path escaping the root (a file outside the kustomization)',
      { 'app/kustomization.yaml': 'resources:\n- ../shared.yaml\n', 'shared.yaml': deployment('web') },
      /resource \.\.\/shared\.yaml: security; file shared\.yaml is not in or below app/,
    ],
    [
      'a path escaping the repository',
      { 'app/kustomization.yaml': 'resources:\n- ../../etc/passwd\n' },
      /app: resource \.\.\/\.\.\/etc\/passwd leads outside the repository/,
    ],
    [
      'a remote base',
      { 'app/kustomization.yaml': 'resources:\n- github.com/kubernetes-sigs/kustomize/examples/multibases?ref=v3.3.1\n' },
      /github\.com\/kubernetes-sigs\/kustomize\/examples\/multibases\?ref=v3\.3\.1 is a remote location; Ferry does not fetch remote bases or URLs/,
    ],
    [
      'a URL resource',
      { 'app/kustomization.yaml': 'resources:\n- https://example.com/manifests/app.yaml\n' },
      /https:\/\/example\.com\/manifests\/app\.yaml is a remote location/,
    ],
    [
      'malformed YAML in a resource, with file and line',
      { 'app/kustomization.yaml': 'resources:\n- d.yaml\n', 'app/d.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n' },
      /app\/d\.yaml:5: invalid YAML/,
    ],
    [
      'malformed YAML in the kustomization itself',
      { 'app/kustomization.yaml': 'resources:\n  - a\n - b\n' },
      /app\/kustomization\.yaml:3: invalid YAML/,
    ],
    [
      'an unknown kustomization field',
      { 'app/kustomization.yaml': 'resourcez:\n- d.yaml\n' },
      /app\/kustomization\.yaml: invalid Kustomization: json: unknown field "resourcez"/,
    ],
    [
      'a directory without a kustomization',
      { 'app/kustomization.yaml': 'resources:\n- plain\n', 'app/plain/d.yaml': deployment('web') },
      /unable to find one of 'kustomization\.yaml', 'kustomization\.yml' or 'Kustomization' in directory 'app\/plain'/,
    ],
    [
      'helmCharts without --enable-helm',
      { 'app/kustomization.yaml': 'helmCharts:\n- name: web\n  repo: https://charts.example.com\n' },
      /app\/kustomization.yaml: helmCharts: must specify --enable-helm/,
    ],
    [
      'a component that is a Kustomization',
      { 'app/kustomization.yaml': 'components:\n- ../comp\n', 'comp/kustomization.yaml': 'resources: []\n' },
      /expected kind 'Component' for path 'comp' but got 'Kustomization'/,
    ],
    [
      'a merge generator with nothing to merge into',
      { 'app/kustomization.yaml': 'configMapGenerator:\n- name: cm\n  behavior: merge\n  literals: [a=b]\n' },
      /id v1, Kind=ConfigMap, cm does not exist; cannot merge or replace/,
    ],
    [
      'an invalid literal',
      { 'app/kustomization.yaml': 'configMapGenerator:\n- name: cm\n  literals: [novalue]\n' },
      /configMapGenerator cm: invalid literal source novalue, expected key=value/,
    ],
    [
      'a label value that is not a string (kustomize decodes strictly)',
      { 'app/kustomization.yaml': 'commonLabels:\n  version: 1\n' },
      /app\/kustomization\.yaml: invalid Kustomization: json: cannot unmarshal number into Go struct field Kustomization\.commonLabels of type string/,
    ],
    [
      'a validator plugin',
      { 'app/kustomization.yaml': 'validators:\n- check.yaml\n' },
      /app\/kustomization\.yaml: validators are plugins, which Ferry does not run/,
    ],
    [
      'a transformer plugin that is not builtin',
      { 'app/kustomization.yaml': 'transformers:\n- |-\n  apiVersion: example.com/v1\n  kind: Mangler\n  metadata:\n    name: m\n' },
      /plugin example\.com\/v1\/Mangler is not supported: only builtin transformers run in Ferry/,
    ],
    [
      'an image tag written as a number',
      { 'app/kustomization.yaml': 'images:\n- name: nginx\n  newTag: 1.20\n' },
      /cannot unmarshal number into Go struct field Image\.images\.newTag of type string/,
    ],
  ])('%s', (_name, files, expected) => {
    expect(buildError(files)).toMatch(expected);
  });

  it('refuses a 50 MB resource without reading it', () => {
    const huge = new Uint8Array(50 * 1024 * 1024);
    const message = buildError({ 'app/kustomization.yaml': 'resources:\n- big.yaml\n', 'app/big.yaml': huge });
    expect(message).toMatch(/kustomization app: resource big\.yaml is 52428800 bytes, over the 33554432-byte limit/);
  });

  it('reads a file outside the root with LoadRestrictionsNone', () => {
    const result = buildKustomization({
      tree: new MemoryFileTree({ 'app/kustomization.yaml': 'resources:\n- ../shared.yaml\n', 'shared.yaml': deployment('web') }),
      path: 'app',
      loadRestrictor: 'LoadRestrictionsNone',
    });
    expect(result.objects.map((o) => o.object.metadata)).toEqual([{ name: 'web' }]);
  });

  it('lets a patch target that selects nothing pass, as kustomize does', () => {
    const result = buildKustomization({
      tree: new MemoryFileTree({
        'app/kustomization.yaml': 'resources:\n- d.yaml\npatches:\n- target:\n    kind: StatefulSet\n  patch: |-\n    - op: add\n      path: /x\n      value: 1\n',
        'app/d.yaml': deployment('web'),
      }),
      path: 'app',
    });
    expect(result.objects).toHaveLength(1);
  });
});
