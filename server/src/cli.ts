import { readFileSync, readdirSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { minimatch } from 'minimatch';
import { analyse, mayNeedAnalysis } from './analysis';
import { initNodeParser } from './node-parser';
import { formatJson, formatText, type FileResult } from './report/index';
import { formatSarif } from './report/sarif';
import { RULES, rulesForCode } from './rules/index';
import { decodeSource } from './source';
import { targetFromSpecifier } from './facts/versions';
import { TargetDiscovery } from './config/discovery';
import { NodeFileSystem } from './config/node-fs';
import type { Target } from './types';
import { runCiphersCommand } from './facts/cipherCommand';
import { fixAll } from './fixes/apply';
import { createTwoFilesPatch } from 'diff';

declare const SSL_LENS_VERSION: string;
const VERSION = typeof SSL_LENS_VERSION === 'string' ? SSL_LENS_VERSION : '0.0.0-dev';

const USAGE = `ssl-lens ${VERSION}: finds TLS mistakes in Python code.

Usage:
  ssl-lens check [options] PATH...   check files and directories
  ssl-lens ciphers 'STRING' [--openssl 1.0.2|1.1.1|3.0] [--format text|json]
                                     list the suites an OpenSSL cipher string selects
  ssl-lens rules                     list the rules
  ssl-lens --stdio                   run the language server over stdin/stdout

Options for check:
  --format text|json|sarif   output format (default: text)
  --target SPEC              Python versions to check against: a PEP 440 specifier
                             (">=3.8,<3.13") or a bare version ("3.8" means 3.8 and later);
                             without it each file's target is discovered from pyproject.toml,
                             setup.cfg, setup.py (read, never run) and .python-version
  --select CODES             only these rules (comma-separated; SSL101, S502, B502 accepted)
  --ignore CODES             skip these rules
  --exclude GLOBS            skip paths matching these globs (comma-separated)
  --fix                      apply the safe fixes to the files
  --diff                     print the safe fixes as a unified diff; change no file
  --unsafe-fixes             with --fix or --diff, also apply fixes that change behaviour
  --no-prefilter             parse every file, even those that never mention TLS
  --output-file FILE         write the report to FILE instead of standard output
  --exit-zero                exit 0 even when problems are found
  --help                     show this help
  --version                  show the version

Exit status: 0 no problems, 1 problems found, 2 usage or internal error.
`;

/** Directories never worth walking into. */
const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.venv', 'venv', '.eggs']);
const MAX_FILE_BYTES = 10 * 1024 * 1024;

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
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
    if (command === 'check') return await check(rest, io);
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
}

function defaultIo(): CliIo {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    isTty: !!process.stdout.isTTY,
  };
}

interface CheckOptions {
  format: 'text' | 'json' | 'sarif';
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
  paths: string[];
}

async function check(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCheckArgs(args, io);
  if (typeof parsed === 'string') {
    io.err(`ssl-lens: ${parsed}\nRun 'ssl-lens --help' for usage.\n`);
    return 2;
  }
  await initNodeParser();
  const discovery = new TargetDiscovery(new NodeFileSystem(), (m) => io.err(`ssl-lens: ${m}\n`));
  const files: string[] = [];
  for (const p of parsed.paths) {
    const abs = resolve(io.cwd, p);
    if (!existsSync(abs)) {
      io.err(`ssl-lens: ${p}: no such file or directory\n`);
      return 2;
    }
    collectFiles(abs, io.cwd, parsed.exclude, files, statSync(abs).isFile());
  }
  const results: FileResult[] = [];
  const diffs: string[] = [];
  let fixesApplied = 0;
  let hadFileError = false;
  for (const file of files) {
    const display = displayPath(file, io.cwd);
    let bytes: Buffer;
    try {
      const size = statSync(file).size;
      if (size > MAX_FILE_BYTES) {
        io.err(`ssl-lens: ${display}: skipped, ${(size / 1048576).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1048576} MB limit\n`);
        continue;
      }
      bytes = readFileSync(file);
    } catch (error) {
      io.err(`ssl-lens: ${display}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); skipped\n`);
      hadFileError = true;
      continue;
    }
    const decoded = decodeSource(bytes);
    if (!decoded.ok) {
      io.err(`ssl-lens: ${display}: ${decoded.message}; skipped\n`);
      hadFileError = true;
      continue;
    }
    if (parsed.prefilter && !mayNeedAnalysis(decoded.text)) continue;
    const target = parsed.target ?? discovery.targetFor(file);
    const run = (text: string) =>
      analyse(text, {
        target,
        isEnabled: (code) => isSelected(code, parsed),
        onRuleError: (rule, error) => io.err(`ssl-lens: ${display}: rule ${rule.code} failed: ${String(error)}\n`),
      });
    let text = decoded.text;
    const writable = decoded.encoding === 'utf-8' || decoded.encoding === 'latin1';
    if ((parsed.fix || parsed.diff) && !writable) io.err(`ssl-lens: ${display}: not fixed, its ${decoded.encoding} encoding is only read\n`);
    if ((parsed.fix || parsed.diff) && writable) {
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
    const findings = parsed.diff ? [] : run(text);
    if (findings.length) results.push({ path: display, text, findings });
  }
  if (parsed.diff) {
    io.out(diffs.join(''));
    io.err(`ssl-lens: ${fixesApplied} fix${fixesApplied === 1 ? '' : 'es'} would be applied\n`);
    return diffs.length > 0 && !parsed.exitZero ? 1 : 0;
  }
  if (parsed.fix) io.err(`ssl-lens: applied ${fixesApplied} fix${fixesApplied === 1 ? '' : 'es'}\n`);
  const output =
    parsed.format === 'json' ? formatJson(results) : parsed.format === 'sarif' ? formatSarif(results, VERSION) : formatText(results, { color: io.isTty && !parsed.outputFile && !process.env.NO_COLOR });
  if (parsed.outputFile) writeFileSync(resolve(io.cwd, parsed.outputFile), output);
  else io.out(output);
  void hadFileError;
  const found = results.some((r) => r.findings.length > 0);
  return found && !parsed.exitZero ? 1 : 0;
}

function isSelected(code: string, o: CheckOptions): boolean {
  if (o.ignore.has(code)) return false;
  return !o.select || o.select.has(code);
}

function parseCheckArgs(args: string[], io: CliIo): CheckOptions | string {
  const o: CheckOptions = { format: 'text', ignore: new Set(), exclude: [], prefilter: true, exitZero: false, fix: false, diff: false, unsafeFixes: false, paths: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : args[++i]);
    switch (flag) {
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') return `--format takes text, json or sarif, not '${v ?? ''}'`;
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
          const rules = rulesForCode(c);
          if (rules.length === 0) return `${flag}: unknown rule code '${c}'`;
          for (const r of rules) codes.add(r.code);
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
      case '--help':
        io.out(USAGE);
        return 'help shown';
      default:
        if (a.startsWith('-') && a !== '-') return `unknown option '${a}'`;
        o.paths.push(a);
    }
  }
  if (o.paths.length === 0) return 'check needs at least one PATH';
  if (o.fix && o.diff) return '--fix and --diff cannot be used together';
  return o;
}

function collectFiles(path: string, cwd: string, exclude: string[], out: string[], explicit: boolean): void {
  const rel = relative(cwd, path).split(sep).join('/');
  if (!explicit && exclude.some((g) => minimatch(rel, g, { dot: true }) || minimatch(rel, `**/${g}`, { dot: true }))) return;
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
  for (const e of entries) collectFiles(join(path, e), cwd, exclude, out, false);
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
