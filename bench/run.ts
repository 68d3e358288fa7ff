// npm run bench: the command line against Bandit over real code, editor latency and memory over LSP.
// Prints a table and writes bench/results/latest.json. Environment:
//   BENCH_ONLY=scan,latency,cold,memory   run only these parts
//   BENCH_CORPUS=dir:dir:...              scan these directories instead of the ones found
//   BENCH_EDITS=200  BENCH_EDITS_LARGE=100  BENCH_CHURN=10000  BENCH_COLD_RUNS=10
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { LspClient } from '../server/test/lsp-client';
import { SERVER_NODE_FLAGS } from '../server/src/node-flags';
import { generateModule } from './generate';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const ONLY = new Set((process.env.BENCH_ONLY ?? 'scan,latency,cold,memory').split(',').map((s) => s.trim()));
const EDITS = Number(process.env.BENCH_EDITS ?? 200);
const EDITS_LARGE = Number(process.env.BENCH_EDITS_LARGE ?? 100);
const CHURN = Number(process.env.BENCH_CHURN ?? 10000);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 10);

/** The targets from the issue, on a 2-core machine. */
const TARGETS = {
  scanSpeedupOverBandit: 50,
  p95Ms1k: 5,
  p95Ms50k: 50,
  coldStartMs: 300,
  rssMb100Files: 150,
};

