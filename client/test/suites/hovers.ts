import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import type { Scenario } from '../scenarios';
import { closeAllEditors, hoverTexts, openInEditor, position, serverCapabilities, waitFor, waitForCodes } from '../helpers';
import { projectFile } from './project';

/**
 * Hovers on resolved ssl symbols. Skipped while the server declares no hoverProvider; add a case per
 * kind of hover (symbol, cipher string, noqa code) as they land.
 */
export function registerHoverTests(_scenario: Scenario): void {
  const test = serverCapabilities.hoverProvider ? it : it.skip;
  describe('hovers', () => {
    afterEach(closeAllEditors);

    test('a hover on ssl.PROTOCOL_TLSv1 describes the constant', async () => {
      const doc = await openInEditor(projectFile('app.py'));
      await waitForCodes(doc.uri, ['SSL101', 'SSL203']);
      const at = position(doc, 'PROTOCOL_TLSv1').translate(0, 3);
      const texts = await waitFor('a hover on PROTOCOL_TLSv1', async () => {
        const found = await hoverTexts(doc.uri, at);
        return found.length > 0 && found;
      });
      assert.match(texts.join('\n'), /PROTOCOL_TLSv1/);
    });
  });
}
