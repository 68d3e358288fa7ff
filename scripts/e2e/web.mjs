// The browser build in VS Code's own web worker extension host, as on vscode.dev: the extension comes
// from the unpacked .vsix, served over HTTP from the workbench's origin, and is loaded as a web
// extension under development. The test opens a file and waits for the squiggle and the Problems rows,
// one of which needs the project's pyproject.toml, read through the editor.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { workspaceQuery } from './code-server.mjs';

/** Where the extension is served on the workbench's own origin (its content security policy allows only that). */
const PREFIX = '/ssl-lens-web-extension';

/**
 * `extensionDir` is the unpacked .vsix (its `extension/` folder). Returns what it saw; throws on the
 * first expectation that does not hold within its timeout.
 */
export async function runWebExtensionTest(browser, server, { folder, file, extensionDir, screenshot }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const served = new Set();
  const seen = [];
  try {
    await context.route((url) => url.pathname.startsWith(`${PREFIX}/`), (route) => {
      const path = normalize(decodeURIComponent(new URL(route.request().url()).pathname.slice(PREFIX.length)));
      const local = join(extensionDir, path);
      if (!local.startsWith(extensionDir) || !existsSync(local) || statSync(local).isDirectory()) return route.fulfill({ status: 404 });
      served.add(path.replace(/^\//, ''));
      return route.fulfill({ status: 200, headers: { 'content-type': CONTENT_TYPES[extname(local)] ?? 'application/octet-stream' }, body: readFileSync(local) });
    });
    // The embedder's configuration names the extensions under development (vscode.dev does the same for its own).
    const page = await context.newPage();
    await page.route((url) => url.pathname === '/', async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(/(id="vscode-workbench-web-configuration" data-settings=")([^"]*)(")/, (_, before, settings, after) => {
        const config = JSON.parse(unescapeHtml(settings));
        const location = { scheme: 'http', authority: `127.0.0.1:${server.port}`, path: PREFIX };
        config.developmentOptions = { ...config.developmentOptions, extensions: [location] };
        return before + escapeHtml(JSON.stringify(config)) + after;
      });
      await route.fulfill({ response, body });
    });

    await page.goto(`${server.base}/?${workspaceQuery(folder)}`);
    const entry = page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${file}"]`);
    await entry.waitFor({ timeout: 60_000 });
    await entry.click();
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
    seen.push('a red squiggle in the editor');

    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'SSL101' }).first();
    await row.waitFor({ timeout: 30_000 });
    seen.push(`Problems panel: "${(await row.innerText()).replace(/\s+/g, ' ').trim()}"`);
    // SSL203 depends on requires-python >=3.3 in pyproject.toml, which the worker can only read through the editor.
    const target = page.locator('.markers-panel .monaco-list-row', { hasText: 'SSL203' }).first();
    await target.waitFor({ timeout: 30_000 });
    seen.push(`Problems panel: "${(await target.innerText()).replace(/\s+/g, ' ').trim()}"`);

    for (const needed of ['dist/browser/extension.js', 'dist/browser/server.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm']) {
      if (!served.has(needed)) throw new Error(`expected the web worker extension host to load ${needed}; it loaded ${[...served].join(', ')}`);
    }
    if (served.has('dist/extension.js') || served.has('dist/server.js')) throw new Error('the Node bundles were loaded in the browser');
    seen.push(`loaded from the .vsix: ${[...served].filter((p) => p.startsWith('dist/')).join(', ')}`);
    if (screenshot) await page.screenshot({ path: screenshot });
    return seen;
  } finally {
    await context.close();
  }
}

const CONTENT_TYPES = { '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.md': 'text/markdown' };

function unescapeHtml(text) {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
