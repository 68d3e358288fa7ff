import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './lsp-client';

const brief = (ds: any[]) => ds.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`);

test('push diagnostics after open and after incremental edits, with UTF-16 columns', async () => {
  const client = await LspClient.start();
  try {
    const uri = 'file:///project/app.py';
    client.open(uri, 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n');
    const first = await client.waitForDiagnostics(uri, (d) => d.version === 1);
    assert.deepEqual(brief(first), ['1:21-1:39 SSL101']);
    assert.equal(first[0].source, 'ssl-lens');
    assert.equal(first[0].severity, 1);

    // Insert text with an accented letter and an emoji (two UTF-16 code units) before the finding.
    client.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'é = "😀"; ' }]);
    const second = await client.waitForDiagnostics(uri, (d) => d.version === 2);
    assert.deepEqual(brief(second), ['1:31-1:49 SSL101']);

    // Replace TLSv1 with TLS_CLIENT: the finding goes away.
    client.change(uri, 3, [{ range: { start: { line: 1, character: 45 }, end: { line: 1, character: 49 } }, text: 'TLS_CLIENT' }]);
    const third = await client.waitForDiagnostics(uri, (d) => d.version === 3);
    assert.deepEqual(brief(third), []);

    // A new line with a finding after a multi-line edit.
    client.change(uri, 4, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'ctx.check_hostname = (\n    False\n)\n' }]);
    const fourth = await client.waitForDiagnostics(uri, (d) => d.version === 4);
    assert.deepEqual(brief(fourth), ['3:4-3:9 SSL202']);
  } finally {
    await client.stop();
  }
});

test('pull diagnostics when the client supports them', async () => {
  const client = await LspClient.start({ pull: true });
  try {
    const uri = 'file:///project/pull.py';
    client.open(uri, 'import ssl\nssl._create_unverified_context()\n');
    const report: any = await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(report.kind, 'full');
    assert.deepEqual(brief(report.items), ['1:0-1:30 SSL201']);
  } finally {
    await client.stop();
  }
});

test('pulled diagnostics an edit leaves as they were are answered "unchanged"', async () => {
  const client = await LspClient.start({ pull: true });
  try {
    const uri = 'file:///project/pull-unchanged.py';
    const pull = (previousResultId?: string): Promise<any> => client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
    client.open(uri, 'import ssl\nhost = "example.org"\nssl._create_unverified_context()\n');
    const first = await pull();
    assert.equal(first.kind, 'full');
    assert.deepEqual(brief(first.items), ['2:0-2:30 SSL201']);
    assert.equal(typeof first.resultId, 'string');

    // A letter typed into a string: the same finding, so nothing is sent again.
    client.change(uri, 2, [{ range: { start: { line: 1, character: 19 }, end: { line: 1, character: 19 } }, text: 'x' }]);
    assert.deepEqual(await pull(first.resultId), { kind: 'unchanged', resultId: first.resultId });
    // A client that lost what it had (no previous id) gets the full report under the same id.
    const again = await pull();
    assert.deepEqual([again.kind, again.resultId, brief(again.items)], ['full', first.resultId, ['2:0-2:30 SSL201']]);

    // A new line above the call moves the finding: a full report under a new id.
    client.change(uri, 3, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'port = 443\n' }]);
    const moved = await pull(first.resultId);
    assert.equal(moved.kind, 'full');
    assert.notEqual(moved.resultId, first.resultId);
    assert.deepEqual(brief(moved.items), ['3:0-3:30 SSL201']);

    // Closed and opened again: a full report, whatever id the client remembers.
    void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    client.open(uri, 'import ssl\nport = 443\nhost = "example.orgx"\nssl._create_unverified_context()\n');
    const reopened = await pull(moved.resultId);
    assert.equal(reopened.kind, 'full');
    assert.deepEqual(brief(reopened.items), ['3:0-3:30 SSL201']);
  } finally {
    await client.stop();
  }
});

test('settings per resource: a rule switched off, a severity changed, the whole extension disabled', async () => {
  const client = await LspClient.start({ settings: { rules: { SSL101: 'off', SSL201: 'warning' } } });
  try {
    const uri = 'file:///project/settings.py';
    client.open(uri, 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\nssl._create_unverified_context()\n');
    const ds = await client.waitForDiagnostics(uri);
    assert.deepEqual(brief(ds), ['2:0-2:30 SSL201']);
    assert.equal(ds[0].severity, 2);

    client.settings = { enable: false };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const off = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 0);
    assert.deepEqual(off, []);
  } finally {
    await client.stop();
  }
});

test('half-written code still gets diagnostics and never takes the server down', async () => {
  const client = await LspClient.start();
  try {
    const uri = 'file:///project/broken.py';
    client.open(uri, 'import ssl\ndef f(:\n    ctx = ssl.SSLContext(ssl.PROTOCOL_SSLv3\n    ctx.verify_mode = ssl.CERT_NONE\n"unterminated\n');
    const ds = await client.waitForDiagnostics(uri);
    assert.ok(brief(ds).includes('2:25-2:43 SSL101'), JSON.stringify(brief(ds)));
    client.open('file:///project/ok.py', 'import ssl\nssl._create_unverified_context()\n');
    const ok = await client.waitForDiagnostics('file:///project/ok.py');
    assert.deepEqual(brief(ok), ['1:0-1:30 SSL201']);
  } finally {
    await client.stop();
  }
});

test('sslLens.maxFileSize: a larger file is skipped with a log message, and analysed once the limit is raised', async () => {
  const client = await LspClient.start({ settings: { maxFileSize: 100 } });
  try {
    const uri = 'file:///project/big.py';
    const text = 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n' + '# padding\n'.repeat(20);
    client.open(uri, text);
    assert.deepEqual(await client.waitForDiagnostics(uri), []);
    assert.ok(client.logs.some((l) => /big\.py: not analysed, its 252 bytes are over the 100 bytes limit \(sslLens\.maxFileSize\)/.test(l)), client.logs.join('\n'));
    client.settings = { maxFileSize: 1000000 };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const ds = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length > 0);
    assert.deepEqual(brief(ds), ['1:21-1:39 SSL101']);
  } finally {
    await client.stop();
  }
});

test('a virtual workspace reads pyproject.toml through the editor', async () => {
  const client = await LspClient.start({ rootUri: 'vscode-vfs://github/owner/repo' });
  try {
    const files: Record<string, string> = { 'vscode-vfs://github/owner/repo/pyproject.toml': '[project]\nrequires-python = ">=3.6"\n' };
    const asked: string[] = [];
    client.connection.onRequest('sslLens/readFile', (p: { uri: string }) => {
      asked.push(p.uri);
      return files[p.uri] ?? null;
    });
    const uri = 'vscode-vfs://github/owner/repo/pkg/mod.py';
    client.open(uri, 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS)\n');
    const ds = await client.waitForDiagnostics(uri, (d) => d.diagnostics.some((x) => x.code === 'SSL103'));
    assert.deepEqual(brief(ds), ['1:21-1:37 SSL103', '1:21-1:37 SSL503']);
    assert.match(ds[0].message, /\(>=3\.6 from requires-python in pyproject\.toml\) includes 3\.6/);
    assert.ok(asked.includes('vscode-vfs://github/owner/repo/pkg/pyproject.toml'));
    assert.ok(!asked.some((u) => !u.startsWith('vscode-vfs://github/owner/repo/')), asked.join('\n'));
  } finally {
    await client.stop();
  }
});

test('clients that cannot be asked for settings push them (initializationOptions, didChangeConfiguration)', async () => {
  const { spawn } = await import('node:child_process');
  const { join } = await import('node:path');
  const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = await import('vscode-jsonrpc/node');
  const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published = new Map<string, any[]>();
  const waiters: (() => void)[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: any) => {
    published.set(p.uri, p.diagnostics);
    for (const w of waiters.splice(0)) w();
  });
  const registrations: string[] = [];
  connection.onRequest('client/registerCapability', (p: any) => {
    registrations.push(...p.registrations.map((r: any) => r.method));
    return null;
  });
  connection.listen();
  const until = async (pred: () => boolean) => {
    const deadline = Date.now() + 10000;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise<void>((r) => {
        const t = setTimeout(r, 200);
        waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  };
  try {
    // No workspace/configuration and no dynamic registration, like Neovim 0.7.
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { sslLens: { rules: { SSL101: 'off' } } } });
    await connection.sendNotification('initialized', {});
    const uri = 'file:///project/pushed.py';
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\nssl._create_unverified_context()\n' } });
    await until(() => published.has(uri));
    assert.deepEqual(brief(published.get(uri)!), ['2:0-2:30 SSL201']);
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: { sslLens: { rules: {} } } });
    await until(() => published.get(uri)!.length === 2);
    assert.deepEqual(brief(published.get(uri)!), ['1:21-1:39 SSL101', '2:0-2:30 SSL201']);
    assert.deepEqual(registrations, []);
  } finally {
    connection.dispose();
    child.kill();
  }
});
