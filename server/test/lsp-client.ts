import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '../src/node-flags';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

/** A minimal LSP client over stdio against the built server, for tests and benchmarks. */
export class LspClient {
  readonly connection: MessageConnection;
  readonly diagnostics = new Map<string, { version?: number; diagnostics: any[] }>();
  readonly logs: string[] = [];
  private readonly waiters: (() => void)[] = [];

  private constructor(readonly process: ChildProcess) {
    this.connection = createMessageConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: any) => {
      this.diagnostics.set(p.uri, { version: p.version, diagnostics: p.diagnostics });
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onNotification('window/logMessage', (p: any) => {
      this.logs.push(p.message);
    });
    this.connection.onRequest('workspace/configuration', (p: any) => p.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.listen();
  }

  settings: Record<string, unknown> = {};

  /** Starts the built server as VS Code does (with the extension's Node flags, unless `nodeFlags` says otherwise). */
  static async start(options: { pull?: boolean; rootUri?: string; settings?: Record<string, unknown>; nodeFlags?: readonly string[] } = {}): Promise<LspClient> {
    const server = join(__dirname, '..', '..', 'dist', 'server.js');
    const child = spawn(process.execPath, [...(options.nodeFlags ?? SERVER_NODE_FLAGS), server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(child);
    if (options.settings) client.settings = options.settings;
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      workspaceFolders: options.rootUri ? [{ uri: options.rootUri, name: 'root' }] : null,
      capabilities: {
        textDocument: { ...(options.pull ? { diagnostic: { dynamicRegistration: false } } : {}), publishDiagnostics: { versionSupport: true }, hover: { contentFormat: ['markdown'] } },
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
      },
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  open(uri: string, text: string, version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
  }

  change(uri: string, version: number, changes: { range?: any; text: string }[]): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /** Waits until pushed diagnostics for `uri` satisfy `predicate`, polling on each notification. */
  async waitForDiagnostics(uri: string, predicate: (d: { version?: number; diagnostics: any[] }) => boolean = () => true, timeoutMs = 10000): Promise<any[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const d = this.diagnostics.get(uri);
      if (d && predicate(d)) return d.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(d)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit').catch(() => undefined);
      await new Promise<void>((resolve) => {
        if (this.process.exitCode !== null) return resolve();
        const t = setTimeout(resolve, 2000);
        this.process.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    } catch {
      // The server may already be gone.
    }
    this.connection.dispose();
    this.process.kill();
  }
}
