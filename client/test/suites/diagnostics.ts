import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { Scenario } from '../scenarios';
import { assertRange, closeAllEditors, fixtureUri, openInEditor, rangeOf, replaceText, single, waitForCodes } from '../helpers';

/** Diagnostics in a file opened on its own: exact code, range, severity and message, live on edits. */
export function registerDiagnosticTests(_scenario: Scenario): void {
  describe('diagnostics', () => {
    afterEach(closeAllEditors);

    it('reports SSL101 on ssl.PROTOCOL_TLSv1 with its exact range, after non-ASCII text on the line', async () => {
      const doc = await openInEditor(fixtureUri('single-file/tls.py'));
      const d = single(await waitForCodes(doc.uri, ['SSL101']), 'SSL101');
      assertRange(d.range, rangeOf(doc, 'ssl.PROTOCOL_TLSv1'));
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(d.source, 'ssl-lens');
      assert.match(d.message, /PROTOCOL_TLSv1/);
      assert.match(d.message, /TLS 1\.0/);
    });

    it('follows edits: a modern protocol clears the finding and undoing the edit brings it back', async () => {
      const doc = await openInEditor(fixtureUri('single-file/tls.py'));
      await waitForCodes(doc.uri, ['SSL101']);
      const undo = await replaceText(doc, 'PROTOCOL_TLSv1', 'PROTOCOL_TLS_CLIENT');
      await waitForCodes(doc.uri, []);
      await undo();
      const d = single(await waitForCodes(doc.uri, ['SSL101']), 'SSL101');
      assertRange(d.range, rangeOf(doc, 'ssl.PROTOCOL_TLSv1'));
    });

    it('checks an untitled Python document', async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import ssl\n\nssl._create_unverified_context()\n' });
      await vscode.window.showTextDocument(doc);
      const d = single(await waitForCodes(doc.uri, ['SSL201']), 'SSL201');
      assertRange(d.range, rangeOf(doc, 'ssl._create_unverified_context'));
    });
  });
}
