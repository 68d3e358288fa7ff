import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { Scenario } from '../scenarios';
import { closeAllEditors, codeActions, fixtureUri, openInEditor, serverCapabilities, single, waitFor, waitForCodes } from '../helpers';
import { projectFile } from './project';

/**
 * Quick fixes on a file with the default target (Python 3.10 and later), where the modern API is
 * available. Skipped while the server declares no codeActionProvider. Each new fix gets a case here
 * (or in a fixture of its own) that applies it and checks both the text and that the finding is gone.
 */
export function registerFixTests(_scenario: Scenario): void {
  const test = serverCapabilities.codeActionProvider ? it : it.skip;
  describe('quick fixes', () => {
    afterEach(closeAllEditors);

    test('the preferred fix for SSL101 switches to PROTOCOL_TLS_CLIENT and the finding goes', async () => {
      const doc = await openInEditor(fixtureUri('single-file/tls.py'));
      const finding = single(await waitForCodes(doc.uri, ['SSL101']), 'SSL101');
      const fix = await waitFor('a preferred quick fix for SSL101', async () => (await actionsFor(doc.uri, finding)).find((a) => a.isPreferred));
      await apply(fix);
      await waitForCodes(doc.uri, []);
      assert.match(doc.lineAt(finding.range.start.line).text, /ssl\.SSLContext\(ssl\.PROTOCOL_TLS_CLIENT\)/);
    });
  });
}

/**
 * Code actions in the project that targets Python 3.3 and later: the fixed order (fix, disable,
 * documentation), the noqa comment, and no fix that needs a newer Python than the project supports.
 */
export function registerCodeActionTests(_scenario: Scenario): void {
  const test = serverCapabilities.codeActionProvider ? it : it.skip;
  describe('code actions', () => {
    afterEach(closeAllEditors);

    test('"Disable SSL101 for this line" comes before "Show documentation", and its noqa comment silences the finding', async () => {
      const doc = await openInEditor(projectFile('app.py'));
      const finding = single(await waitForCodes(doc.uri, ['SSL101', 'SSL203']), 'SSL101');
      const actions = await waitFor('code actions for SSL101', async () => {
        const found = await actionsFor(doc.uri, finding);
        return found.length > 0 && found;
      });
      const titles = actions.map((a) => a.title);
      const disable = titles.findIndex((t) => /disable/i.test(t) && t.includes('SSL101'));
      const docs = titles.findIndex((t) => /documentation/i.test(t) && t.includes('SSL101'));
      assert.ok(disable >= 0, `a "Disable SSL101 for this line" action in ${JSON.stringify(titles)}`);
      assert.ok(docs > disable, `"Show documentation" after "Disable" in ${JSON.stringify(titles)}`);

      await apply(actions[disable]);
      await waitForCodes(doc.uri, ['SSL203']);
      assert.match(doc.lineAt(finding.range.start.line).text, /#\s*noqa:\s*SSL101/);
    });

    test('no fix offers PROTOCOL_TLS_CLIENT, which Python 3.3 lacks', async () => {
      const doc = await openInEditor(projectFile('app.py'));
      const finding = single(await waitForCodes(doc.uri, ['SSL101', 'SSL203']), 'SSL101');
      const actions = await waitFor('code actions for SSL101', async () => {
        const found = await actionsFor(doc.uri, finding);
        return found.length > 0 && found;
      });
      for (const action of actions) {
        const inserted = action.edit?.entries().flatMap(([, edits]) => edits.map((e) => e.newText)) ?? [];
        assert.ok(!inserted.some((t) => t.includes('PROTOCOL_TLS_CLIENT')), `'${action.title}' inserts PROTOCOL_TLS_CLIENT`);
      }
    });
  });
}

/**
 * The actions offered on a finding's range. VS Code's command does not hand back the diagnostics an
 * action is attached to, so actions are told apart by title (and the fixture has one finding per range).
 */
async function actionsFor(uri: vscode.Uri, finding: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  return codeActions(uri, finding.range);
}

async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `could not apply '${action.title}'`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}
