/**
 * The `[tool.ssl-lens]` table of pyproject.toml: its validation, and how it combines with the editor's
 * settings and the command line's options. Pure: it is given the parsed table and the file's path and
 * reads nothing itself, so the editor (over any file system), the browser build and the command line
 * share it.
 */
import { minimatch } from 'minimatch';
import { RULES, rulesForCode } from '../rules/index';
import { targetFromSpecifier } from '../facts/versions';
import type { Severity } from '../types';

/** The keys `[tool.ssl-lens]` accepts; schemas/ssl-lens.schema.json lists the same. */
export const PROJECT_KEYS = ['target-version', 'select', 'ignore', 'per-file-ignores', 'severity', 'exclude'] as const;

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** How `[tool.ssl-lens]` and the editor's `sslLens.*` settings combine (the `sslLens.configurationPreference` setting). */
export type ConfigurationPreference = 'editorFirst' | 'filesystemFirst' | 'editorOnly';

export const CONFIGURATION_PREFERENCES: readonly ConfigurationPreference[] = ['editorFirst', 'filesystemFirst', 'editorOnly'];

/** A validated `[tool.ssl-lens]` table. Codes are our own (peer codes and prefixes are expanded). */
export interface ProjectConfig {
  /** The pyproject.toml it was read from. */
  file: string;
  /** The folder of that file, with forward slashes; globs are relative to it. */
  root: string;
  targetVersion?: string;
  select?: string[];
  ignore: string[];
  perFileIgnores: PerFileIgnore[];
  severity: Record<string, Severity>;
  exclude: string[];
}

export interface PerFileIgnore {
  /** The glob as written; a leading `!` means "files that do not match". */
  pattern: string;
  codes: string[];
}

export interface ResolvedProject {
  config: ProjectConfig;
  /** One message per problem, each naming the file and the key. */
  warnings: string[];
}

/**
 * Validates a `[tool.ssl-lens]` table. Whatever is wrong is reported and left out; the rest still applies,
 * so a typo never stops the checker.
 */
export function resolveProjectConfig(table: unknown, file: string): ResolvedProject {
  const root = folderOf(file);
  const config: ProjectConfig = { file, root, ignore: [], perFileIgnores: [], severity: {}, exclude: [] };
  const warnings: string[] = [];
  const warn = (key: string, message: string) => warnings.push(`${file}: [tool.ssl-lens] ${key}: ${message}`);
  if (!isTable(table)) {
    warnings.push(`${file}: [tool.ssl-lens] must be a table, not ${describe(table)}; ignored`);
    return { config, warnings };
  }
  for (const [key, value] of Object.entries(table)) {
    switch (key) {
      case 'target-version':
        if (typeof value !== 'string') warn(key, `must be a string such as ">=3.8", not ${describe(value)}; ignored`);
        else if (!targetFromSpecifier(value, key)) warn(key, `'${value}' is not a PEP 440 specifier that matches any known Python release; ignored`);
        else config.targetVersion = value;
        break;
      case 'select':
      case 'ignore': {
        const codes = codeList(value, key, warn);
        if (!codes) break;
        if (key === 'select') config.select = codes;
        else config.ignore = codes;
        break;
      }
      case 'per-file-ignores':
        if (!isTable(value)) {
          warn(key, `must be a table of globs to lists of codes, such as { "tests/**" = ["SSL201"] }, not ${describe(value)}; ignored`);
          break;
        }
        for (const [pattern, codes] of Object.entries(value)) {
          const list = codeList(codes, `${key} "${pattern}"`, warn);
          if (list && checkGlob(pattern.replace(/^!/, ''), `${key} "${pattern}"`, warn)) config.perFileIgnores.push({ pattern, codes: list });
        }
        break;
      case 'severity':
        if (!isTable(value)) {
          warn(key, `must be a table of codes to severities, such as { SSL103 = "error" }, not ${describe(value)}; ignored`);
          break;
        }
        for (const [code, severity] of Object.entries(value)) {
          const codes = codesForSelector(code);
          if (!codes) {
            warn(`${key}.${code}`, `unknown rule code '${code}'${suggestion(code, RULES.map((r) => r.code))}; ignored`);
          } else if (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity)) {
            const hint = severity === 'off' ? ' (to turn a rule off, list it in ignore)' : '';
            warn(`${key}.${code}`, `must be one of ${SEVERITIES.map((s) => `"${s}"`).join(', ')}, not ${describe(severity)}${hint}; ignored`);
          } else {
            for (const c of codes) config.severity[c] = severity as Severity;
          }
        }
        break;
      case 'exclude':
        if (!Array.isArray(value) || value.some((g) => typeof g !== 'string')) {
          warn(key, `must be a list of globs, such as ["build/**"], not ${describe(value)}; ignored`);
          break;
        }
        config.exclude = (value as string[]).filter((g) => checkGlob(g, key, warn));
        break;
      default:
        warnings.push(`${file}: [tool.ssl-lens] has an unknown key '${key}'${suggestion(key, PROJECT_KEYS)} (known keys: ${PROJECT_KEYS.join(', ')}); ignored`);
    }
  }
  return { config, warnings };
}

