export { renderPlainDirectory, selectManifestFiles } from './render-plain.ts';
export { compileGlob, matchGlob } from './glob.ts';
export type { GlobMatcher } from './glob.ts';