interface Results {
  date: string;
  machine: { nproc: number; cpu: string; memoryGb: number; node: string; os: string; loadAverage?: number[] };
  corpus?: CorpusInfo;
  scan?: ScanResults;
  latency?: LatencyResults[];
  coldStart?: ColdStart[];
  memory?: MemoryResults;
  targets: typeof TARGETS;
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error('dist/ is missing: run npm run build first');
  const results: Results = { date: new Date().toISOString(), machine: machine(), targets: TARGETS };
  if (ONLY.has('scan')) {
    results.corpus = findCorpus();
    results.scan = scan(results.corpus);
  }
  if (ONLY.has('latency')) {
    results.latency = [];
    for (const mode of ['push', 'pull'] as const) results.latency.push(await latency(1000, EDITS, mode), await latency(50000, EDITS_LARGE, mode));
  }
  if (ONLY.has('cold')) results.coldStart = [await coldStart(60, true), await coldStart(60), await coldStart(1000)];
  if (ONLY.has('memory')) results.memory = await memory();
  results.machine.loadAverage = loadAverage();
  print(results);
  const out = join(__dirname, 'results', 'latest.json');
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nSaved ${out.slice(ROOT.length + 1)}`);
}

// ---- the corpus ---------------------------------------------------------------------------------

interface CorpusInfo {
  directories: { path: string; files: number; lines: number; bytes: number }[];
  files: number;
  lines: number;
  bytes: number;
}

/**
 * The system Python's standard library and Debian's packages of five TLS-heavy libraries, as far as
 * they are installed. Nothing here is committed: the benchmark says what it found.
 */
function findCorpus(): CorpusInfo {
  let dirs: string[];
  if (process.env.BENCH_CORPUS) dirs = process.env.BENCH_CORPUS.split(':').filter(Boolean);
  else {
    // The system interpreter, not whichever python3 comes first on PATH (a pyenv or virtualenv one).
    const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
    const stdlib = spawnSync(python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).stdout?.trim();
    const dist = '/usr/lib/python3/dist-packages';
    dirs = [stdlib, ...['urllib3', 'tornado', 'twisted', 'requests', 'aiohttp'].map((p) => join(dist, p))].filter((d): d is string => !!d);
  }
  const directories = dirs.filter((d) => existsSync(d)).map((path) => {
    let files = 0;
    let lines = 0;
    let bytes = 0;
    for (const f of pythonFiles(path)) {
      const b = readFileSync(f);
      files++;
      bytes += b.length;
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++;
    }
    return { path, files, lines, bytes };
  });
  if (directories.length === 0) throw new Error('no corpus found: install python3 and the Debian packages named in bench/README.md, or set BENCH_CORPUS');
  const sum = (k: 'files' | 'lines' | 'bytes') => directories.reduce((n, d) => n + d[k], 0);
  return { directories, files: sum('files'), lines: sum('lines'), bytes: sum('bytes') };
}

/** The .py files under a directory, skipping the folders the command line skips. */
function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!['__pycache__', '.git', 'node_modules', '.tox', '.venv'].includes(e.name)) visit(p);
      } else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
    }
  };
  visit(dir);
  return out;
}

// ---- the workspace scan -----------------------------------------------------------------------

interface ScanRun {
  wallMs: number;
  filesPerSecond: number;
  findings: number;
}

interface ScanResults {
  sslLens: ScanRun;
  sslLensNoPrefilter: ScanRun;
  bandit?: ScanRun & { version: string; command: string };
  speedupOverBandit?: number;
  speedupOverBanditNoPrefilter?: number;
}

function scan(corpus: CorpusInfo): ScanResults {
  const paths = corpus.directories.map((d) => d.path);
  const timed = (cmd: string, args: string[]) => {
    const start = performance.now();
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const wallMs = performance.now() - start;
    if (r.error) throw r.error;
    return { wallMs, stdout: r.stdout, status: r.status };
  };
  const run = (label: string, extra: string[]): ScanRun => {
    process.stderr.write(`scan: ssl-lens ${label}...\n`);
    const r = timed(process.execPath, [CLI, 'check', '--format', 'json', '--exit-zero', ...extra, ...paths]);
    const findings = (JSON.parse(r.stdout) as unknown[]).length;
    return { wallMs: r.wallMs, filesPerSecond: corpus.files / (r.wallMs / 1000), findings };
  };
  const results: ScanResults = { sslLens: run('(pre-filter on)', []), sslLensNoPrefilter: run('--no-prefilter', ['--no-prefilter']) };
  const version = spawnSync('bandit', ['--version'], { encoding: 'utf8' });
  if (!version.error && version.status === 0) {
    process.stderr.write('scan: bandit (SSL tests only)...\n');
    const args = ['-r', ...paths, '-t', 'B501,B502,B503,B504,B323', '-q', '-f', 'json'];
    const r = timed('bandit', args);
    const findings = (JSON.parse(r.stdout) as { results: unknown[] }).results.length;
    results.bandit = {
      wallMs: r.wallMs,
      filesPerSecond: corpus.files / (r.wallMs / 1000),
      findings,
      version: version.stdout.split('\n')[0].trim(),
      command: `bandit ${args.map((a) => (paths.includes(a) ? '…' : a)).filter((a, i, all) => a !== '…' || all[i - 1] !== '…').join(' ')}`,
    };
    results.speedupOverBandit = r.wallMs / results.sslLens.wallMs;
    results.speedupOverBanditNoPrefilter = r.wallMs / results.sslLensNoPrefilter.wallMs;
  }
  return results;
}

// ---- editor latency -------------------------------------------------------------------------

interface LatencyResults {
  /** push: the server publishes diagnostics (most editors); pull: the editor asks for them after each change (VS Code). */
  mode: 'push' | 'pull';
  lines: number;
  bytes: number;
  edits: number;
  findings: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  openMs: number;
}

/**
 * Time from sending a one-character `didChange` to receiving diagnostics for that version. The edit
 * types a letter into an attribute name in the middle of the file and the next edit deletes it, so
 * every change is real code changing, and the file returns to its first state.
 *
 * In push mode the server publishes the diagnostics; in pull mode, as VS Code does, the client asks
 * for them (`textDocument/diagnostic`, with the result id it last had) right after each change, and
 * the answer is either every diagnostic or "unchanged".
 */
async function latency(lines: number, edits: number, mode: 'push' | 'pull'): Promise<LatencyResults> {
  process.stderr.write(`latency (${mode}): ${lines} lines, ${edits} edits...\n`);
  const text = generateModule(lines);
  const uri = `file:///bench/generated_${lines}.py`;
  const client = await LspClient.start({ pull: mode === 'pull' });
  let resultId: string | undefined;
  const pull = async (): Promise<any[] | undefined> => {
    const report: any = await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId: resultId });
    resultId = report.resultId;
    return report.kind === 'full' ? report.items : undefined;
  };
  try {
    const openStart = performance.now();
    client.open(uri, text);
    const first = mode === 'pull' ? ((await pull()) ?? []) : await client.waitForDiagnostics(uri, (d) => d.version === 1, 600_000);
    const openMs = performance.now() - openStart;
    const at = positionOf(text, '        self.host = host', Math.floor(lines / 2)) ?? { line: 0, character: 0 };
    const where = { line: at.line, character: at.character + '        self.host'.length };
    let version = 1;
    const samples: number[] = [];
    const warmUp = 10;
    for (let i = 0; i < edits + warmUp; i++) {
      const insert = i % 2 === 0;
      const range = insert ? { start: where, end: where } : { start: where, end: { line: where.line, character: where.character + 1 } };
      version++;
      const v = version;
      const start = performance.now();
      client.change(uri, v, [{ range, text: insert ? 'x' : '' }]);
      if (mode === 'pull') await pull();
      else await client.waitForDiagnostics(uri, (d) => d.version === v, 600_000);
      if (i >= warmUp) samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    return {
      mode,
      lines,
      bytes: Buffer.byteLength(text),
      edits: samples.length,
      findings: first.length,
      p50Ms: percentile(samples, 50),
      p95Ms: percentile(samples, 95),
      maxMs: samples[samples.length - 1],
      openMs,
    };
  } finally {
    await client.stop();
  }
}