/**
 * The rule codes a selector stands for: a code of ours (`SSL101`), a peer's code (`S502`, `B502`), a prefix
 * of ours (`SSL2`, `SSL20`, `SSL`), or `ALL`. Undefined when it names nothing.
 */
export function codesForSelector(selector: string): string[] | undefined {
  const s = selector.trim().toUpperCase();
  if (s === 'ALL') return RULES.map((r) => r.code);
  const exact = rulesForCode(s);
  if (exact.length) return exact.map((r) => r.code);
  if (/^SSL\d{0,2}$/.test(s)) {
    const codes = RULES.filter((r) => r.code.startsWith(s)).map((r) => r.code);
    return codes.length ? codes : undefined;
  }
  return undefined;
}

/** The path of `filePath` relative to the project's folder, with forward slashes; undefined outside it. */
export function relativeToProject(config: Pick<ProjectConfig, 'root'>, filePath: string): string | undefined {
  const path = slashes(filePath);
  const root = config.root.replace(/\/+$/, '');
  if (path === root) return '';
  if (!path.startsWith(`${root}/`)) return undefined;
  return path.slice(root.length + 1);
}

/**
 * Whether a path relative to the project matches a glob the way Ruff's `exclude` does: a glob without a
 * slash matches any file or folder of that name at any depth (`build`, `*_pb2.py`); a glob with a slash
 * matches from the project's folder (`src/generated/**`, `tests/*.py`). A folder that matches takes
 * everything inside it along.
 */
export function matchesGlob(relativePath: string, glob: string): boolean {
  const pattern = glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\//, '').replace(/\/+$/, '');
  if (!pattern || !relativePath) return false;
  const parts = relativePath.split('/');
  const options = { dot: true, nocase: false };
  if (!pattern.includes('/')) return parts.some((part) => minimatch(part, pattern, options));
  for (let i = parts.length; i > 0; i--) {
    if (minimatch(parts.slice(0, i).join('/'), pattern, options)) return true;
  }
  return false;
}

/** Whether the project's `exclude` covers a file or folder. */
export function isExcludedByProject(config: ProjectConfig, path: string): string | undefined {
  const rel = relativeToProject(config, path);
  if (rel === undefined || rel === '') return undefined;
  return config.exclude.find((g) => matchesGlob(rel, g));
}

/** The `per-file-ignores` entries that apply to a file. */
export function perFileIgnoresFor(config: ProjectConfig, filePath: string): PerFileIgnore[] {
  const rel = relativeToProject(config, filePath);
  if (rel === undefined) return [];
  return config.perFileIgnores.filter((p) => (p.pattern.startsWith('!') ? !matchesGlob(rel, p.pattern.slice(1)) : matchesGlob(rel, p.pattern)));
}

// ---- combining sources ------------------------------------------------------------------------

/**
 * One source of rule selection: the command line, the editor's settings or `[tool.ssl-lens]`. Each field
 * is optional; a source that does not mention a rule leaves it to the next source.
 */
export interface RuleLayer {
  /** When present, the rules this source turns on; every other rule is off as far as it is concerned. */
  select?: ReadonlySet<string>;
  /** Rules this source turns on whatever `select` says (an editor severity for a code). */
  enable?: ReadonlySet<string>;
  ignore?: ReadonlySet<string>;
  severity?: ReadonlyMap<string, Severity>;
  /** Where each field came from, for `--show-settings`. */
  sources: { select?: string; enable?: string; ignore?: string; severity?: string };
}

/** What was decided for one rule, and by which source. */
export interface RuleState {
  code: string;
  enabled: boolean;
  enabledBy: string;
  severity: Severity;
  severityBy: string;
}

/** The layer `[tool.ssl-lens]` contributes. */
export function projectLayer(config: ProjectConfig, displayFile = config.file): RuleLayer {
  const where = (key: string) => `${key} in [tool.ssl-lens] (${displayFile})`;
  return {
    select: config.select ? new Set(config.select) : undefined,
    ignore: new Set(config.ignore),
    severity: new Map(Object.entries(config.severity)),
    sources: { select: where('select'), ignore: where('ignore'), severity: where('severity') },
  };
}

/** The layer the editor's `sslLens.rules` setting contributes: `off` turns a rule off, a severity turns it on with that severity. */
export function editorLayer(rules: Readonly<Record<string, string>> | undefined, source = 'the sslLens.rules setting'): RuleLayer {
  const enable = new Set<string>();
  const ignore = new Set<string>();
  const severity = new Map<string, Severity>();
  for (const [key, value] of Object.entries(rules ?? {})) {
    for (const code of codesForSelector(key) ?? []) {
      if (value === 'off') ignore.add(code);
      else if ((SEVERITIES as readonly string[]).includes(value)) {
        enable.add(code);
        severity.set(code, value as Severity);
      }
    }
  }
  return { enable, ignore, severity, sources: { enable: source, ignore: source, severity: source } };
}

