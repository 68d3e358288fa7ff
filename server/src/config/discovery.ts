import { parse as parseToml } from 'smol-toml';
import { parse as parseIni } from 'ini';
import { parsePython } from '../python/parser';
import { walk } from '../python/model';
import { defaultTarget, targetFromSpecifier } from '../facts/versions';
import type { Target } from '../types';
import { resolveProjectConfig, type ProjectConfig as ResolvedProjectConfig } from './project';

/** How configuration files are read: from disk in Node, through the client for virtual workspaces. */
export interface ConfigFileSystem {
  readText(path: string): string | undefined;
  dirname(path: string): string;
  join(dir: string, name: string): string;
}

/** The `[tool.ssl-lens]` table and where it came from. */
export interface ProjectConfig {
  file: string;
  table: Record<string, unknown>;
}

export interface TargetOptions {
  /** Whether `[tool.ssl-lens] target-version` counts (false under the editorOnly preference); default true. */
  toolTable?: boolean;
}

/**
 * Finds each file's target Python versions, walking up from the file's directory. In each directory
 * the first of these wins: `[tool.ssl-lens] target-version`, `[project] requires-python` and
 * `[tool.ruff] target-version` in pyproject.toml, `python_requires` in setup.cfg, then in setup.py
 * (parsed, never executed), then `.python-version`. With none anywhere, the documented default applies.
 * Results are cached per directory; call `invalidate()` when a configuration file changes.
 */