/** The position of `needle` at or after line `fromLine`. */
function positionOf(text: string, needle: string, fromLine: number): { line: number; character: number } | undefined {
  const lines = text.split('\n');
  for (let i = fromLine; i < lines.length; i++) {
    const c = lines[i].indexOf(needle);
    if (c >= 0) return { line: i, character: c };
  }
  return undefined;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

// ---- cold start ---------------------------------------------------------------------------------

/**
 * From launching the server process to the first diagnostics for a generated module of `lines` lines.
 * The server starts from V8's code cache, which its first start writes next to the bundle; `firstStart`
 * deletes that cache before each run, to time a first start.
 */
async function coldStart(lines: number, firstStart = false): Promise<ColdStart> {
  const runs: number[] = [];
  const count = firstStart ? Math.min(COLD_RUNS, 5) : COLD_RUNS;
  process.stderr.write(`cold start: ${lines} lines, ${count} runs${firstStart ? ' without the code cache' : ''}...\n`);
  const text = generateModule(lines);
  for (let i = 0; i < count; i++) {
    if (firstStart) deleteCodeCache();
    const start = performance.now();
    const client = await LspClient.start();
    const uri = 'file:///bench/cold.py';
    client.open(uri, text);
    await client.waitForDiagnostics(uri, (d) => d.version === 1, 60_000);
    runs.push(performance.now() - start);
    await client.stop();
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { lines, codeCache: !firstStart, runs, medianMs: percentile(sorted, 50) };
}

interface ColdStart {
  lines: number;
  codeCache: boolean;
  runs: number[];
  medianMs: number;
}

function deleteCodeCache(): void {
  const dist = join(ROOT, 'dist');
  for (const name of readdirSync(dist)) if (/^\.server-main\..*\.v8cache$/.test(name)) rmSync(join(dist, name), { force: true });
}

// ---- memory -------------------------------------------------------------------------------------

interface MemoryResults {
  startMb: number;
  with100FilesMb: number;
  /** The same, three seconds later, once the server has been idle. */
  with100FilesIdleMb: number;
  filesOpen: number;
  linesPerFile: number;
  churnCycles: number;
  churnLines: number;
  afterChurnMb: { cycles: number; rssMb: number }[];
  /** The Node flags the server ran with (those the extension starts it with). */
  nodeFlags: readonly string[];
  /** With 100 files open, the server started without those flags (`node dist/server.js`). */
  withoutFlags: { with100FilesMb: number; with100FilesIdleMb: number };
}

/**
 * Server RSS with 100 files of 1,000 lines open, then while a small file is opened and closed
 * 10,000 times under a new name each time (the 100 files stay open).
 */
async function memory(): Promise<MemoryResults> {
  process.stderr.write(`memory: 100 open files, then ${CHURN} open/close cycles...\n`);
  const client = await LspClient.start();
  try {
    const pid = client.process.pid!;
    const warm = 'file:///bench/warm.py';
    const { startMb, with100FilesMb, with100FilesIdleMb } = await openHundredFiles(client, warm);
    const small = generateModule(60);
    const afterChurnMb: { cycles: number; rssMb: number }[] = [];
    for (let i = 1; i <= CHURN; i++) {
      const uri = `file:///bench/churn/file_${i}.py`;
      client.open(uri, small);
      await client.waitForDiagnostics(uri, (d) => d.version === 1, 60_000);
      void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      client.diagnostics.delete(uri);
      if (i === Math.min(1000, CHURN) || i % 2500 === 0 || i === CHURN) {
        // A round trip makes sure the server has handled every close before RSS is read.
        await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: warm }, position: { line: 0, character: 8 } });
        afterChurnMb.push({ cycles: i, rssMb: rssMb(pid) });
      }
    }
    const withoutFlags = await withoutNodeFlags();
    return { startMb, with100FilesMb, with100FilesIdleMb, filesOpen: 100, linesPerFile: 1000, churnCycles: CHURN, churnLines: 60, afterChurnMb, nodeFlags: SERVER_NODE_FLAGS, withoutFlags };
  } finally {
    await client.stop();
  }
}

