/**
 * Cuts a multi-document YAML text into chunks at its `---` and `...` markers, so each document
 * can be parsed alone and its errors and objects located by line. A `---` (or `...`) at column 0
 * followed by a blank or the end of the line always starts (or ends) a document in YAML, inside a
 * block scalar too, so a line-based cut agrees with the parser: each chunk holds at most one
 * document.
 */

export interface YamlChunk {
  /** The chunk's text, starting at the beginning of its first line. */
  readonly text: string;
  /** 1-based line of the chunk's first line in the file. */
  readonly line: number;
}

const DOCUMENT_START = /^---(?:[ \t\r]|$)/;
const DOCUMENT_END = /^\.\.\.(?:[ \t\r]|$)/;
const IGNORABLE = /^(?:[ \t]*(?:#.*)?\r?)$/;

export function splitYamlChunks(text: string): YamlChunk[] {
  const lines = text.split('\n');
  const chunks: { lines: string[]; line: number }[] = [];
  let current: { lines: string[]; line: number } = { lines: [], line: 1 };
  lines.forEach((lineText, index) => {
    if (DOCUMENT_START.test(lineText) && (index > 0 || current.lines.length > 0)) {
      chunks.push(current);
      current = { lines: [], line: index + 1 };
    }
    current.lines.push(lineText);
    if (DOCUMENT_END.test(lineText)) {
      chunks.push(current);
      current = { lines: [], line: index + 2 };
    }
  });
  chunks.push(current);
  // A chunk of nothing but directives (`%YAML 1.2`) and comments belongs to the document that
  // its `---` opens.
  const merged: { lines: string[]; line: number }[] = [];
  for (const chunk of chunks) {
    const previous = merged[merged.length - 1];
    if (previous && isDirectivesOnly(previous.lines)) {
      previous.lines.push(...chunk.lines);
      continue;
    }
    merged.push(chunk);
  }
  return merged.map((chunk) => ({ text: chunk.lines.join('\n'), line: chunk.line }));
}

function isDirectivesOnly(lines: readonly string[]): boolean {
  let directives = 0;
  for (const line of lines) {
    if (line.startsWith('%')) directives += 1;
    else if (!IGNORABLE.test(line)) return false;
  }
  return directives > 0;
}

/**
 * 1-based line of the first content of a document inside its chunk: after the `---` marker
 * (unless content follows it on the same line), blank lines, comments and directives.
 */
export function firstContentLine(chunk: YamlChunk): number {
  const lines = chunk.text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line.startsWith('%') || IGNORABLE.test(line)) continue;
    if (DOCUMENT_START.test(line) && IGNORABLE.test(line.slice(3))) continue;
    return chunk.line + index;
  }
  return chunk.line;
}
