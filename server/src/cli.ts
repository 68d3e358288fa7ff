import { readFileSync, readdirSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { minimatch } from 'minimatch';
import { analyse, mayNeedAnalysis } from './analysis';
import { initNodeParser } from './node-parser';
import { AnalysisPool, type AnalysisJob } from './cli-pool';
import { formatJson, type FileResult } from './report/index';
import { formatConcise, formatStatistics, formatText, statistics } from './report/text';
import { formatSarif } from './report/sarif';
import { RULES } from './rules/index';
import { decodeSource } from './source';
import { defaultTarget, describeRange, targetFromSpecifier } from './facts/versions';
import { TargetDiscovery } from './config/discovery';
import {
  codesForSelector,
  isExcludedByProject,
  perFileIgnoresFor,
  perFileSources,
  projectLayer,
  resolveRules,
  type ProjectConfig,
  type RuleLayer,
  type RuleState,
} from './config/project';
import { NodeFileSystem } from './config/node-fs';
import type { Rule } from './rules/rule';
import type { Target } from './types';
import { runCiphersCommand } from './facts/cipherCommand';
import { fixAll } from './fixes/apply';
import { createTwoFilesPatch } from 'diff';

declare const SSL_LENS_VERSION: string;
const VERSION = typeof SSL_LENS_VERSION === 'string' ? SSL_LENS_VERSION : '0.0.0-dev';

/** Every option of `check`, in the order `--help` lists them. */
const CHECK_OPTIONS: { flag: string; short?: string; value?: string; help: string[] }[] = [
  { flag: '--format', value: 'FORMAT', help: ['text (each finding with its source line underlined; the default),', 'concise (one line per finding), json or sarif (SARIF 2.1.0)'] },
  {
    flag: '--target',
    value: 'SPEC',
    help: [
      'Python versions to check against: a PEP 440 specifier',
      '(">=3.8,<3.13") or a bare version ("3.8" means 3.8 and later);',
      "without it each file's target is discovered from pyproject.toml,",
      'setup.cfg, setup.py (read, never run) and .python-version',
    ],
  },
  { flag: '--select', value: 'CODES', help: ['only these rules (comma-separated: SSL101, peer codes such as', 'S502 or B502, prefixes such as SSL2, or ALL); replaces select', 'in [tool.ssl-lens]'] },
  { flag: '--ignore', value: 'CODES', help: ['skip these rules, as well as those [tool.ssl-lens] ignores'] },
  { flag: '--exclude', value: 'GLOBS', help: ['skip paths matching these globs (comma-separated), as well as', 'those [tool.ssl-lens] excludes'] },
  { flag: '--force-exclude', help: ['apply the exclusions to files named on the command line too', "(pre-commit names each file)"] },
  { flag: '--isolated', help: ['ignore [tool.ssl-lens] in pyproject.toml'] },
  { flag: '--fix', help: ['apply the safe fixes to the files'] },
  { flag: '--diff', help: ['print the safe fixes as a unified diff; change no file'] },
  { flag: '--unsafe-fixes', help: ['with --fix or --diff, also apply fixes that change behaviour'] },
  { flag: '--no-prefilter', help: ['parse every file, even those that never mention TLS'] },
  {
    flag: '--jobs',
    short: '-j',
    value: 'N',
    help: ['analyse files on up to N threads (default: one per core);', '1 keeps everything in one thread, as --fix and --diff always do'],
  },
  { flag: '--statistics', help: ['print how many findings each code has instead of the findings'] },
  { flag: '--show-settings', help: ['print the settings that apply to the first PATH (target, rules,', 'exclusions) and where each came from; check nothing'] },
  { flag: '--output-file', value: 'FILE', help: ['write the report to FILE instead of standard output'] },
  { flag: '--quiet', short: '-q', help: ['print the findings only, without the closing summary line'] },
  { flag: '--exit-zero', help: ['exit 0 even when problems are found'] },
  { flag: '--help', short: '-h', help: ['show this help'] },
  { flag: '--version', help: ['show the version'] },
];

const USAGE = `ssl-lens ${VERSION}: finds TLS mistakes in Python code.

Usage:
  ssl-lens check [options] PATH...   check files and directories
  ssl-lens ciphers 'STRING' [--openssl 1.0.2|1.1.1|3.0] [--format text|json]
                                     list the suites an OpenSSL cipher string selects
  ssl-lens rules                     list the rules
  ssl-lens --stdio                   run the language server over stdin/stdout

Options for check:
${CHECK_OPTIONS.map((o) => {
  const value = o.value ? ` ${o.value}` : '';
  const name = `  ${o.flag}${value}${o.short ? `, ${o.short}${value}` : ''}`;
  return o.help.map((line, i) => `${(i === 0 ? name : '').padEnd(29)}${line}`).join('\n');
}).join('\n')}

Configuration: [tool.ssl-lens] in the nearest pyproject.toml (target-version, select,
ignore, per-file-ignores, severity, exclude); options given here come first.

Colour: on when standard output is a terminal; NO_COLOR=1 turns it off, FORCE_COLOR=1 on
(FORCE_COLOR=0 off); never in --output-file.

Exit status: 0 no problems, 1 problems found, 2 usage or internal error.
`;

/** Directories never worth walking into. */
const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.venv', 'venv', '.eggs']);
const MAX_FILE_BYTES = 10 * 1024 * 1024;

export async function main(argv: string[], io: CliIo = defaultIo(), host: CheckHost = {}): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE);
      return command ? 0 : 2;
    }
    if (command === '--version' || command === '-V') {
      io.out(`${VERSION}\n`);
      return 0;
    }
    if (command === 'check') return await check(rest, io, host);
    if (command === 'ciphers') return runCiphersCommand(rest, io.out, io.err);
    if (command === 'rules') {
      for (const r of RULES) io.out(`${r.code}  ${r.name.padEnd(36)} ${r.summary}\n`);
      return 0;
    }
    io.err(`ssl-lens: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  } catch (error) {
    io.err(`ssl-lens: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 2;
  }
}

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
  cwd: string;
  isTty: boolean;
  /** NO_COLOR, FORCE_COLOR and TERM are read from here; process.env when absent. */
  env?: Record<string, string | undefined>;
}

