import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { activateClient } from './common';
import { SERVER_NODE_FLAGS } from '../../server/src/node-flags';

let client: LanguageClient | undefined;

/** Node entry point: the language server runs as a separate Node process over IPC. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6009'] } },
  };
  client = await activateClient(context, (id, name, clientOptions) => new LanguageClient(id, name, serverOptions, clientOptions));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
