import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { Scenario } from '../scenarios';
import { closeAllEditors, openInEditor, single, waitForCodes, withSetting } from '../helpers';

/**
 * Two folders with the same app.py and different requires-python: each file is checked against its
 * own folder's target, and folder settings apply to that folder only.
 */
export function registerMultiRootTests(_scenario: Scenario): void {
  describe('multi-root workspace', () => {
    afterEach(closeAllEditors);

    it('opens both folders of the .code-workspace', () => {
      assert.ok(vscode.workspace.workspaceFile, 'a .code-workspace is open');
      assert.deepEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), ['legacy', 'modern']);
    });

    it('checks each file against its own folder: SSL203 only where requires-python reaches 3.4', async () => {
      const legacy = await openInEditor(folderFile('legacy', 'app.py'));
      const modern = await openInEditor(folderFile('modern', 'app.py'));
      const legacyDiagnostics = await waitForCodes(legacy.uri, ['SSL101', 'SSL203']);
      assert.match(single(legacyDiagnostics, 'SSL203').message, /3\.4/);
      await waitForCodes(modern.uri, ['SSL101']);
    });

    it('applies a folder setting to that folder only', async () => {
      const legacy = await openInEditor(folderFile('legacy', 'app.py'));
      const modern = await openInEditor(folderFile('modern', 'app.py'));
      await waitForCodes(legacy.uri, ['SSL101', 'SSL203']);
      await waitForCodes(modern.uri, ['SSL101']);
      const scope = { uri: folderOf('modern').uri, target: vscode.ConfigurationTarget.WorkspaceFolder };
      await withSetting('rules', { SSL101: 'off' }, scope, async () => {
        await waitForCodes(modern.uri, []);
        await waitForCodes(legacy.uri, ['SSL101', 'SSL203']);
      });
      await waitForCodes(modern.uri, ['SSL101']);
    });
  });
}

function folderOf(name: string): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(folder, `workspace folder ${name}`);
  return folder;
}

function folderFile(folder: string, file: string): vscode.Uri {
  return vscode.Uri.joinPath(folderOf(folder).uri, file);
}