/**
 * Decides each rule from layers in order of precedence (the first that has an opinion wins), then applies
 * the per-file ignores, which silence a rule in matching files as a `# noqa` comment would.
 */
export function resolveRules(layers: readonly RuleLayer[], perFile: readonly { codes: readonly string[]; source: string }[] = []): Map<string, RuleState> {
  const states = new Map<string, RuleState>();
  for (const rule of RULES) {
    let enabled: boolean | undefined;
    let enabledBy = 'default';
    for (const layer of layers) {
      if (layer.ignore?.has(rule.code)) [enabled, enabledBy] = [false, layer.sources.ignore ?? 'ignore'];
      else if (layer.enable?.has(rule.code)) [enabled, enabledBy] = [true, layer.sources.enable ?? 'enable'];
      else if (layer.select) [enabled, enabledBy] = [layer.select.has(rule.code), layer.sources.select ?? 'select'];
      if (enabled !== undefined) break;
    }
    const ignoredHere = perFile.find((p) => p.codes.includes(rule.code));
    if (ignoredHere && enabled !== false) [enabled, enabledBy] = [false, ignoredHere.source];
    let severity: Severity = rule.defaultSeverity;
    let severityBy = 'default';
    for (const layer of layers) {
      const s = layer.severity?.get(rule.code);
      if (s) {
        [severity, severityBy] = [s, layer.sources.severity ?? 'severity'];
        break;
      }
    }
    states.set(rule.code, { code: rule.code, enabled: enabled ?? true, enabledBy, severity, severityBy });
  }
  return states;
}

/**
 * The editor's view of a file: the rules to run and the project's exclusions, combined with the
 * `sslLens.*` settings under the chosen preference.
 */
export function editorRuleStates(
  preference: ConfigurationPreference,
  editorRules: Readonly<Record<string, string>> | undefined,
  project: ProjectConfig | undefined,
  filePath: string | undefined,
): Map<string, RuleState> {
  const editor = editorLayer(editorRules);
  if (!project || preference === 'editorOnly') return resolveRules([editor]);
  const fromProject = projectLayer(project);
  const layers = preference === 'filesystemFirst' ? [fromProject, editor] : [editor, fromProject];
  return resolveRules(layers, filePath ? perFileSources(project, filePath) : []);
}

/** The per-file ignores that apply to a file, each with where it came from. */
export function perFileSources(project: ProjectConfig, filePath: string, displayFile = project.file): { codes: string[]; source: string }[] {
  return perFileIgnoresFor(project, filePath).map((p) => ({ codes: p.codes, source: `per-file-ignores "${p.pattern}" in [tool.ssl-lens] (${displayFile})` }));
}

/** Reads the `sslLens.configurationPreference` value, falling back to the default for anything else. */
export function configurationPreference(value: unknown): ConfigurationPreference {
  return (CONFIGURATION_PREFERENCES as readonly unknown[]).includes(value) ? (value as ConfigurationPreference) : 'editorFirst';
}

// ---- helpers ----------------------------------------------------------------------------------

function codeList(value: unknown, key: string, warn: (key: string, message: string) => void): string[] | undefined {
  if (!Array.isArray(value) || value.some((c) => typeof c !== 'string')) {
    warn(key, `must be a list of rule codes, such as ["SSL201"], not ${describe(value)}; ignored`);
    return undefined;
  }
  const codes = new Set<string>();
  for (const selector of value as string[]) {
    const found = codesForSelector(selector);
    if (!found) warn(key, `unknown rule code '${selector}'${suggestion(selector, RULES.map((r) => r.code))}; ignored`);
    else for (const c of found) codes.add(c);
  }
  return [...codes];
}

function checkGlob(glob: string, key: string, warn: (key: string, message: string) => void): boolean {
  if (!glob.trim()) {
    warn(key, 'an empty glob matches nothing; ignored');
    return false;
  }
  try {
    minimatch('', glob);
    return true;
  } catch (error) {
    warn(key, `'${glob}' is not a valid glob (${String(error)}); ignored`);
    return false;
  }
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Names a TOML value's kind for messages: `the number 3`, `a table`. */
function describe(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'string') return `the string "${value}"`;
  if (typeof value === 'number' || typeof value === 'bigint') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (Array.isArray(value)) return 'a list' + (value.length ? ` of ${[...new Set(value.map((v) => kind(v)))].join(' and ')}` : '');
  if (value instanceof Date) return 'a date';
  return 'a table';
}

function kind(value: unknown): string {
  if (typeof value === 'string') return 'strings';
  if (typeof value === 'number' || typeof value === 'bigint') return 'numbers';
  if (typeof value === 'boolean') return 'booleans';
  if (Array.isArray(value)) return 'lists';
  return 'tables';
}

/** ` (did you mean 'x'?)` for a near miss, else nothing. */
function suggestion(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = word.toLowerCase().replace(/_/g, '-');
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? ` (did you mean '${best}'?)` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function slashes(path: string): string {
  return path.replace(/\\/g, '/');
}

function folderOf(file: string): string {
  const p = slashes(file);
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i);
}
