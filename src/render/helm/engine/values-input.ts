/**
 * The values a user gives a release, merged as `helm template` merges them
 * (values.Options.MergeValues): `-f` files in order, then `--set-json`, `--set`,
 * `--set-string`, `--set-file` and `--set-literal`.
 */
import { messageOf } from '../../../core/index.ts';
import { helmError } from '../errors.ts';
import { loadValuesText } from '../chart/load.ts';
import { mergeMaps } from '../values/coalesce.ts';
import type { Values } from '../values/coalesce.ts';
import { parseSet, parseSetFile, parseSetJson, parseSetLiteral, parseSetString } from '../values/strvals.ts';

export interface ValueSources {
  /** `-f` files, in order: a name for messages and the text. */
  readonly files?: readonly { readonly name: string; readonly text: string }[];
  readonly setJson?: readonly string[];
  readonly set?: readonly string[];
  readonly setString?: readonly string[];
  readonly setFile?: readonly string[];
  readonly setLiteral?: readonly string[];
  /** Reads the file a `--set-file` value names. */
  readonly readFile?: (path: string) => string;
}

/** Largest values file read (Helm has no limit for -f; this keeps memory and time bounded). */
export const MAX_VALUES_FILE_BYTES = 16 * 1024 * 1024;

export function mergeValueSources(sources: ValueSources): Values {
  let values: Values = {};
  for (const file of sources.files ?? []) {
    if (file.text.length > MAX_VALUES_FILE_BYTES) {
      throw helmError(
        'RENDER_HELM_VALUES_INVALID',
        `values file ${file.name} is ${file.text.length} bytes, over the limit of ${MAX_VALUES_FILE_BYTES} bytes (16 MiB)`,
      );
    }
    let parsed: Values;
    try {
      parsed = loadValuesText(file.text);
    } catch (error) {
      throw helmError('RENDER_HELM_VALUES_INVALID', `failed to parse ${file.name}: ${messageOf(error)}`, error);
    }
    values = mergeMaps(values, parsed);
  }
  const apply = (flag: string, list: readonly string[] | undefined, parse: (text: string, into: Values) => void) => {
    for (const text of list ?? []) {
      try {
        parse(text, values);
      } catch (error) {
        throw helmError('RENDER_HELM_VALUES_INVALID', `failed parsing ${flag} data ${JSON.stringify(text)}: ${messageOf(error)}`, error);
      }
    }
  };
  apply('--set-json', sources.setJson, parseSetJson);
  apply('--set', sources.set, parseSet);
  apply('--set-string', sources.setString, parseSetString);
  apply('--set-file', sources.setFile, (text, into) =>
    parseSetFile(text, into, (path) => {
      if (!sources.readFile) throw new Error(`cannot read ${path}: no file access`);
      return sources.readFile(path);
    }),
  );
  apply('--set-literal', sources.setLiteral, parseSetLiteral);
  return values;
}
