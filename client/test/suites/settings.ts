import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { Scenario } from '../scenarios';
import { closeAllEditors, codeOf, openInEditor, sslLensDiagnostics, waitFor, waitForCodes, withSetting } from '../helpers';
import { projectFile } from './project';

/** Settings changes take effect on open files without reopening them, and undoing them restores the findings. */
export function registerSettingsTests(_scenario: Scenario): void {
  describe('settings', () => {
    const workspace = { target: vscode.ConfigurationTarget.Workspace };
    afterEach(closeAllEditors);

    it('sslLens.rules {"SSL101": "off"} removes only SSL101', async () => {
      const doc = await openInEditor(projectFile('app.py'));
      await waitForCodes(doc.uri, ['SSL101', 'SSL203']);
      await withSetting('rules', { SSL101: 'off' }, workspace, async () => {
        await waitForCodes(doc.uri, ['SSL203']);
      });
      await waitForCodes(doc.uri, ['SSL101', 'SSL203']);
    });

    it('sslLens.rules changes a severity', async () => {
      const doc = await openInEditor(projectFile('app.py'));
      await waitForCodes(doc.uri, ['SSL101', 'SSL203']);
      await withSetting('rules', { SSL101: 'hint' }, workspace, async () => {
        await waitForSeverity(doc.uri, 'SSL101', vscode.DiagnosticSeverity.Hint);
        await waitForCodes(doc.uri, ['SSL101', 'SSL203']);
      });
      await waitForSeverity(doc.uri, 'SSL101', vscode.DiagnosticSeverity.Error);
    });

    it('sslLens.enable false removes every finding', async () => {
      const doc = await openInEditor(projectFile('app.py'));
      await waitForCodes(doc.uri, ['SSL101', 'SSL203']);
      await withSetting('enable', false, workspace, async () => {
        await waitForCodes(doc.uri, []);
      });
      await waitForCodes(doc.uri, ['SSL101', 'SSL203']);
    });

    it('sslLens.pythonVersion overrides requires-python: on >=3.10 urlopen() verifies, so SSL203 goes', async () => {
      const doc = await openInEditor(projectFile('app.py'));
      await waitForCodes(doc.uri, ['SSL101', 'SSL203']);
      await withSetting('pythonVersion', '>=3.10', workspace, async () => {
        await waitForCodes(doc.uri, ['SSL101']);
      });
      await waitForCodes(doc.uri, ['SSL101', 'SSL203']);
    });
  });
}

function waitForSeverity(uri: vscode.Uri, code: string, severity: vscode.DiagnosticSeverity): Promise<true> {
  return waitFor(`${code} with severity ${vscode.DiagnosticSeverity[severity]}`, () =>
    sslLensDiagnostics(uri).some((d) => codeOf(d) === code && d.severity === severity),
  );
}
