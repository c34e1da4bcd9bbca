/**
 * Runs Go template snippets through the real helm (Go's text/template, fmt and Helm's
 * missingkey=zero), to compare Ferry's gotemplate engine with Go.
 *
 * - `renderWithHelm`: one helm run for many snippets. Each becomes `{{define "caseN"}}…{{end}}`
 *   executed by `include` with its data as dot, so the output is Go's raw text (`<no value>`
 *   kept, as include does not replace it), read back base64-encoded.
 * - `errorFromHelm`: one helm run per snippet, through `tpl`, whose error message carries
 *   Go's own text (`template: gotpl:1:5: executing "gotpl" at <.x.y>: ...`).
 *
 * Data travels as JSON in values.yaml, so its numbers are float64, as with Helm's values.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { helmPath } from './oracles.ts';

const run = promisify(execFile);

export interface OracleCase {
  readonly template: string;
  readonly data?: unknown;
}

function makeChart(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ferry-gotpl-'));
  mkdirSync(path.join(dir, 'templates'));
  writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  return dir;
}

/**
 * Go's output for each snippet. When the batch fails (one snippet errors), the snippets run
 * one by one and a failing one gives `ERROR: <helm's message>`.
 */
export async function renderWithHelm(cases: readonly OracleCase[]): Promise<string[]> {
  try {
    return await renderBatch(cases);
  } catch {
    const outputs: string[] = [];
    for (let i = 0; i < cases.length; i += 2) {
      const pair = await Promise.all(
        cases.slice(i, i + 2).map((c) =>
          renderBatch([c]).then(
            (out) => out[0]!,
            (error: unknown) => `ERROR: ${String((error as { stderr?: string }).stderr ?? error).trim()}`,
          ),
        ),
      );
      outputs.push(...pair);
    }
    return outputs;
  }
}

async function renderBatch(cases: readonly OracleCase[]): Promise<string[]> {
  const dir = makeChart();
  try {
    const values: Record<string, unknown> = {};
    cases.forEach((c, i) => {
      values[`c${i}`] = c.data ?? {};
      const file = `{{define "case${i}"}}${c.template}{{end}}\nk${i}: {{ include "case${i}" .Values.c${i} | b64enc | quote }}\n`;
      writeFileSync(path.join(dir, 'templates', `t${i}.yaml`), file);
    });
    writeFileSync(path.join(dir, 'values.yaml'), JSON.stringify(values));
    const { stdout } = await run(helmPath(), ['template', 'r', dir], { maxBuffer: 64 * 1024 * 1024 });
    const outputs: string[] = [];
    for (const match of stdout.matchAll(/^k(\d+): "([^"]*)"$/gm)) {
      outputs[Number(match[1])] = Buffer.from(match[2]!, 'base64').toString('utf8');
    }
    return outputs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Go's error text for a snippet executed as template "gotpl" with missingkey=zero, or its output. */
export async function errorFromHelm(c: OracleCase): Promise<{ error?: string; output?: string }> {
  const dir = makeChart();
  try {
    writeFileSync(path.join(dir, 'values.yaml'), JSON.stringify({ tpl: c.template, data: c.data ?? {} }));
    writeFileSync(path.join(dir, 'templates', 'x.yaml'), 'k: {{ tpl .Values.tpl .Values.data | b64enc | quote }}\n');
    try {
      const { stdout } = await run(helmPath(), ['template', 'r', dir], { maxBuffer: 64 * 1024 * 1024 });
      const match = /^k: "([^"]*)"$/m.exec(stdout);
      return { output: match ? Buffer.from(match[1]!, 'base64').toString('utf8') : stdout };
    } catch (error) {
      const text = String((error as { stderr?: string }).stderr ?? error);
      const start = text.indexOf('template: gotpl:');
      const line = start < 0 ? text : text.slice(start).split('\n')[0]!;
      return { error: line };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
