// Where the end-to-end tooling keeps things. What the runs generate lives under .e2e/ (not committed).
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const e2e = join(root, '.e2e');
// Node 24 and code-server live outside the work tree (see setup.sh).
const tools = process.env.SSL_LENS_E2E_TOOLS ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ssl-lens-e2e');

export const paths = {
  root,
  e2e,
  tools,
  node24: join(tools, 'node', 'node_modules', 'node', 'bin', 'node'),
  codeServer: join(tools, 'code-server', 'node_modules', 'code-server'),
  serverMain: join(tools, 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js'),
  testModule: join(e2e, 'out', 'test', 'index.js'),
  serverBundle: join(root, 'dist', 'server.js'),
  fixtures: join(root, 'client', 'test', 'fixtures'),
  scenarios: join(root, 'client', 'test', 'scenarios.json'),
  vsix: join(root, 'ssl-lens.vsix'),
  screenshot: join(e2e, 'screenshot.png'),
  docsScreenshot: join(root, 'docs', 'screenshot.png'),
  chromium: process.env.SSL_LENS_CHROMIUM ?? '/usr/bin/chromium',
};
