import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { Scenario } from '../scenarios';
import { assertRange, closeAllEditors, openInEditor, position, rangeOf, single, waitForCodes } from '../helpers';

/** A single-root project: the target Python versions come from its pyproject.toml (>=3.3). */
export function registerProjectTests(_scenario: Scenario): void {
  describe('project target from pyproject.toml', () => {
    afterEach(closeAllEditors);

    it('reports SSL101 and, because 3.3 predates PEP 476, SSL203 on urlopen()', async () => {
      const doc = await openInEditor(projectFile('app.py'));
      const diagnostics = await waitForCodes(doc.uri, ['SSL101', 'SSL203']);

      const protocol = single(diagnostics, 'SSL101');
      assertRange(protocol.range, rangeOf(doc, 'ssl.PROTOCOL_TLSv1'));
      assert.equal(protocol.severity, vscode.DiagnosticSeverity.Error);

      const urlopen = single(diagnostics, 'SSL203');
      assert.deepEqual(urlopen.range.start, position(doc, 'urllib.request.urlopen'));
      assert.match(urlopen.message, /urlopen/);
      assert.match(urlopen.message, /3\.3/);
      assert.match(urlopen.message, /pyproject\.toml/);
    });
  });
}

/** A file of the single folder that is open. */
export function projectFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the project scenarios open a folder');
  return vscode.Uri.joinPath(folder.uri, name);
}
