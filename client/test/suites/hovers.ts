import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { Scenario } from '../scenarios';
import { closeAllEditors, fixtureUri, hoverTexts, openInEditor, position, serverCapabilities, waitFor } from '../helpers';

/**
 * Hovers: on a resolved ssl symbol, on a cipher string, and on a rule code in a noqa comment.
 * Skipped while the server declares no hoverProvider. Add a case per kind of hover as they land.
 */
export function registerHoverTests(_scenario: Scenario): void {
  const test = serverCapabilities.hoverProvider ? it : it.skip;
  describe('hovers', () => {
    afterEach(closeAllEditors);

    test('on ssl.PROTOCOL_TLSv1: the constant and the versions the project targets', async () => {
      const doc = await openInEditor(fixtureUri('project/app.py'));
      const text = await hoverAt(doc, 'PROTOCOL_TLSv1');
      assert.match(text, /PROTOCOL_TLSv1/);
      assert.match(text, /3\.3/, 'the hover names the targeted versions (requires-python >=3.3)');
    });

    test('on a cipher string: the suites it selects', async () => {
      const doc = await openInEditor(fixtureUri('single-file/ciphers.py'));
      const text = await hoverAt(doc, 'ECDHE+AESGCM');
      assert.match(text, /ECDHE-RSA-AES128-GCM-SHA256/);
      assert.doesNotMatch(text, /\bRC4\b|\bDES-CBC3\b/, 'ECDHE+AESGCM selects no RC4 or 3DES suite');
    });

    test('on a rule code in a noqa comment: the rule documentation', async () => {
      const doc = await openInEditor(fixtureUri('single-file/ciphers.py'));
      const text = await hoverAt(doc, 'SSL201');
      assert.match(text, /certificate-verification-disabled/);
      assert.match(text, /Why is this bad\?/);
    });
  });
}

/** The hover text a little way into the first `token`, once some provider answers. */
async function hoverAt(doc: vscode.TextDocument, token: string): Promise<string> {
  const at = position(doc, token).translate(0, Math.min(3, token.length - 1));
  const texts = await waitFor(`a hover on ${token}`, async () => {
    const found = await hoverTexts(doc.uri, at);
    return found.length > 0 && found;
  });
  return texts.join('\n');
}
