// Builds every bundle: the Node extension, language server, command line and its worker, and the browser
// extension and server. Type checking is separate (`npm run typecheck`).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  define: { SSL_LENS_VERSION: JSON.stringify(pkg.version) },
};

// web-tree-sitter's ES module reads import.meta.url, which a CommonJS bundle must provide.
const nodeCommon = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { ...common.define, 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const builds = [
  { ...nodeCommon, entryPoints: ['client/src/node.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...nodeCommon, entryPoints: ['server/src/node.ts'], outfile: 'dist/server.js' },
  { ...nodeCommon, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${nodeCommon.banner.js}` } },
  // The command line starts this one on worker threads to analyse files on every core.
  { ...nodeCommon, entryPoints: ['server/src/cli-worker.ts'], outfile: 'dist/cli-worker.js' },
];

// The browser builds (vscode.dev): the extension runs in VS Code's web worker extension host, the
// server in a worker of its own. Both reuse dist/*.wasm. web-tree-sitter's Node-only branches import
// Node modules that never load in a browser, and its import.meta.url default is never used because
// the server always says where the wasm files are.
const browserCommon = {
  ...common,
  platform: 'browser',
  target: 'es2022',
  mainFields: ['browser', 'module', 'main'],
  external: ['fs/promises', 'module'],
  define: { ...common.define, 'import.meta.url': 'undefined', 'process.env.NODE_DEBUG': 'undefined' },
};
builds.push(
  { ...browserCommon, entryPoints: ['client/src/browser.ts'], outfile: 'dist/browser/extension.js', format: 'cjs', external: ['vscode'] },
  { ...browserCommon, entryPoints: ['server/src/browser.ts'], outfile: 'dist/browser/server.js', format: 'iife' },
);

mkdirSync('dist', { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), 'dist/tree-sitter-python.wasm');

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
