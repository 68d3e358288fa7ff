import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import {
  ACTIVE_DOCUMENT_NOTIFICATION,
  READ_FILE_REQUEST,
  TARGET_STATUS_NOTIFICATION,
  type ReadFileParams,
  type TargetStatusParams,
} from '../../server/src/protocol';

/** What both the Node and the browser entry points share: client options, the status bar, file reads. */
export async function activateClient<C extends BaseLanguageClient>(
  context: vscode.ExtensionContext,
  create: (id: string, name: string, options: LanguageClientOptions) => C,
): Promise<C> {
  const output = vscode.window.createOutputChannel('SSL Lens', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'python', scheme: 'file' },
      { language: 'python', scheme: 'untitled' },
      { language: 'python', scheme: 'vscode-vfs' },
      { language: 'python', scheme: 'vscode-notebook-cell' },
      { language: 'python' },
    ],
    outputChannel: output,
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{pyproject.toml,setup.cfg,setup.py,.python-version}'),
    },
  };
  const client = create('sslLens', 'SSL Lens', clientOptions);

  const status = vscode.window.createStatusBarItem('sslLens.target', vscode.StatusBarAlignment.Right, 100);
  status.name = 'SSL Lens target';
  context.subscriptions.push(status, output);

  client.onNotification(TARGET_STATUS_NOTIFICATION, (p: TargetStatusParams) => {
    if (vscode.window.activeTextEditor?.document.uri.toString() !== p.uri) return;
    status.text = `$(shield) Python ${p.range}`;
    status.tooltip = `SSL Lens checks this file against Python ${p.range}: ${p.specifier} from ${p.source}`;
    status.show();
  });

  client.onRequest(READ_FILE_REQUEST, async (p: ReadFileParams) => {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(p.uri));
      return new TextDecoder().decode(bytes);
    } catch {
      return null;
    }
  });

  const announce = (editor: vscode.TextEditor | undefined) => {
    if (!editor || editor.document.languageId !== 'python') {
      status.hide();
      return;
    }
    void client.sendNotification(ACTIVE_DOCUMENT_NOTIFICATION, { uri: editor.document.uri.toString() });
  };
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(announce));

  await client.start();
  context.subscriptions.push(client);
  announce(vscode.window.activeTextEditor);
  return client;
}
