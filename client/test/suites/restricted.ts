import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { Scenario } from '../scenarios';
import { EXTENSION_ID, closeAllEditors, openInEditor, rangeOf, single, assertRange, waitForCodes } from '../helpers';
import { projectFile } from './project';

/** Restricted Mode: the extension declares untrusted workspaces supported, so it keeps working. */
export function registerRestrictedTests(_scenario: Scenario): void {
  describe('Restricted Mode', () => {
    afterEach(closeAllEditors);

    it('runs in an untrusted workspace', () => {
      assert.equal(vscode.workspace.isTrusted, false, 'the runner opens this workspace untrusted');
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, 'the extension is enabled in Restricted Mode');
      assert.equal(extension.packageJSON.capabilities?.untrustedWorkspaces?.supported, true);
    });

    it('still reports findings and still reads requires-python from pyproject.toml', async () => {
      const doc = await openInEditor(projectFile('app.py'));
      const diagnostics = await waitForCodes(doc.uri, ['SSL101', 'SSL203']);
      assertRange(single(diagnostics, 'SSL101').range, rangeOf(doc, 'ssl.PROTOCOL_TLSv1'));
      assert.match(single(diagnostics, 'SSL203').message, /3\.3/);
    });
  });
}
