/**
 * How the API-backed commands print: `-o table` (the default), `wide` (more columns), `json`
 * and `yaml` (the API's objects unchanged, for scripts).
 */
import { Option } from 'commander';
import { printYamlDocuments } from '../manifest/index.ts';

export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml';

export function outputOption(): Option {
  return new Option('-o, --output <format>', 'table, wide, json or yaml').choices(['table', 'wide', 'json', 'yaml']).default('table');
}

/** Columns separated by three spaces, as kubectl prints them. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('   ').trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

/** Prints structured output (json, yaml); false for the table formats, which each command prints. */
export function printStructured(format: OutputFormat, value: unknown, write: (text: string) => void): boolean {
  if (format === 'json') {
    write(`${JSON.stringify(value, null, 2)}\n`);
    return true;
  }
  if (format === 'yaml') {
    write(printYamlDocuments([value]).replace(/^---\n/, ''));
    return true;
  }
  return false;
}

/** Label: value lines aligned, as `argocd app get` prints an application. */
export function formatFields(fields: readonly (readonly [string, string | undefined])[]): string {
  const shown = fields.filter((f): f is readonly [string, string] => f[1] !== undefined && f[1] !== '');
  const width = Math.max(...shown.map(([label]) => label.length + 1));
  return shown.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}\n`).join('');
}

export function shortSha(revision: string | undefined): string {
  return revision && /^[0-9a-f]{40}$/.test(revision) ? revision.slice(0, 7) : (revision ?? '');
}
