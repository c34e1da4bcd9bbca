// ESLint rule that keeps the layer order of DESIGN.md: a folder of src/ may import only from
// folders above it in the table, and nothing but compose.ts and main.ts may import an adapter.
import path from 'node:path';

const LAYERS = [
  'core', 'config', 'manifest', 'render', 'diff', 'health', 'plan', 'application',
  'source', 'cluster', 'store', 'engine', 'server', 'cli',
];
// Adapters arrive only through compose.ts: everything else talks to their ports.
const ADAPTERS = ['source/git', 'source/local', 'cluster/kube', 'cluster/sim', 'store/sqlite'];
// Folders at the same level that must not see each other although neither is above the other.
const SIBLINGS_APART = [['source', 'cluster'], ['source', 'store'], ['cluster', 'store']];
const ROOTS = new Set(['compose.ts', 'compose-server.ts', 'main.ts']);

function locate(srcRoot, file) {
  const rel = path.relative(srcRoot, file).split(path.sep).join('/');
  if (rel.startsWith('..')) return undefined;
  const top = rel.split('/')[0];
  const adapter = ADAPTERS.find((a) => rel === a || rel.startsWith(`${a}/`));
  return { rel, top, layer: LAYERS.indexOf(top), adapter };
}

export const layerRule = {
  meta: {
    type: 'problem',
    docs: { description: 'enforce the import rules between layers of DESIGN.md' },
    schema: [],
  },
  create(context) {
    const srcRoot = path.resolve(context.cwd, 'src');
    const from = locate(srcRoot, context.filename);
    if (!from || ROOTS.has(from.rel)) return {};
    function check(node, specifier) {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const to = locate(srcRoot, path.resolve(path.dirname(context.filename), specifier));
      if (!to) return;
      if (ROOTS.has(to.rel)) {
        context.report({ node, message: `${from.rel} imports ${to.rel}: only the entry point wires implementations` });
        return;
      }
      if (to.top === from.top) return;
      if (to.adapter && from.adapter !== to.adapter) {
        context.report({ node, message: `${from.rel} imports the adapter ${to.adapter}: use its port; adapters are picked in compose.ts` });
        return;
      }
      const apart = SIBLINGS_APART.some(([a, b]) => (a === from.top && b === to.top) || (b === from.top && a === to.top));
      if (to.layer < 0 || from.layer < 0) return;
      if (to.layer > from.layer || apart) {
        context.report({ node, message: `${from.top} may not import ${to.top} (layer order in DESIGN.md)` });
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
