import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { analyse } from '../src/analysis';
import { RULES } from '../src/rules/index';
import type { Rule } from '../src/rules/rule';
import { startServer } from '../src/server';
import { LspClient } from './lsp-client';
import { parserReady, target } from './helpers';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

/** One finding, SSL101 at line 2, column 22 (1-based), in every file that should still be reported. */
const GOOD = 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n';
const DEPTH = 10000;

/**
 * The hostile files, generated here and never committed. Each name says what it is; the text ones
 * are also opened in the editor, where text has already been decoded (invalid bytes become U+FFFD).
 */
function hostileFiles(): Record<string, Buffer | string> {
  const fiftyMb = 50 * 1024 * 1024;
  const filler = 'value = "padding padding padding padding padding padding padding padding"\n';
  return {
    'invalid_utf8.py': Buffer.concat([Buffer.from('import ssl\n# caf'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from('\n' + GOOD)]),
    'nul_bytes.py': `import ssl\nx = 1\u0000\n${GOOD}`,
    'bom.py': `\ufeff${GOOD}`,
    'crlf.py': GOOD.replace(/\n/g, '\r\n'),
    'huge.py': 'import ssl\n' + filler.repeat(Math.ceil(fiftyMb / filler.length)),
    'deep_nesting.py': `import ssl\nctx = ${'wrap('.repeat(DEPTH)}ssl.SSLContext(ssl.PROTOCOL_TLSv1)${')'.repeat(DEPTH)}\nitems = ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\nchain = ssl${'.attribute'.repeat(DEPTH)}\n`,
    'long_line.py': `import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1); banner = "${'x'.repeat(1024 * 1024)}"\n`,
    'good.py': GOOD,
  };
}

function project(files: Record<string, Buffer | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssl-lens-robust-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.error, undefined, `the command line did not finish: ${r.error}`);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const brief = (ds: any[]) => ds.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`);

test('command line: hostile files are reported or skipped with a message, and the others are still checked', () => {
  const dir = project(hostileFiles());
  try {
    const r = cli(['check', '--format', 'json', '.'], dir);
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /invalid_utf8\.py: is not valid UTF-8 \(byte \d+\) and declares no other encoding; skipped/);
    assert.match(r.err, /nul_bytes\.py: contains NUL bytes, so it is not Python source; skipped/);
    assert.match(r.err, /huge\.py: skipped, 50\.0 MB is over the 10 MB limit/);
    const found = JSON.parse(r.out).map((f: any) => `${f.file}:${f.line}:${f.column} ${f.code}`);
    // The BOM is not a character of the file; CRLF ends lines as LF does.
    for (const file of ['good.py', 'bom.py', 'crlf.py', 'long_line.py']) assert.ok(found.includes(`${file}:2:22 ${'SSL101'}`), `${file}: ${found.join(', ')}`);
    assert.ok(found.includes(`deep_nesting.py:2:${7 + 5 * DEPTH + 15} SSL101`), found.join(', '));
    for (const file of ['invalid_utf8.py', 'nul_bytes.py', 'huge.py']) assert.ok(!found.some((f: string) => f.startsWith(file)), file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('editor: hostile documents get diagnostics or a logged skip, and the server keeps answering', async () => {
  const client = await LspClient.start();
  try {
    const texts: Record<string, string> = {};
    for (const [name, content] of Object.entries(hostileFiles())) {
      // What an editor sends: bytes decoded as UTF-8, invalid ones replaced; plus a lone surrogate.
      texts[name] = typeof content === 'string' ? content : content.toString('utf8').replace('\ufffd', '\ud800');
    }
    for (const [name, text] of Object.entries(texts)) {
      const uri = `file:///hostile/${name}`;
      client.open(uri, text);
      const ds = await client.waitForDiagnostics(uri, (d) => d.version === 1, 120_000);
      if (name === 'huge.py') assert.deepEqual(ds, []);
      else if (name === 'deep_nesting.py') assert.ok(brief(ds).includes(`1:${6 + 5 * DEPTH + 15} SSL101`), `${name}: ${brief(ds).join(', ')}`);
      else {
        const line = name === 'invalid_utf8.py' ? 3 : name === 'nul_bytes.py' ? 3 : 1;
        assert.ok(brief(ds).includes(`${line}:21 SSL101`), `${name}: ${brief(ds).join(', ')}`);
      }
    }
    assert.ok(
      client.logs.some((l) => /huge\.py: not analysed, its 50(\.0)? MB are over the 10 MB limit/.test(l)),
      client.logs.join('\n'),
    );
    // Still answering: a new document, an edit, and a hover.
    client.open('file:///hostile/after.py', GOOD);
    assert.deepEqual(brief(await client.waitForDiagnostics('file:///hostile/after.py')), ['1:21 SSL101']);
    const hover: any = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///hostile/after.py' }, position: { line: 1, character: 30 } });
    assert.match(hover.contents.value, /PROTOCOL_TLSv1/);
  } finally {
    await client.stop();
  }
});

test('a rule that throws is reported to onRuleError and the other rules still report', async () => {
  await parserReady;
  const errors: string[] = [];
  const findings = analyse(GOOD + 'ssl._create_unverified_context()\n', {
    target: target('>=3.10'),
    rules: [failingRule, ...RULES],
    onRuleError: (rule, error) => errors.push(`${rule.code}: ${String(error)}`),
  });
  assert.deepEqual(errors, ['SSL999: Error: this rule always fails']);
  assert.deepEqual(
    findings.map((f) => f.code),
    ['SSL101', 'SSL201'],
  );
});