/** What a test may replace in `check`. */
export interface CheckHost {
  /** The rules to run; all when absent. */
  rules?: readonly Rule[];
  /** Starts an analysis worker (one running `serveAnalysis` with the same rules); by default dist/cli-worker.js. */
  startWorker?: () => Worker;
}

function defaultIo(): CliIo {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    isTty: !!process.stdout.isTTY,
    env: process.env,
  };
}

interface CheckOptions {
  format: 'text' | 'concise' | 'json' | 'sarif';
  target?: Target;
  select?: Set<string>;
  ignore: Set<string>;
  exclude: string[];
  prefilter: boolean;
  outputFile?: string;
  exitZero: boolean;
  fix: boolean;
  diff: boolean;
  unsafeFixes: boolean;
  forceExclude: boolean;
  isolated: boolean;
  statistics: boolean;
  showSettings: boolean;
  quiet: boolean;
  /** The most threads to analyse on; one per core when absent. */
  jobs?: number;
  paths: string[];
}

async function check(args: string[], io: CliIo, host: CheckHost): Promise<number> {
  const parsed = parseCheckArgs(args, io);
  if (parsed === HELP_SHOWN) return 0;
  if (typeof parsed === 'string') {
    io.err(`ssl-lens: ${parsed}\nRun 'ssl-lens --help' for usage.\n`);
    return 2;
  }
  // Messages name configuration files relative to the working directory, as the findings do.
  const cwdPrefix = io.cwd.endsWith(sep) ? io.cwd : io.cwd + sep;
  // While a file is read, what discovery says about configuration waits with that file's other messages.
  let currentReport: FileReport | undefined;
  const warn = (s: string) => (currentReport ? currentReport.messages.push(s) : io.err(s));
  const discovery = new TargetDiscovery(new NodeFileSystem(), (m) => warn(`ssl-lens: ${m.split(cwdPrefix).join('')}\n`));
  for (const p of parsed.paths) {
    if (!existsSync(resolve(io.cwd, p))) {
      io.err(`ssl-lens: ${p}: no such file or directory\n`);
      return 2;
    }
  }
  if (parsed.showSettings) return showSettings(parsed, discovery, io);
  await initNodeParser();
  const files: string[] = [];
  for (const p of parsed.paths) {
    const abs = resolve(io.cwd, p);
    collectFiles(abs, io.cwd, parsed, discovery, files, statSync(abs).isFile());
  }
  let fallbackTarget: Target | undefined;
  const diffs: string[] = [];
  let fixesApplied = 0;
  let hadFileError = false;

  /** Reads a file, applies --fix or --diff, and says what to analyse; undefined when nothing is. */
  const prepare = (file: string, display: string, say: (s: string) => void): AnalysisJob | undefined => {
    let bytes: Buffer;
    try {
      const size = statSync(file).size;
      if (size > MAX_FILE_BYTES) {
        say(`ssl-lens: ${display}: skipped, ${(size / 1048576).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1048576} MB limit\n`);
        return undefined;
      }
      bytes = readFileSync(file);
    } catch (error) {
      say(`ssl-lens: ${display}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); skipped\n`);
      hadFileError = true;
      return undefined;
    }
    const decoded = decodeSource(bytes);
    if (!decoded.ok) {
      say(`ssl-lens: ${display}: ${decoded.message}; skipped\n`);
      hadFileError = true;
      return undefined;
    }
    if (parsed.prefilter && !mayNeedAnalysis(decoded.text)) return undefined;
    // The default target is computed once: matching it against every known release takes milliseconds.
    const target = parsed.target ?? discovery.findTarget(file, { toolTable: !parsed.isolated }) ?? (fallbackTarget ??= defaultTarget());
    const rules = ruleStates(parsed, projectOf(file, parsed, discovery), file, io.cwd);
    let text = decoded.text;
    const writable = decoded.encoding === 'utf-8' || decoded.encoding === 'latin1';
    if ((parsed.fix || parsed.diff) && !writable) say(`ssl-lens: ${display}: not fixed, its ${decoded.encoding} encoding is only read\n`);
    if ((parsed.fix || parsed.diff) && writable) {
      const run = (text: string) =>
        analyse(text, {
          target,
          isEnabled: (code) => rules.get(code)?.enabled ?? true,
          severity: (code) => rules.get(code)?.severity,
          onRuleError: (rule, error) => say(ruleFailed(display, rule.code, String(error))),
          rules: host.rules,
        });
      const fixed = fixAll(text, run, { unsafe: parsed.unsafeFixes });
      if (fixed.text !== text) {
        fixesApplied += fixed.applied;
        if (parsed.diff) diffs.push(createTwoFilesPatch(`a/${display}`, `b/${display}`, text, fixed.text, '', '', { context: 3 }));
        else {
          writeFileSync(file, encodeLike(fixed.text, bytes, decoded.encoding));
          text = fixed.text;
        }
      }
    }
    return parsed.diff ? undefined : { text, target, rules };
  };

  // Files are read here, in order, and analysed on worker threads when there are enough of them.
  // Fixing stays in this thread: each fix is followed by a fresh analysis of the file.
  const pool = new AnalysisPool({
    threads: parsed.fix || parsed.diff ? 1 : (parsed.jobs ?? availableParallelism()),
    startWorker: host.startWorker ?? bundledWorker(),
    rules: host.rules,
  });
  const reports = new InFileOrder(io.err);
  try {
    for (const file of files) {
      await pool.breathe();
      const report = (currentReport = reports.open());
      const display = displayPath(file, io.cwd);
      const job = prepare(file, display, (s) => report.messages.push(s));
      if (!job) {
        reports.finish(report);
        continue;
      }
      void pool.submit(job).then((outcome) => {
        for (const e of outcome.ruleErrors) report.messages.push(ruleFailed(display, e.code, e.error));
        if (outcome.error !== undefined) {
          // A file the analysis cannot handle costs its own findings, never the rest of the run.
          report.messages.push(`ssl-lens: ${display}: not analysed, internal error: ${outcome.error}\n`);
          hadFileError = true;
        } else if (outcome.findings?.length) report.result = { path: display, text: job.text, findings: outcome.findings };
        reports.finish(report);
      });
    }
    currentReport = undefined;
    await pool.finish();
  } finally {
    await pool.stop();
  }
  const results = reports.results;
  if (parsed.diff) {
    io.out(diffs.join(''));
    io.err(`ssl-lens: ${fixesApplied} fix${fixesApplied === 1 ? '' : 'es'} would be applied\n`);
    return diffs.length > 0 && !parsed.exitZero ? 1 : 0;
  }
  if (parsed.fix && !parsed.quiet) io.err(`ssl-lens: applied ${fixesApplied} fix${fixesApplied === 1 ? '' : 'es'}\n`);
  const text = { color: useColor(parsed, io), quiet: parsed.quiet };
  let output: string;
  if (parsed.statistics) output = parsed.format === 'json' ? JSON.stringify(statistics(results), null, 2) + '\n' : formatStatistics(results, text);
  else if (parsed.format === 'json') output = formatJson(results);
  else if (parsed.format === 'sarif') output = formatSarif(results, VERSION, { cwd: io.cwd });
  else if (parsed.format === 'concise') output = formatConcise(results, text);
  else output = formatText(results, text);
  if (parsed.outputFile) writeFileSync(resolve(io.cwd, parsed.outputFile), output);
  else io.out(output);
  void hadFileError;
  const found = results.some((r) => r.findings.length > 0);
  return found && !parsed.exitZero ? 1 : 0;
}