export class TargetDiscovery {
  private readonly cache = new Map<string, Target | null>();
  private readonly configCache = new Map<string, ProjectConfig | null>();
  private readonly resolvedCache = new Map<string, ResolvedProjectConfig>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly fs: ConfigFileSystem,
    private readonly warn: (message: string) => void,
    /** Directories above which the search stops (workspace folders); none means the file system root. */
    private readonly roots: string[] = [],
  ) {}

  targetFor(filePath: string, options: TargetOptions = {}): Target {
    return this.findTarget(filePath, options) ?? defaultTarget();
  }

  /** The target a configuration file gives, or undefined where none does (the default then applies). */
  findTarget(filePath: string, options: TargetOptions = {}): Target | undefined {
    const toolTable = options.toolTable !== false;
    let dir = this.fs.dirname(filePath);
    for (let depth = 0; depth < 64; depth++) {
      const found = this.targetIn(dir, toolTable);
      if (found) return found;
      if (this.roots.includes(dir)) break;
      const parent = this.fs.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return undefined;
  }

  /**
   * The validated `[tool.ssl-lens]` settings that apply to a path: those of the nearest pyproject.toml
   * with that table, searching from the path's folder. Problems in the table are reported once.
   */
  projectFor(path: string): ResolvedProjectConfig | undefined {
    const raw = this.projectConfigFor(path);
    return raw && this.resolved(raw);
  }

  /** The nearest `[tool.ssl-lens]` table above a file, if any. */
  projectConfigFor(filePath: string): ProjectConfig | undefined {
    let dir = this.fs.dirname(filePath);
    for (let depth = 0; depth < 64; depth++) {
      if (!this.configCache.has(dir)) {
        const pyproject = this.readPyproject(dir);
        const table = (pyproject?.data.tool as Record<string, unknown> | undefined)?.['ssl-lens'];
        // A value that is not a table still counts, so that the mistake is reported rather than skipped.
        this.configCache.set(dir, table !== undefined && pyproject ? { file: pyproject.path, table: table as Record<string, unknown> } : null);
      }
      const hit = this.configCache.get(dir);
      if (hit) return hit;
      if (this.roots.includes(dir)) break;
      const parent = this.fs.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return undefined;
  }

  /** Forgets every file read, the `[tool.ssl-lens]` tables included; call it when a configuration file changes. */
  invalidate(): void {
    this.cache.clear();
    this.configCache.clear();
    this.resolvedCache.clear();
    this.warned.clear();
  }

  private resolved(raw: ProjectConfig): ResolvedProjectConfig {
    let hit = this.resolvedCache.get(raw.file);
    if (!hit) {
      const { config, warnings } = resolveProjectConfig(raw.table, raw.file);
      for (const w of warnings) this.warnOnce(w, w);
      hit = config;
      this.resolvedCache.set(raw.file, hit);
    }
    return hit;
  }

  private targetIn(dir: string, toolTable: boolean): Target | undefined {
    const key = toolTable ? dir : `${dir}\0without-tool-table`;
    if (this.cache.has(key)) return this.cache.get(key) ?? undefined;
    const t = this.computeTargetIn(dir, toolTable);
    this.cache.set(key, t ?? null);
    return t;
  }

  private computeTargetIn(dir: string, toolTable: boolean): Target | undefined {
    const pyproject = this.readPyproject(dir);
    if (pyproject) {
      const data = pyproject.data;
      const tool = (data.tool ?? {}) as Record<string, Record<string, unknown> | undefined>;
      // The table's target-version was validated (and any problem reported) with the rest of the table.
      const table = toolTable ? tool['ssl-lens'] : undefined;
      const own = table !== undefined ? this.resolved({ file: pyproject.path, table: table as Record<string, unknown> }).targetVersion : undefined;
      const candidates: [unknown, string][] = [
        [(data.project as Record<string, unknown> | undefined)?.['requires-python'], 'requires-python in pyproject.toml'],
        [tool.ruff?.['target-version'], '[tool.ruff] target-version in pyproject.toml'],
      ];
      if (own !== undefined) candidates.unshift([own, '[tool.ssl-lens] target-version in pyproject.toml']);
      for (const [value, source] of candidates) {
        const t = this.fromValue(value, source, pyproject.path);
        if (t) return t;
      }
    }
    const setupCfgPath = this.fs.join(dir, 'setup.cfg');
    const setupCfg = this.fs.readText(setupCfgPath);
    if (setupCfg !== undefined) {
      try {
        const ini = parseIni(setupCfg) as Record<string, Record<string, unknown>>;
        const t = this.fromValue(ini.options?.python_requires, 'python_requires in setup.cfg', setupCfgPath);
        if (t) return t;
      } catch (error) {
        this.warnOnce(setupCfgPath, `${setupCfgPath}: cannot be read as INI (${String(error)}); ignored`);
      }
    }
    const setupPyPath = this.fs.join(dir, 'setup.py');
    const setupPy = this.fs.readText(setupPyPath);
    if (setupPy !== undefined) {
      const t = this.fromValue(pythonRequiresInSetupPy(setupPy), 'python_requires in setup.py', setupPyPath);
      if (t) return t;
    }
    const pvPath = this.fs.join(dir, '.python-version');
    const pv = this.fs.readText(pvPath);
    if (pv !== undefined) {
      const first = pv.split(/\r?\n/).map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
      const m = first ? /^(?:cpython-|python-?)?(\d+\.\d+)(?:\.\d+)?/.exec(first) : null;
      if (m) {
        const t = targetFromSpecifier(`==${m[1]}.*`, '.python-version');
        if (t) return t;
      }
    }
    return undefined;
  }

  private fromValue(value: unknown, source: string, file: string): Target | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.warnOnce(`${file}:${source}`, `${file}: ${source.split(' in ')[0]} must be a string; ignored`);
      return undefined;
    }
    const t = targetFromSpecifier(value, source);
    if (!t) this.warnOnce(`${file}:${source}`, `${file}: ${source.split(' in ')[0]} '${value}' is not a PEP 440 specifier that matches any known Python release; ignored`);
    return t;
  }

  private readPyproject(dir: string): { path: string; data: Record<string, unknown> } | undefined {
    const path = this.fs.join(dir, 'pyproject.toml');
    const text = this.fs.readText(path);
    if (text === undefined) return undefined;
    try {
      return { path, data: parseToml(text) as Record<string, unknown> };
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      this.warnOnce(path, `${path}: not valid TOML (${reason}); its settings are ignored`);
      return undefined;
    }
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warn(message);
  }
}

/** The literal `python_requires=` argument of a `setup()` call, found with the parser, never by running the file. */
export function pythonRequiresInSetupPy(text: string): string | undefined {
  let tree;
  try {
    tree = parsePython(text);
  } catch {
    return undefined;
  }
  let found: string | undefined;
  try {
    walk(tree.rootNode, (node) => {
      if (found || node.type !== 'keyword_argument') return;
      if (node.childForFieldName('name')?.text !== 'python_requires') return;
      const value = node.childForFieldName('value');
      if (value?.type === 'string' && !value.namedChildren.some((c) => c?.type === 'interpolation')) {
        found = value.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
      }
    });
  } finally {
    tree.delete();
  }
  return found;
}

export function defaultTargetInfo(): Target {
  return defaultTarget();
}