test('editor: a rule that throws is logged once, however many documents it fails on, and the other rules still report', async () => {
  await parserReady;
  const server = await inProcessServer([failingRule, ...RULES]);
  try {
    for (const name of ['a.py', 'b.py', 'c.py']) {
      const uri = `file:///failing/${name}`;
      server.open(uri, GOOD);
      assert.deepEqual(brief(await server.diagnostics(uri)), ['1:21 SSL101']);
    }
    const logged = server.logs.filter((l) => l.includes('SSL999'));
    assert.equal(logged.length, 1, server.logs.join('\n'));
    assert.match(logged[0], /rule SSL999 failed on file:\/\/\/failing\/a\.py: Error: this rule always fails/);
  } finally {
    server.stop();
  }
});

test('a broken pyproject.toml and unreadable configuration files never take the server or the command line down', async () => {
  const dir = project({
    'pyproject.toml': '[project\nrequires-python = ">=3.6"\n',
    'setup.cfg': '[metadata]\nname = demo\n',
    'pkg/app.py': GOOD,
  });
  // A configuration "file" that is a directory, and one nobody may read (root reads it anyway).
  mkdirSync(join(dir, '.python-version'));
  chmodSync(join(dir, 'setup.cfg'), 0o000);
  try {
    const r = cli(['check', '--format', 'json', '.'], dir);
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /pyproject\.toml/);
    assert.deepEqual(
      JSON.parse(r.out).map((f: any) => `${f.file}:${f.line}:${f.column} ${f.code}`),
      ['pkg/app.py:2:22 SSL101'],
    );

    const rootUri = pathToFileURL(dir).href;
    const client = await LspClient.start({ rootUri });
    try {
      const uri = pathToFileURL(join(dir, 'pkg', 'app.py')).href;
      client.open(uri, GOOD);
      assert.deepEqual(brief(await client.waitForDiagnostics(uri)), ['1:21 SSL101']);
      assert.ok(client.logs.some((l) => l.includes('pyproject.toml')), client.logs.join('\n'));
      // The configuration changes under the server's feet: still no crash, still answering.
      writeFileSync(join(dir, 'pyproject.toml'), '\u0000\u0001 not toml at all = = =');
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'pyproject.toml')).href, type: 2 }] });
      client.change(uri, 2, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'ssl._create_unverified_context()\n' }]);
      assert.deepEqual(brief(await client.waitForDiagnostics(uri, (d) => d.version === 2)), ['1:21 SSL101', '2:0 SSL201']);
    } finally {
      await client.stop();
    }
  } finally {
    chmodSync(join(dir, 'setup.cfg'), 0o644);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a setup.py that would leave a marker when run is read, never run, on the command line and in the editor', async () => {
  const setupPy = [
    'import pathlib',
    'pathlib.Path(__file__).with_name("EXECUTED").write_text("setup.py was run")',
    'from setuptools import setup',
    'setup(name="demo", python_requires=">=3.6")',
    '',
  ].join('\n');
  const app = 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS)\n';
  const dir = project({ 'setup.py': setupPy, 'demo/app.py': app });
  const marker = join(dir, 'EXECUTED');
  try {
    const r = cli(['check', '--format', 'json', '.'], dir);
    const floor = JSON.parse(r.out).find((f: any) => f.code === 'SSL103');
    assert.ok(floor, r.out);
    assert.match(floor.message, />=3\.6 from python_requires in setup\.py/);
    assert.equal(existsSync(marker), false, 'setup.py was executed by the command line');

    const client = await LspClient.start({ rootUri: pathToFileURL(dir).href });
    try {
      const uri = pathToFileURL(join(dir, 'demo', 'app.py')).href;
      client.open(uri, app);
      const ds = await client.waitForDiagnostics(uri);
      assert.ok(ds.some((d) => d.code === 'SSL103' && /python_requires in setup\.py/.test(d.message)), JSON.stringify(ds));
      assert.equal(existsSync(marker), false, 'setup.py was executed by the server');
    } finally {
      await client.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- helpers ----------------------------------------------------------------------------------

const failingRule: Rule = {
  code: 'SSL999',
  name: 'always-fails',
  summary: 'a rule that throws, for tests',
  defaultSeverity: 'error',
  aliases: { bandit: [], ruff: [] },
  docs: { whatItDoes: '', whyIsThisBad: '', example: '', useInstead: '', references: [] },
  check() {
    throw new Error('this rule always fails');
  },
};

/** The language server in this process, over in-memory streams, so that a test can choose its rules. */
async function inProcessServer(rules: readonly Rule[]) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(connection, { rules });
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const logs: string[] = [];
  const published = new Map<string, any[]>();
  const waiters: (() => void)[] = [];
  client.onNotification('window/logMessage', (p: any) => {
    logs.push(p.message);
  });
  client.onNotification('textDocument/publishDiagnostics', (p: any) => {
    published.set(p.uri, p.diagnostics);
    for (const w of waiters.splice(0)) w();
  });
  client.listen();
  await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  await client.sendNotification('initialized', {});
  return {
    logs,
    open(uri: string, text: string) {
      void client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    },
    async diagnostics(uri: string): Promise<any[]> {
      while (!published.has(uri)) await new Promise<void>((resolve) => waiters.push(resolve));
      return published.get(uri)!;
    },
    stop() {
      client.dispose();
      connection.dispose();
      toServer.end();
      toClient.end();
    },
  };
}