/** Colour only on a terminal, never in a file; NO_COLOR turns it off and FORCE_COLOR on (or off with 0). */
function useColor(o: CheckOptions, io: CliIo): boolean {
  if (o.outputFile) return false;
  const env = io.env ?? process.env;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return !/^(0|false)$/i.test(force);
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return io.isTty && env.TERM !== 'dumb';
}

/** The `[tool.ssl-lens]` settings for a path, unless --isolated. */
function projectOf(path: string, o: CheckOptions, discovery: TargetDiscovery): ProjectConfig | undefined {
  return o.isolated ? undefined : discovery.projectFor(path);
}

/** The command line's options first, then the table; per-file ignores last. */
function ruleStates(o: CheckOptions, project: ProjectConfig | undefined, file: string, cwd: string): Map<string, RuleState> {
  const cli: RuleLayer = { select: o.select, ignore: o.ignore, sources: { select: '--select', ignore: '--ignore' } };
  if (!project) return resolveRules([cli]);
  const shown = displayPath(project.file, cwd);
  return resolveRules([cli, projectLayer(project, shown)], perFileSources(project, file, shown));
}

/** Why a path is excluded, or undefined. */
function exclusion(path: string, cwd: string, o: CheckOptions, discovery: TargetDiscovery): string | undefined {
  const rel = relative(cwd, path).split(sep).join('/');
  const glob = o.exclude.find((g) => minimatch(rel, g, { dot: true }) || minimatch(rel, `**/${g}`, { dot: true }));
  if (glob) return `"${glob}" (--exclude)`;
  const project = projectOf(path, o, discovery);
  const byProject = project && isExcludedByProject(project, path);
  return byProject ? `"${byProject}" (exclude in [tool.ssl-lens] (${displayPath(project.file, cwd)}))` : undefined;
}

