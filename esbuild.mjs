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

/**
 * web-tree-sitter loads two Node modules with `await import()`. A bundle that V8 runs from its code
 * cache cannot resolve a dynamic import in Node 20 (the cached script loses its import callback), so the
 * Node bundles import them statically: they are Node's own modules.
 */
const requireNodeBuiltins = {
  name: 'require-node-builtins',
  setup(build) {
    build.onLoad({ filter: /web-tree-sitter[\\/].*\.(?:c|m)?js$/ }, async (args) => {
      const text = readFileSync(args.path, 'utf8');
      const contents = text.replace(/await import\((["'])(fs\/promises|module)\1\)/g, (_, quote, name) => (name === 'module' ? '__nodeModule' : '__fsPromises'));
      return { contents: `import * as __nodeModule from 'module';\nimport * as __fsPromises from 'fs/promises';\n${contents}`, loader: 'js' };
    });
  },
};

// web-tree-sitter's ES module reads import.meta.url, which a CommonJS bundle must provide.
const nodeCommon = {
  ...common,
  plugins: [requireNodeBuiltins],
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { ...common.define, 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const builds = [
  { ...nodeCommon, entryPoints: ['client/src/node.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // dist/server.js starts dist/server-main.js from V8's code cache.
  { ...nodeCommon, entryPoints: ['server/src/node.ts'], outfile: 'dist/server-main.js' },
  { ...nodeCommon, entryPoints: ['server/src/node-start.ts'], outfile: 'dist/server.js', banner: {} },
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
