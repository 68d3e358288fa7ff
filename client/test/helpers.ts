import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The extension's identifier: publisher.name from package.json. */
export const EXTENSION_ID = 'ssl-lens.ssl-lens';

/**
 * The capabilities the built language server declares, read from `node dist/server.js --stdio` when
 * the tests are bundled. Tests of a feature the server does not offer yet are skipped, not failed.
 */
declare const SSL_LENS_SERVER_CAPABILITIES: Record<string, unknown>;
export const serverCapabilities: Record<string, unknown> = SSL_LENS_SERVER_CAPABILITIES;

/** Polls `probe` until it returns something other than undefined or false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** The copy of client/test/fixtures that the runner opened, as a URI for `relative`. */
export function fixtureUri(relative: string): vscode.Uri {
  const root = process.env.SSL_LENS_E2E_FIXTURES;
  if (!root) throw new Error('SSL_LENS_E2E_FIXTURES is not set: the runner names the copy of the fixtures it opened');
  return vscode.Uri.file(path.join(root, relative));
}

/** Opens a file in an editor (diagnostics are pulled for visible documents) and waits for the extension. */
export async function openInEditor(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  assert.equal(doc.languageId, 'python', `${uri.fsPath} opened as ${doc.languageId}`);
  await waitFor('the SSL Lens extension to activate', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
  return doc;
}

/** The position where `text` starts in the document (the `occurrence`-th match, from 0), in UTF-16 units. */
export function position(doc: vscode.TextDocument, text: string, occurrence = 0): vscode.Position {
  const content = doc.getText();
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = content.indexOf(text, offset + 1);
    if (offset < 0) throw new Error(`'${text}' occurs fewer than ${occurrence + 1} times in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(offset);
}

/** The range that `text` covers in the document. */
export function rangeOf(doc: vscode.TextDocument, text: string, occurrence = 0): vscode.Range {
  const start = position(doc, text, occurrence);
  return new vscode.Range(start, doc.positionAt(doc.offsetAt(start) + text.length));
}

/** Our diagnostics for a URI (other extensions' are left out). */
export function sslLensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ssl-lens');
}

/** A diagnostic's rule code, whether VS Code holds it as a string or as `{ value, target }`. */
export function codeOf(d: vscode.Diagnostic): string {
  const code = d.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** The codes present for a URI, sorted: what most waits compare against. */
export function codesOf(uri: vscode.Uri): string[] {
  return sslLensDiagnostics(uri).map(codeOf).sort();
}

/** Waits until the codes reported for `uri` are exactly `expected` (any order), and returns those diagnostics. */
export async function waitForCodes(uri: vscode.Uri, expected: string[], timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  const want = [...expected].sort();
  try {
    return await waitFor(
      `diagnostics [${want.join(', ')}] on ${path.basename(uri.fsPath)}`,
      () => {
        const ds = sslLensDiagnostics(uri);
        return JSON.stringify(ds.map(codeOf).sort()) === JSON.stringify(want) && ds;
      },
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen: [${codesOf(uri).join(', ')}]`);
  }
}

/** The one diagnostic with `code`, failing when there is not exactly one. */
export function single(diagnostics: vscode.Diagnostic[], code: string): vscode.Diagnostic {
  const found = diagnostics.filter((d) => codeOf(d) === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${found.length}`);
  return found[0];
}

/** Asserts a diagnostic sits exactly on `range`; prints both as line:col for a readable failure. */
export function assertRange(actual: vscode.Range, expected: vscode.Range): void {
  const show = (r: vscode.Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  assert.equal(show(actual), show(expected));
}

/**
 * Sets an `sslLens` setting for the scope of `target`, runs `body`, and always restores the previous
 * value. The configuration is written where a user would write it (workspace or folder settings).
 */
export async function withSetting(
  key: string,
  value: unknown,
  scope: { uri?: vscode.Uri; target: vscode.ConfigurationTarget },
  body: () => Promise<void>,
): Promise<void> {
  const config = () => vscode.workspace.getConfiguration('sslLens', scope.uri);
  const inspected = config().inspect(key);
  const previous =
    scope.target === vscode.ConfigurationTarget.WorkspaceFolder
      ? inspected?.workspaceFolderValue
      : scope.target === vscode.ConfigurationTarget.Workspace
        ? inspected?.workspaceValue
        : inspected?.globalValue;
  await config().update(key, value, scope.target);
  try {
    await body();
  } finally {
    await config().update(key, previous, scope.target);
  }
}

/** Replaces the first `from` in the document with `to` and returns an undo. */
export async function replaceText(doc: vscode.TextDocument, from: string, to: string): Promise<() => Promise<void>> {
  const range = rangeOf(doc, from);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, range, to);
  assert.ok(await vscode.workspace.applyEdit(edit), `could not replace '${from}'`);
  return async () => {
    const back = new vscode.WorkspaceEdit();
    back.replace(doc.uri, rangeOf(doc, to), from);
    assert.ok(await vscode.workspace.applyEdit(back), `could not restore '${from}'`);
  };
}

/** Hover texts at a position, from every provider, flattened to plain strings. */
export async function hoverTexts(uri: vscode.Uri, at: vscode.Position): Promise<string[]> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at)) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')));
}

/** Code actions offered for a range, resolved so their edits can be inspected. */
export async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, undefined, 20)) ?? [];
  return actions.filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

/** Reverts unsaved changes and closes every editor, so one test's edits do not leak into the next. */
export async function closeAllEditors(): Promise<void> {
  // Only the tests' own documents: the workbench may hold others (its settings files) in memory.
  const ours = (d: vscode.TextDocument) => d.uri.scheme === 'untitled' || d.uri.fsPath.startsWith(process.env.SSL_LENS_E2E_FIXTURES ?? '\0');
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && ours(d))) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

const POLL_INTERVAL_MS = 50;
