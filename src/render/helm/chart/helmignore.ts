/**
 * `.helmignore` as Helm reads it (pkg/ignore): gitignore-like lines, but no `**`; a pattern
 * without `/` matches the base name, one with `/` the whole path, a leading `/` anchors at the
 * chart root, a trailing `/` only matches directories, and `!` negates (with Helm's own
 * reading: a negated pattern that does not match ignores the path). `templates/.?*` is always
 * ignored.
 */
import { GlobSyntaxError, goMatchRegExp } from './glob.ts';

interface Pattern {
  readonly raw: string;
  readonly negate: boolean;
  readonly mustDir: boolean;
  readonly regexp: RegExp;
  readonly base: boolean;
}

export class HelmIgnore {
  private readonly patterns: Pattern[] = [];

  /** Parses the text of a .helmignore file; throws on `**` or a bad pattern. */
  static parse(text: string): HelmIgnore {
    const rules = new HelmIgnore();
    for (const line of text.split(/\r?\n/)) rules.add(line);
    rules.add('templates/.?*');
    return rules;
  }

  static defaults(): HelmIgnore {
    return HelmIgnore.parse('');
  }

  private add(line: string): void {
    let rule = line.trim();
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) throw new GlobSyntaxError(`.helmignore: double-star (**) syntax is not supported: ${rule}`);
    const raw = rule;
    let negate = false;
    if (rule.startsWith('!')) {
      negate = true;
      rule = rule.slice(1);
    }
    let mustDir = false;
    if (rule.endsWith('/')) {
      mustDir = true;
      rule = rule.slice(0, -1);
    }
    let base = false;
    if (rule.startsWith('/')) rule = rule.slice(1);
    else if (!rule.includes('/')) base = true;
    let regexp: RegExp;
    try {
      regexp = goMatchRegExp(rule);
    } catch {
      throw new GlobSyntaxError(`.helmignore: syntax error in pattern ${raw}`);
    }
    this.patterns.push({ raw, negate, mustDir, regexp, base });
  }

  /** True when `path` (relative to the chart root) is to be left out. */
  ignores(path: string, isDirectory: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    const baseName = path.slice(path.lastIndexOf('/') + 1);
    for (const pattern of this.patterns) {
      const matches = pattern.regexp.test(pattern.base ? baseName : path);
      if (pattern.negate) {
        if (pattern.mustDir && !isDirectory) return true;
        if (!matches) return true;
        continue;
      }
      if (pattern.mustDir && !isDirectory) continue;
      if (matches) return true;
    }
    return false;
  }
}
