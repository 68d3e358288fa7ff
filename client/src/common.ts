import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import {
  ACTIVE_DOCUMENT_NOTIFICATION,
  FIX_ALL_COMMAND,
  READ_FILE_REQUEST,
  RULE_DOCUMENTATION_REQUEST,
  SHOW_DOCUMENTATION_COMMAND,
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

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_DOCUMENTATION_COMMAND, async (code?: string) => {
      const rule = code ?? (await vscode.window.showInputBox({ prompt: 'Rule code', placeHolder: 'SSL101' }));
      if (!rule) return;
      const markdown = await client.sendRequest<string | null>(RULE_DOCUMENTATION_REQUEST, { code: rule });
      if (!markdown) {
        void vscode.window.showWarningMessage(`SSL Lens has no rule ${rule}.`);
        return;
      }
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
      await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
    }),
    vscode.commands.registerCommand(FIX_ALL_COMMAND, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        editor.document.uri,
        new vscode.Range(0, 0, editor.document.lineCount, 0),
        'source.fixAll.sslLens',
      );
      const fix = actions?.find((a) => a.kind?.value === 'source.fixAll.sslLens' && a.edit);
      if (fix?.edit) await vscode.workspace.applyEdit(fix.edit);
    }),
  );

  await client.start();
  context.subscriptions.push(client);
  announce(vscode.window.activeTextEditor);
  return client;
}
