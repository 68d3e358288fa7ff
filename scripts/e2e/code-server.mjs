// Runs VS Code's own server (the one inside the code-server npm package) on Node 24, and hosts its web
// workbench in headless Chromium. With --enable-smoke-test-driver the workbench takes a `payload` URL
// parameter naming an extension under development and a test module, and reports the module's
// verdict through window.codeAutomationExit: the same contract as @vscode/test-electron.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { paths } from './paths.mjs';

/** Chromium's flags on a machine without outside network: no background connections, no sandbox as root. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // The web extension test serves the workbench page through Playwright; without this, Chromium then
  // treats the page as public and refuses its connections back to the local server.
  '--disable-features=LocalNetworkAccessChecks',
];

export function launchChromium() {
  return chromium.launch({ executablePath: paths.chromium, headless: true, args: CHROMIUM_ARGS });
}

/** User settings that keep the workbench quiet and fast offline, and never ask about trust. */
export const USER_SETTINGS = {
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
  'files.autoSave': 'off',
};

/**
 * Starts a VS Code server in a fresh folder `dir` (its data, HOME and TMPDIR all inside it).
 * `trust: false` leaves workspace trust on, so folders open in Restricted Mode.
 * `extensions` are .vsix files installed into its extensions folder first.
 */
export async function startServer({ dir, trust = true, extensions = [], settings = {} }) {
  const d = (name) => {
    const p = join(dir, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const serverData = d('server-data');
  const userData = d('user-data');
  const extensionsDir = d('extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  const env = {
    ...process.env,
    HOME: d('home'),
    TMPDIR: d('tmp'), // socket paths must stay under 108 characters
    PATH: `${dirname(paths.node24)}:${process.env.PATH}`,
  };
  const common = ['--server-data-dir', serverData, '--user-data-dir', userData, '--extensions-dir', extensionsDir];

  for (const vsix of extensions) installExtension(vsix, { serverData, userData, extensionsDir, env });

  const port = await freePort();
  const args = [
    paths.serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    ...common,
    ...(trust ? ['--disable-workspace-trust'] : []),
  ];
  const child = spawn(paths.node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (b) => (output += b));
  child.stderr.on('data', (b) => (output += b));
  const base = `http://127.0.0.1:${port}`;
  const server = {
    base,
    port,
    dir,
    get output() {
      return output;
    },
    /** A path on this machine as the workbench addresses it through the server. */
    remote: (path) => `vscode-remote://127.0.0.1:${port}${path}`,
    stop() {
      running.delete(server);
      // The server starts helpers (file watcher, extension hosts) in its process group: end them all.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    },
  };
  running.add(server);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the VS Code server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${base}/version`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      server.stop();
      throw new Error(`the VS Code server did not answer on ${base} within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return server;
}

// Servers run in process groups of their own: end them when this process ends, however it ends.
const running = new Set();
process.on('exit', () => {
  for (const server of [...running]) server.stop();
});
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) process.once(signal, () => process.exit(code));

/**
 * Installs a .vsix the way a user of the server would (`--install-extension`) and returns the folder
 * it was unpacked to. Without a server's folders, it installs into a throwaway set under `dir`.
 */
export function installExtension(vsix, { dir, serverData, userData, extensionsDir, env }) {
  if (dir) {
    [serverData, userData, extensionsDir] = ['server-data', 'user-data', 'extensions'].map((n) => join(dir, n));
    for (const d of [serverData, userData, extensionsDir, join(dir, 'home')]) mkdirSync(d, { recursive: true });
    env = { ...process.env, HOME: join(dir, 'home'), PATH: `${dirname(paths.node24)}:${process.env.PATH}` };
  }
  const args = ['--server-data-dir', serverData, '--user-data-dir', userData, '--extensions-dir', extensionsDir];
  const install = spawnSync(paths.node24, [paths.serverMain, ...args, '--accept-server-license-terms', '--install-extension', vsix, '--force'], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const installed = readdirSync(extensionsDir).find((name) => name.startsWith(`${EXTENSION_ID}-`));
  if (install.status !== 0 || !/successfully installed/i.test(install.stdout + install.stderr) || !installed) {
    throw new Error(`installing ${vsix} failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`);
  }
  return join(extensionsDir, installed);
}

const EXTENSION_ID = 'ssl-lens.ssl-lens';

/**
 * A browser context for one server's workbench windows. Sharing it between the windows of one server
 * keeps Chromium's cache of the workbench's scripts, which saves seconds per window.
 */
export function newWorkbenchContext(browser) {
  return browser.newContext({ viewport: { width: 1280, height: 800 } });
}

/**
 * Opens the workbench on `workspace` (a folder, a .code-workspace file, or null for an empty window)
 * and runs the test module in its extension host. Resolves with the exit code and the lines the suite
 * printed; `onLine` sees each of those lines as it arrives.
 */
export async function runTestsInWorkbench(context, server, { workspace, extensionDevelopmentPath, extensionTestsPath, env = {}, timeoutMs = 180_000, onLine = () => {}, log = () => {} }) {
  const page = await context.newPage();
  const started = Date.now();
  let exit;
  const exited = new Promise((resolve) => (exit = resolve));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    for (const line of text.split('\n')) {
      if (line.startsWith(LINE_PREFIX)) onLine(line.slice(LINE_PREFIX.length));
      else log(`${((Date.now() - started) / 1000).toFixed(1)} [${type}] ${line}`);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code) => exit(code));
  page.on('pageerror', (e) => log(`[pageerror] ${e.message}`));

  const payload = [
    ['extensionDevelopmentPath', server.remote(extensionDevelopmentPath)],
    ['extensionTestsPath', server.remote(extensionTestsPath)],
    ['extensionEnvironment', JSON.stringify(env)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const url = `${server.base}/?${workspaceQuery(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  let timer;
  try {
    await page.goto(url);
    const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const code = await Promise.race([exited, timeout]);
    return code === 'timeout' ? { code: 1, timedOut: true } : { code, timedOut: false };
  } finally {
    clearTimeout(timer);
    await page.close();
  }
}

/** The URL query that opens `workspace` in the web workbench. */
export function workspaceQuery(workspace) {
  if (!workspace) return 'ew=true';
  return workspace.endsWith('.code-workspace') ? `workspace=${encodeURIComponent(workspace)}` : `folder=${encodeURIComponent(workspace)}`;
}

/** The prefix the suite puts on its own lines (client/test/index.ts). */
export const LINE_PREFIX = '[ssl-lens-e2e] ';
export const RESULT_PREFIX = 'result ';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
