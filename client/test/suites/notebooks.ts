import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { Scenario } from '../scenarios';
import { EXTENSION_ID, assertRange, closeAllEditors, codesOf, rangeOf, serverCapabilities, single, waitFor, waitForCodes } from '../helpers';
import { projectFile } from './project';

/**
 * Jupyter notebooks through LSP notebook sync: the cells are one module (an import in one cell
 * counts in the next), findings land in their own cell, and IPython magics never raise anything.
 * Skipped while the server declares no notebookDocumentSync.
 */
export function registerNotebookTests(_scenario: Scenario): void {
  const test = serverCapabilities.notebookDocumentSync ? it : it.skip;
  describe('Jupyter notebooks', () => {
    afterEach(closeAllEditors);

    test('SSL101 lands in the cell that uses ssl imported three cells earlier; the magic and %%bash cells stay clean', async () => {
      const notebook = await vscode.workspace.openNotebookDocument(projectFile('tls.ipynb'));
      await vscode.window.showNotebookDocument(notebook);
      await waitFor('the SSL Lens extension to activate', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
      const [magics, bash, code] = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
      assert.equal(code.document.languageId, 'python');

      const finding = single(await waitForCodes(code.document.uri, ['SSL101']), 'SSL101');
      assertRange(finding.range, rangeOf(code.document, 'ssl.PROTOCOL_TLSv1'));
      assert.deepEqual(codesOf(magics.document.uri), [], 'nothing is reported on %pip, !openssl or the import');
      assert.deepEqual(codesOf(bash.document.uri), [], 'a %%bash cell is not Python');
    });
  });
}
