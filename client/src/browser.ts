import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient } from 'vscode-languageclient/browser';
import { activateClient } from './common';

let client: LanguageClient | undefined;

/**
 * Browser entry point (vscode.dev, github.dev): the language server runs in a web worker. It is told
 * where the tree-sitter WebAssembly files are, because extension workers start from a blob: URL.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  const serverMain = vscode.Uri.joinPath(dist, 'browser', 'server.js').toString(true);
  const wasm = {
    treeSitter: vscode.Uri.joinPath(dist, 'tree-sitter.wasm').toString(true),
    python: vscode.Uri.joinPath(dist, 'tree-sitter-python.wasm').toString(true),
  };
  // A new worker on each (re)start of the client. The transports are built here rather than by handing
  // over the worker: VS Code's web extension host replaces Worker, so the client's `instanceof Worker` fails.
  const serverOptions = async () => {
    const worker = new Worker(serverMain);
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  };
  client = await activateClient(context, (id, name, clientOptions) => new LanguageClient(id, name, serverOptions, { ...clientOptions, initializationOptions: { wasm } }));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
