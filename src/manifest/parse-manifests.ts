/**
 * Reads the Kubernetes objects of one manifest file: multi-document YAML, or JSON (`.json`: one
 * object, a List, or an array of them). Each object keeps its origin; every problem is a
 * one-line FerryError naming the file and line.
 */
import { loadAll, YAMLException } from 'js-yaml';
import { FerryError } from '../core/index.ts';
import { objectsOfDocument } from './check-object.ts';
import { DEFAULT_MAX_EXPANDED_SIZE, describeExpandProblem, expandValue } from './expand-value.ts';
import { findJsonSyntaxError, jsonArrayElementOffsets, lineAndColumn } from './json-scan.ts';
import { KUBE_YAML_SCHEMA } from './kube-yaml-schema.ts';
import { checkManifestSize, DEFAULT_MAX_MANIFEST_BYTES } from './limits.ts';
import { firstContentLine, splitYamlChunks } from './split-documents.ts';
import type { ManifestOrigin, ParsedObject, ParseOptions } from './types.ts';

const BOM = '\uFEFF';

export function isJsonFile(file: string): boolean {
  return file.endsWith('.json');
}

export function parseManifests(file: string, text: string, options: ParseOptions = {}): ParsedObject[] {
  // The caller checks the byte size before reading; this guards callers that did not. A string
  // never has more characters than its UTF-8 encoding has bytes.
  checkManifestSize(file, text.length, options.maxFileBytes ?? DEFAULT_MAX_MANIFEST_BYTES);
  const content = text.startsWith(BOM) ? text.slice(1) : text;
  return isJsonFile(file) ? parseJson(file, content, options) : parseYaml(file, content, options);
}

function parseYaml(file: string, text: string, options: ParseOptions): ParsedObject[] {
  return parseYamlDocuments(file, text, options).flatMap(({ value, origin }) => objectsOfDocument(value, origin));
}

/**
 * The non-empty documents of a YAML text as plain values (no Kubernetes checks), read with the
 * Kubernetes YAML schema and bounded against alias bombs: for value files and other YAML that
 * renderers read.
 */
export function parseYamlDocuments(
  file: string,
  text: string,
  options: ParseOptions = {},
): { readonly value: unknown; readonly origin: ManifestOrigin }[] {
  checkManifestSize(file, text.length, options.maxFileBytes ?? DEFAULT_MAX_MANIFEST_BYTES);
  const content = text.startsWith(BOM) ? text.slice(1) : text;
  const limit = options.maxExpandedSize ?? DEFAULT_MAX_EXPANDED_SIZE;
  let budget = limit;
  let document = 0;
  const documents: { value: unknown; origin: ManifestOrigin }[] = [];
  for (const chunk of splitYamlChunks(content)) {
    let values: unknown[];
    try {
      // `json: true`: a repeated key keeps its last value, as kubectl and Argo CD read it.
      values = loadAll(chunk.text, null, { schema: KUBE_YAML_SCHEMA, json: true, filename: file });
    } catch (error) {
      throw yamlError(file, chunk.line, error);
    }
    for (const value of values) {
      const origin: ManifestOrigin = { file, document, line: firstContentLine(chunk) };
      document += 1;
      if (value === null || value === undefined) continue;
      const expanded = expandValue(value, budget);
      if (!expanded.ok) {
        // The budget is the file's: report the limit the caller set, not what was left of it.
        const problem = expanded.problem.kind === 'too-large' ? { ...expanded.problem, limit } : expanded.problem;
        throw new FerryError(
          'MANIFEST_YAML_INVALID',
          `${origin.file}:${origin.line}: document ${origin.document}: ${describeExpandProblem(problem)}`,
          { httpStatus: 400 },
        );
      }
      budget -= expanded.size;
      documents.push({ value: expanded.value, origin });
    }
  }
  return documents;
}

function yamlError(file: string, firstLine: number, error: unknown): FerryError {
  if (error instanceof YAMLException) {
    const line = firstLine + (error.mark?.line ?? 0);
    const column = (error.mark?.column ?? 0) + 1;
    return new FerryError('MANIFEST_YAML_INVALID', `${file}:${line}:${column}: malformed YAML: ${error.reason}`, {
      httpStatus: 400,
    });
  }
  // js-yaml throws plain errors for some limits (a stack overflow on absurd nesting, say).
  const reason = error instanceof Error ? error.message : String(error);
  return new FerryError('MANIFEST_YAML_INVALID', `${file}:${firstLine}: malformed YAML: ${reason}`, { httpStatus: 400 });
}

function parseJson(file: string, text: string, options: ParseOptions): ParsedObject[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const syntax = findJsonSyntaxError(text) ?? { offset: 0, reason: 'not valid JSON' };
    const { line, column } = lineAndColumn(text, syntax.offset);
    throw new FerryError('MANIFEST_JSON_INVALID', `${file}:${line}:${column}: malformed JSON: ${syntax.reason}`, {
      httpStatus: 400,
    });
  }
  const expanded = expandValue(value, options.maxExpandedSize ?? DEFAULT_MAX_EXPANDED_SIZE);
  if (!expanded.ok) {
    throw new FerryError('MANIFEST_JSON_INVALID', `${file}: ${describeExpandProblem(expanded.problem)}`, {
      httpStatus: 400,
    });
  }
  const firstLine = lineAndColumn(text, text.length - text.trimStart().length).line;
  if (!Array.isArray(value)) return objectsOfDocument(value, { file, document: 0, line: firstLine });
  const offsets = jsonArrayElementOffsets(text);
  return value.flatMap((element: unknown, index) => {
    const line = lineAndColumn(text, offsets[index] ?? 0).line;
    return objectsOfDocument(element, { file, document: index, line });
  });
}
