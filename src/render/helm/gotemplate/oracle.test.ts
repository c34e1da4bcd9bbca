/**
 * The recorded Go behaviour (testdata/go-cases.ts) checked against the real helm again, so the
 * table cannot drift from Go: every output case in one helm run, every tpl case in its own.
 */
import { describe, expect, it } from 'vitest';
import { errorFromHelm, renderWithHelm } from '../../../../test/support/go-template-oracle.ts';
import { TemplateSet } from './template-set.ts';
import { OUTPUT_CASES, TPL_CASES } from './testdata/go-cases.ts';

function ours(template: string, data: unknown, name: string): { output?: string; error?: string } {
  const set = new TemplateSet(name, { missingKey: 'zero' });
  try {
    return { output: set.parse(name, template).execute(name, data ?? {}) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('gotemplate against the real helm', () => {
  it('renders every output case as Go does', async () => {
    const go = await renderWithHelm(OUTPUT_CASES);
    OUTPUT_CASES.forEach((c, i) => {
      expect(go[i], c.template).toBe(c.expected);
      expect(ours(c.template, c.data, 'x').output, c.template).toBe(go[i]);
    });
  }, 60_000);

  it('fails (or not) as Go does through tpl', async () => {
    const queue = [...TPL_CASES];
    const worker = async (): Promise<void> => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
        const go = await errorFromHelm(c);
        const mine = ours(c.template, c.data, 'gotpl');
        if (go.error !== undefined) {
          expect(go.error, c.template).toBe(c.expected);
          expect(mine.error, c.template).toBe(go.error);
        } else {
          expect(go.output, c.template).toBe(c.expected);
          expect(mine.output?.replaceAll('<no value>', ''), c.template).toBe(go.output);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  }, 120_000);
});