/** `--show-settings`: what applies to the first path and where it came from. */
function showSettings(o: CheckOptions, discovery: TargetDiscovery, io: CliIo): number {
  const abs = resolve(io.cwd, o.paths[0]);
  const isDir = statSync(abs).isDirectory();
  // For a folder, the settings of a file directly inside it.
  const probe = isDir ? join(abs, '__init__.py') : abs;
  const project = projectOf(probe, o, discovery);
  const target = o.target ?? discovery.targetFor(probe, { toolTable: !o.isolated });
  const rules = ruleStates(o, project, probe, io.cwd);
  const excludedBy = exclusion(abs, io.cwd, o, discovery);
  const configFile = project ? displayPath(project.file, io.cwd) : undefined;
  const settings = {
    path: abs === io.cwd ? '.' : displayPath(abs, io.cwd) + (isDir ? '/' : ''),
    configuration: o.isolated ? null : (configFile ?? null),
    target: { versions: describeRange(target), specifier: target.specifier, source: o.target ? '--target' : target.source },
    excluded: excludedBy ?? null,
    exclude: [
      ...o.exclude.map((glob) => ({ glob, source: '--exclude' })),
      ...(project?.exclude ?? []).map((glob) => ({ glob, source: `exclude in [tool.ssl-lens] (${configFile})` })),
    ],
    perFileIgnores: (project?.perFileIgnores ?? []).map((p) => ({
      pattern: p.pattern,
      codes: p.codes,
      applies: perFileIgnoresFor(project!, probe).includes(p),
    })),
    rules: RULES.map((r) => {
      const s = rules.get(r.code)!;
      return { code: r.code, name: r.name, enabled: s.enabled, enabledBy: s.enabledBy, severity: s.severity, severityBy: s.severityBy };
    }),
  };
  if (o.format === 'json') {
    io.out(JSON.stringify(settings, null, 2) + '\n');
    return 0;
  }
  const lines = [`Settings for ${settings.path}`];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(18)}${value}`);
  row('configuration:', o.isolated ? 'none (--isolated)' : configFile ? `[tool.ssl-lens] in ${configFile}` : 'none (no pyproject.toml with [tool.ssl-lens] above it)');
  row('target:', `Python ${settings.target.versions} (${settings.target.specifier} from ${settings.target.source})`);
  const explicitNote = !isDir && !o.forceExclude ? '; a file named on the command line is still checked unless --force-exclude' : '';
  row('excluded:', excludedBy ? `yes, by ${excludedBy}${explicitNote}` : 'no');
  for (const [i, e] of settings.exclude.entries()) row(i === 0 ? 'exclude:' : '', `${e.glob}  (${e.source})`);
  for (const [i, p] of settings.perFileIgnores.entries()) {
    row(i === 0 ? 'per-file-ignores:' : '', `"${p.pattern}" = ${p.codes.join(', ')}  (${p.applies ? 'applies here' : 'does not apply here'})`);
  }
  lines.push('  rules:');
  const nameWidth = Math.max(...RULES.map((r) => r.name.length));
  for (const r of settings.rules) {
    const why = !r.enabled ? r.enabledBy : [r.enabledBy, r.severityBy].filter((x, i, all) => x !== 'default' && all.indexOf(x) === i).join('; ') || 'default';
    lines.push(`    ${r.code}  ${r.name.padEnd(nameWidth)}  ${(r.enabled ? r.severity : 'off').padEnd(11)}  ${why}`);
  }
  io.out(lines.join('\n') + '\n');
  return 0;
}

const HELP_SHOWN = Symbol('help shown');

function parseCheckArgs(args: string[], io: CliIo): CheckOptions | string | typeof HELP_SHOWN {
  const o: CheckOptions = {
    format: 'text',
    ignore: new Set(),
    exclude: [],
    prefilter: true,
    exitZero: false,
    fix: false,
    diff: false,
    unsafeFixes: false,
    forceExclude: false,
    isolated: false,
    statistics: false,
    showSettings: false,
    quiet: false,
    paths: [],
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : args[++i]);
    switch (flag) {
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'concise' && v !== 'json' && v !== 'sarif') return `--format takes text, concise, json or sarif, not '${v ?? ''}'`;
        o.format = v;
        break;
      }
      case '--target': {
        const v = value();
        if (!v) return '--target needs a version specifier';
        const t = targetFromSpecifier(v, '--target');
        if (!t) return `--target '${v}' is not a PEP 440 specifier that matches any known Python release`;
        o.target = t;
        break;
      }
      case '--select':
      case '--ignore': {
        const v = value();
        if (!v) return `${flag} needs a comma-separated list of codes`;
        const codes = new Set<string>();
        for (const c of v.split(',').map((s) => s.trim()).filter(Boolean)) {
          const found = codesForSelector(c);
          if (!found) return `${flag}: unknown rule code '${c}'`;
          for (const code of found) codes.add(code);
        }
        if (flag === '--select') o.select = codes;
        else for (const c of codes) o.ignore.add(c);
        break;
      }
      case '--exclude': {
        const v = value();
        if (!v) return '--exclude needs a comma-separated list of globs';
        o.exclude.push(...v.split(',').map((s) => s.trim()).filter(Boolean));
        break;
      }
      case '--no-prefilter':
        o.prefilter = false;
        break;
      case '--jobs':
      case '-j': {
        const v = value();
        if (!v || !/^[1-9][0-9]*$/.test(v)) return `${flag} takes a number of threads, 1 or more, not '${v ?? ''}'`;
        o.jobs = Number(v);
        break;
      }
      case '--fix':
        o.fix = true;
        break;
      case '--diff':
        o.diff = true;
        break;
      case '--unsafe-fixes':
        o.unsafeFixes = true;
        break;
      case '--output-file': {
        const v = value();
        if (!v) return '--output-file needs a path';
        o.outputFile = v;
        break;
      }
      case '--exit-zero':
        o.exitZero = true;
        break;
      case '--force-exclude':
        o.forceExclude = true;
        break;
      case '--isolated':
        o.isolated = true;
        break;
      case '--statistics':
        o.statistics = true;
        break;
      case '--show-settings':
        o.showSettings = true;
        break;
      case '--quiet':
      case '-q':
        o.quiet = true;
        break;
      case '--help':
      case '-h':
        io.out(USAGE);
        return HELP_SHOWN;
      case '--version':
        io.out(`${VERSION}\n`);
        return HELP_SHOWN;
      default:
        if (a.startsWith('-') && a !== '-') return `unknown option '${a}'`;
        o.paths.push(a);
    }
  }
  if (o.paths.length === 0) return 'check needs at least one PATH';
  if (o.fix && o.diff) return '--fix and --diff cannot be used together';
  if (o.statistics && o.format === 'sarif') return '--statistics prints text or JSON, not SARIF';
  return o;
}

function collectFiles(path: string, cwd: string, o: CheckOptions, discovery: TargetDiscovery, out: string[], explicit: boolean): void {
  if ((!explicit || o.forceExclude) && exclusion(path, cwd, o, discovery)) return;
  let st;
  try {
    st = statSync(path);
  } catch {
    return;
  }
  if (st.isFile()) {
    if (explicit || /\.pyi?$/.test(path)) out.push(path);
    return;
  }
  if (!st.isDirectory()) return;
  const base = path.split(sep).pop() ?? '';
  if (!explicit && (SKIP_DIRS.has(base) || existsSync(join(path, 'pyvenv.cfg')))) return;
  let entries: string[];
  try {
    entries = readdirSync(path).sort();
  } catch {
    return;
  }
  for (const e of entries) collectFiles(join(path, e), cwd, o, discovery, out, false);
}

/** The messages and findings of one file, held until every file before it is reported. */
interface FileReport {
  messages: string[];
  result?: FileResult;
  done: boolean;
}

/**
 * Reports files in the order they were found, whichever order their analyses finish in, so that a
 * run on worker threads prints exactly what a run in one thread prints.
 */
class InFileOrder {
  /** The findings of the files reported so far, in file order. */
  readonly results: FileResult[] = [];
  private readonly pending: FileReport[] = [];

  constructor(private readonly err: (s: string) => void) {}

  open(): FileReport {
    const report: FileReport = { messages: [], done: false };
    this.pending.push(report);
    return report;
  }

  finish(report: FileReport): void {
    report.done = true;
    while (this.pending.length > 0 && this.pending[0].done) {
      const first = this.pending.shift()!;
      for (const m of first.messages) this.err(m);
      if (first.result) this.results.push(first.result);
    }
  }
}

function ruleFailed(display: string, code: string, error: string): string {
  return `ssl-lens: ${display}: rule ${code} failed: ${error}\n`;
}

/** The worker bundle next to this one; none when running from source, where every file is analysed in this thread. */
function bundledWorker(): (() => Worker) | undefined {
  const script = join(__dirname, 'cli-worker.js');
  return existsSync(script) ? () => new Worker(script) : undefined;
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel.split(sep).join('/') : file;
}

if (require.main === module) {
  // `ssl-lens ... | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const args = process.argv.slice(2);
  if (args.includes('--stdio')) {
    // The bundle for the language server is dist/server.js; the CLI hands over to it.
    require('./node');
  } else {
    main(args).then((code) => {
      process.exitCode = code;
    });
  }
}

/** Writes fixed text back in the file's own encoding, keeping a UTF-8 byte order mark if it had one. */
function encodeLike(text: string, original: Buffer, encoding: string): Buffer {
  const bom = original.length >= 3 && original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf;
  if (encoding === 'latin1') return Buffer.from(text, 'latin1');
  const body = Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([original.subarray(0, 3), body]) : body;
}
