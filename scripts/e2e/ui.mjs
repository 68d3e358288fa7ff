// The one test that goes through the workbench as a person would: open a file with Ctrl+P, see the
// squiggle, read the Problems panel, hover the finding, and keep a screenshot of it all.
// The extension is the one installed from the .vsix.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { workspaceQuery } from './code-server.mjs';

/**
 * Runs against a started server. Throws on the first expectation that does not hold within its
 * timeout; returns what it saw, for the report.
 */
export async function runUiTest(browser, server, { folder, file, screenshot }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const seen = [];
  try {
    await page.goto(`${server.base}/?${workspaceQuery(folder)}`);
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    // The explorer lists the folder once the workbench is connected to the server.
    await page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${file}"]`).waitFor({ timeout: 60_000 });

    await page.keyboard.press('Control+P');
    const quickOpen = page.locator('.quick-input-widget input');
    await quickOpen.waitFor();
    await quickOpen.fill(file);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator(`.tab.active[aria-label^="${file}"]`).waitFor();

    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    await squiggle.waitFor({ timeout: 60_000 });
    seen.push('a red squiggle in the editor');

    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'SSL101' }).first();
    await row.waitFor({ timeout: 30_000 });
    const rowText = (await row.innerText()).replace(/\s+/g, ' ').trim();
    expect(/PROTOCOL_TLSv1/.test(rowText), `the Problems row names PROTOCOL_TLSv1: "${rowText}"`);
    seen.push(`Problems panel: "${rowText}"`);

    // Hover the middle of the squiggled range; the hover shows the finding and the symbol's documentation.
    const box = await squiggle.boundingBox();
    expect(box, 'the squiggle has a position on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover-content', { hasText: 'SSL101' }).first();
    await hover.waitFor({ timeout: 30_000 });
    const hoverText = (await hover.innerText()).replace(/\s+/g, ' ').trim();
    expect(/PROTOCOL_TLSv1/.test(hoverText), `the hover names PROTOCOL_TLSv1: "${hoverText}"`);
    seen.push(`hover: "${hoverText.slice(0, 160)}${hoverText.length > 160 ? '…' : ''}"`);

    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    seen.push(`screenshot: ${screenshot}`);
    return seen;
  } catch (error) {
    // Keep what the page showed when it failed, next to the logs.
    await page.screenshot({ path: `${screenshot}.failed.png` }).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}

function expect(condition, what) {
  if (!condition) throw new Error(`expected ${what}`);
}
