/**
 * Just enough of Docker's build inputs to check them without a Docker engine: the Dockerfile's
 * stages and instructions (comments, line continuations, JSON and shell forms), and
 * .dockerignore's patterns as moby's patternmatcher applies them (Go's filepath.Match plus
 * `**`, exclusions with `!`, the last matching pattern wins, a directory excluded takes its
 * contents with it).
 */

export interface Instruction {
  readonly keyword: string;
  /** The arguments: the JSON array's items, or the words of the shell form. */
  readonly args: string[];
  /** The text after the keyword, flags included. */
  readonly raw: string;
  readonly line: number;
  /** `--from=deps` and the like. */
  readonly flags: Readonly<Record<string, string>>;
  /** `COPY`/`ADD`/`RUN` arguments with the flags removed. */
  readonly operands: string[];
  /** True for the JSON (exec) form. */
  readonly exec: boolean;
}

export interface Stage {
  readonly base: string;
  readonly name?: string;
  readonly index: number;
  readonly instructions: Instruction[];
}

function splitWords(text: string): string[] {
  return text.trim() === '' ? [] : text.trim().split(/\s+/);
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let logical = lines[i] ?? '';
    if (/^\s*(#|$)/.test(logical)) continue;
    while (logical.trimEnd().endsWith('\\') && i + 1 < lines.length) {
      const next = lines[++i] ?? '';
      // A comment line inside a continued instruction is dropped, as BuildKit does.
      if (/^\s*#/.test(next)) continue;
      logical = `${logical.trimEnd().slice(0, -1)} ${next}`;
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(logical);
    if (!match) throw new Error(`Dockerfile:${start + 1}: cannot parse ${JSON.stringify(logical)}`);
    const keyword = (match[1] ?? '').toUpperCase();
    const raw = (match[2] ?? '').trim();
    let exec = false;
    let args: string[];
    if (raw.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) throw new Error('not an array of strings');
        args = parsed;
        exec = true;
      } catch {
        args = splitWords(raw);
      }
    } else {
      args = splitWords(raw);
    }
    const flags: Record<string, string> = {};
    const operands: string[] = [];
    for (const arg of args) {
      const flag = exec ? undefined : /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
      if (flag && operands.length === 0) flags[flag[1] ?? ''] = flag[2] ?? 'true';
      else operands.push(arg);
    }
    const instruction: Instruction = { keyword, args, raw, line: start + 1, flags, operands, exec };
    if (keyword === 'FROM') {
      const [base = '', as, name] = operands;
      stages.push({ base, ...(as?.toUpperCase() === 'AS' && name ? { name } : {}), index: stages.length, instructions: [instruction] });
      continue;
    }
    const current = stages[stages.length - 1];
    if (!current) throw new Error(`Dockerfile:${start + 1}: ${keyword} before any FROM`);
    current.instructions.push(instruction);
  }
  return stages;
}

/** `ENV A=b C=d` and the legacy `ENV A b`. */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of stage.instructions.filter((i) => i.keyword === 'ENV')) {
    if (instruction.args.length === 2 && !instruction.args[0]?.includes('=')) env[instruction.args[0] ?? ''] = instruction.args[1] ?? '';
    else for (const pair of instruction.args) env[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1).replace(/^"(.*)"$/, '$1');
  }
  return env;
}

interface IgnoreRule {
  readonly regex: RegExp;
  readonly exclusion: boolean;
}

function patternRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*' && pattern[i + 1] === '*') {
      const slashAfter = pattern[i + 2] === '/';
      out += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** A predicate: is this path (relative to the context, `/`-separated) left out of the build context? */
export function dockerIgnore(text: string): (file: string) => boolean {
  const rules: IgnoreRule[] = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const exclusion = line.startsWith('!');
      const pattern = (exclusion ? line.slice(1) : line).trim().replace(/^\/+|\/+$/g, '').replace(/^\.\//, '');
      return { regex: patternRegex(pattern), exclusion };
    });
  return (file) => {
    const parts = file.split('/');
    const candidates = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
    let ignored = false;
    for (const rule of rules) {
      if (candidates.some((candidate) => rule.regex.test(candidate))) ignored = !rule.exclusion;
    }
    return ignored;
  };
}
