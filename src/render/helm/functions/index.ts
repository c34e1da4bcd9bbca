/**
 * The functions Helm gives templates: Sprig v3 as Helm registers it (without `env` and
 * `expandenv`) plus Helm's own. `helmFuncMap(runtime)` builds the map once per runtime.
 */
import type { FuncMap } from '../gotemplate/index.ts';
import { collectionFunctions } from './collections.ts';
import { cryptoFunctions } from './crypto.ts';
import { dateFunctions } from './dates.ts';
import { helmFunctions } from './helm.ts';
import { mathFunctions } from './math.ts';
import { regexFunctions } from './regex.ts';
import type { HelmRuntime } from './runtime.ts';
import { semverUrlFunctions } from './semver-url.ts';
import { stringFunctions } from './strings.ts';
import { valueFunctions } from './values.ts';

export type { HelmRuntime } from './runtime.ts';
export { createRuntime, seededRuntime, systemRuntime } from './runtime.ts';
export { WARN_START, WARN_END, warnWrap, RECURSION_MAX } from './helm.ts';
export { GoTime } from './time.ts';
export { Certificate } from './crypto.ts';

const cache = new WeakMap<HelmRuntime, FuncMap>();

export function helmFuncMap(runtime: HelmRuntime): FuncMap {
  const cached = cache.get(runtime);
  if (cached) return cached;
  const map: FuncMap = Object.freeze({
    ...stringFunctions(runtime),
    ...mathFunctions(runtime),
    ...valueFunctions(),
    ...collectionFunctions(),
    ...regexFunctions(),
    ...dateFunctions(runtime),
    ...semverUrlFunctions(),
    ...cryptoFunctions(runtime),
    ...helmFunctions(),
  });
  cache.set(runtime, map);
  return map;
}
