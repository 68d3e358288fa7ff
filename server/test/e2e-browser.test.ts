import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';

/**
 * The browser build of the language server (dist/browser/server.js), in a real Web Worker in headless
 * Chromium, spoken to over postMessage as VS Code's browser client does. Needs Debian's Chromium
 * (npm run test:e2e installs it); skipped without it unless SSL_LENS_E2E_REQUIRED is set.
 */
const CHROMIUM = process.env.SSL_LENS_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..');
const SERVER_BUNDLE = join(ROOT, 'dist', 'browser', 'server.js');
const missing = [CHROMIUM, SERVER_BUNDLE].filter((p) => !existsSync(p));
const skip = missing.length > 0 && !process.env.SSL_LENS_E2E_REQUIRED ? `missing ${missing.join(', ')} (npm run test:e2e sets them up)` : false;

let http: Server;
let base: string;
let browser: Browser;

before(async () => {
  if (skip) return;
  http = await serveDist();
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  http?.close();
});

const APP = 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n';
const brief = (ds: any[]) => ds.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`);

test('the worker server pushes SSL101 for an opened document, with wasm URLs from initializationOptions', { skip }, async () => {
  const lsp = await WorkerLsp.start(browser, base);
  try {
    const init = await lsp.request('initialize', {
      processId: null,
      rootUri: null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: { wasm: { treeSitter: `${base}/dist/tree-sitter.wasm`, python: `${base}/dist/tree-sitter-python.wasm` } },
    });
    assert.equal(init.serverInfo?.name, 'ssl-lens');
    lsp.notify('initialized', {});
    lsp.notify('textDocument/didOpen', { textDocument: { uri: 'file:///web/app.py', languageId: 'python', version: 1, text: APP } });
    const published = await lsp.waitForNotification('textDocument/publishDiagnostics', (p) => p.uri === 'file:///web/app.py');
    assert.deepEqual(brief(published.diagnostics), ['1:21-1:39 SSL101']);
    assert.equal(published.diagnostics[0].source, 'ssl-lens');
    assert.match(published.diagnostics[0].message, /PROTOCOL_TLSv1/);
  } finally {
    await lsp.close();
  }
});

test('the worker server answers pull diagnostics and finds the wasm files next to itself when not told', { skip }, async () => {
  const lsp = await WorkerLsp.start(browser, base);
  try {
    const init = await lsp.request('initialize', { processId: null, rootUri: null, capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } } });
    assert.ok(init.capabilities.diagnosticProvider, 'pull diagnostics are offered to a client that supports them');
    lsp.notify('initialized', {});
    lsp.notify('textDocument/didOpen', { textDocument: { uri: 'file:///web/pull.py', languageId: 'python', version: 1, text: APP } });
    const report = await lsp.request('textDocument/diagnostic', { textDocument: { uri: 'file:///web/pull.py' } });
    assert.equal(report.kind, 'full');
    assert.deepEqual(brief(report.items), ['1:21-1:39 SSL101']);

    if (init.capabilities.hoverProvider) {
      const hover = await lsp.request('textDocument/hover', { textDocument: { uri: 'file:///web/pull.py' }, position: { line: 1, character: 30 } });
      assert.match(JSON.stringify(hover?.contents ?? ''), /PROTOCOL_TLSv1/);
    }
  } finally {
    await lsp.close();
  }
});

/** A page that starts dist/browser/server.js in a Worker and relays its messages to this process. */
class WorkerLsp {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private readonly notifications: { method: string; params: any }[] = [];
  private readonly waiters: (() => void)[] = [];
  private readonly errors: string[] = [];

  private constructor(private readonly page: Page) {}

  static async start(browser: Browser, base: string): Promise<WorkerLsp> {
    const page = await browser.newPage();
    const lsp = new WorkerLsp(page);
    page.on('console', (m) => m.type() === 'error' && lsp.errors.push(m.text()));
    page.on('pageerror', (e) => lsp.errors.push(e.message));
    await page.exposeFunction('fromServer', (message: any) => lsp.receive(message));
    await page.goto(`${base}/harness.html`);
    await page.waitForFunction(() => (window as any).workerStarted === true);
    return lsp;
  }

  request(method: string, params: unknown, timeoutMs = 20_000): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${method} in ${timeoutMs} ms; page errors: ${this.errors.join(' | ')}`)), timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      void this.post({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    void this.post({ jsonrpc: '2.0', method, params });
  }

  /** Waits, event by event, for a notification matching `predicate`. */
  async waitForNotification(method: string, predicate: (params: any) => boolean, timeoutMs = 20_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.notifications.find((n) => n.method === method && predicate(n.params));
      if (found) return found.params;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${method} in ${timeoutMs} ms; page errors: ${this.errors.join(' | ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.page.close();
  }

  private closed = false;

  /** Sends a message to the worker; after close, answers to the server's late requests are dropped. */
  private post(message: unknown): Promise<void> {
    return this.page.evaluate((m) => (window as any).toServer(m), message as any).catch((error: Error) => {
      if (!this.closed) throw error;
    });
  }

  private receive(message: any): void {
    if ('id' in message && !('method' in message)) {
      const p = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) p?.reject(new Error(`${message.error.code}: ${message.error.message}`));
      else p?.resolve(message.result);
    } else if ('id' in message) {
      // Server → client requests (configuration, registrations): answer like a client without settings.
      const result = message.method === 'workspace/configuration' ? message.params.items.map(() => null) : null;
      void this.post({ jsonrpc: '2.0', id: message.id, result });
    } else {
      this.notifications.push({ method: message.method, params: message.params });
      for (const w of this.waiters.splice(0)) w();
    }
  }
}

/** Serves the repository's dist/ folder and the harness page, with the MIME types browsers insist on. */
function serveDist(): Promise<Server> {
  const harness = `<!doctype html><meta charset="utf-8"><title>SSL Lens worker</title><script>
    const worker = new Worker('/dist/browser/server.js');
    worker.onmessage = (e) => window.fromServer(e.data);
    worker.onerror = (e) => console.error('worker error: ' + e.message);
    window.toServer = (m) => worker.postMessage(m);
    window.workerStarted = true;
  </script>`;
  const types: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.map': 'application/json' };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path === '/harness.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(harness);
      return;
    }
    const file = join(ROOT, path);
    if (!path.startsWith('/dist/') || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