/** RSS once a small file is analysed, right after opening 100 files of 1,000 lines, and 3 s later. */
async function openHundredFiles(client: LspClient, warm: string): Promise<{ startMb: number; with100FilesMb: number; with100FilesIdleMb: number }> {
  const pid = client.process.pid!;
  client.open(warm, 'import ssl\n');
  await client.waitForDiagnostics(warm);
  const startMb = rssMb(pid);
  const text = generateModule(1000);
  for (let i = 0; i < 100; i++) {
    const uri = `file:///bench/open/module_${i}.py`;
    client.open(uri, text.replace('Generated module', `Generated module ${i}`));
    await client.waitForDiagnostics(uri, (d) => d.version === 1, 60_000);
  }
  const with100FilesMb = rssMb(pid);
  // The server collects its garbage once it has been idle for two seconds.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  return { startMb, with100FilesMb, with100FilesIdleMb: rssMb(pid) };
}

/** The same 100 files, the server started as plain `node dist/server.js`. */
async function withoutNodeFlags(): Promise<MemoryResults['withoutFlags']> {
  process.stderr.write('memory: 100 open files, the server started without the extension\'s Node flags...\n');
  const client = await LspClient.start({ nodeFlags: [] });
  try {
    const { with100FilesMb, with100FilesIdleMb } = await openHundredFiles(client, 'file:///bench/warm.py');
    return { with100FilesMb, with100FilesIdleMb };
  } finally {
    await client.stop();
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

// ---- reporting ----------------------------------------------------------------------------------

function machine(): Results['machine'] {
  const cpu = cpus()[0]?.model ?? 'unknown';
  return { nproc: cpus().length, cpu, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, os: `${process.platform} ${process.arch}` };
}

function loadAverage(): number[] | undefined {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    return undefined;
  }
}

function print(r: Results): void {
  const rows: [string, string, string][] = [];
  const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
  const s = (n: number) => `${(n / 1000).toFixed(2)} s`;
  const mark = (ok: boolean) => (ok ? 'met' : 'missed');
  const m = r.machine;
  console.log(`\nSSL Lens benchmark, ${r.date}`);
  console.log(`Machine: ${m.nproc} cores (${m.cpu}), ${m.memoryGb} GB, Node ${m.node}, ${m.os}${m.loadAverage ? `, load average ${m.loadAverage.join(' ')}` : ''}`);
  if (r.corpus) {
    console.log(`Corpus: ${r.corpus.files} files, ${r.corpus.lines.toLocaleString('en')} lines, ${(r.corpus.bytes / 2 ** 20).toFixed(1)} MB`);
    for (const d of r.corpus.directories) console.log(`  ${d.path}: ${d.files} files, ${d.lines.toLocaleString('en')} lines`);
  }
  if (r.scan) {
    const sc = r.scan;
    const fmt = (x: ScanRun) => `${s(x.wallMs)}, ${x.filesPerSecond.toFixed(0)} files/s, ${x.findings} findings`;
    rows.push(['scan: ssl-lens check', fmt(sc.sslLens), '']);
    rows.push(['scan: ssl-lens check --no-prefilter', fmt(sc.sslLensNoPrefilter), '']);
    if (sc.bandit) {
      rows.push([`scan: Bandit SSL tests (${sc.bandit.version})`, fmt(sc.bandit), '']);
      rows.push(['scan: speed-up over Bandit', `${sc.speedupOverBandit!.toFixed(1)}x (no pre-filter ${sc.speedupOverBanditNoPrefilter!.toFixed(1)}x)`, `>= ${TARGETS.scanSpeedupOverBandit}x ${mark(sc.speedupOverBandit! >= TARGETS.scanSpeedupOverBandit)}`]);
    } else rows.push(['scan: Bandit', 'not installed', '']);
  }
  for (const l of r.latency ?? []) {
    const target = l.lines <= 1000 ? TARGETS.p95Ms1k : TARGETS.p95Ms50k;
    rows.push([`latency (${l.mode ?? 'push'}): ${l.lines.toLocaleString('en')} lines, ${l.edits} edits`, `p50 ${ms(l.p50Ms)}, p95 ${ms(l.p95Ms)}, max ${ms(l.maxMs)} (${l.findings} findings; open ${ms(l.openMs)})`, `p95 <= ${target} ms ${mark(l.p95Ms <= target)}`]);
  }
  for (const c of r.coldStart ?? []) {
    const label = `cold start to first diagnostics, ${c.lines.toLocaleString('en')} lines${c.codeCache ? '' : ', first start (no code cache)'}`;
    rows.push([label, `median ${ms(c.medianMs)} over ${c.runs.length} runs`, c.codeCache ? `<= ${TARGETS.coldStartMs} ms ${mark(c.medianMs <= TARGETS.coldStartMs)}` : '']);
  }
  if (r.memory) {
    const mem = r.memory;
    rows.push(['memory: server RSS at start', `${mem.startMb.toFixed(0)} MB`, '']);
    rows.push([`memory: ${mem.filesOpen} files of ${mem.linesPerFile} lines open`, `${mem.with100FilesMb.toFixed(0)} MB`, `<= ${TARGETS.rssMb100Files} MB ${mark(mem.with100FilesMb <= TARGETS.rssMb100Files)}`]);
    rows.push([`memory: the same, once idle (3 s later)`, `${mem.with100FilesIdleMb.toFixed(0)} MB`, `<= ${TARGETS.rssMb100Files} MB ${mark(mem.with100FilesIdleMb <= TARGETS.rssMb100Files)}`]);
    for (const c of mem.afterChurnMb) rows.push([`memory: after ${c.cycles.toLocaleString('en')} open/close cycles`, `${c.rssMb.toFixed(0)} MB`, '']);
    if (mem.withoutFlags) rows.push([`memory: ${mem.filesOpen} files, without ${mem.nodeFlags.join(' ')}`, `${mem.withoutFlags.with100FilesMb.toFixed(0)} MB (${mem.withoutFlags.with100FilesIdleMb.toFixed(0)} MB once idle)`, '']);
  }
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)));
  console.log('');
  for (const row of rows) console.log(`${row[0].padEnd(w[0])}  ${row[1].padEnd(w[1])}  ${row[2]}`);
}

