// The offline end-to-end runner: every scenario of client/test/scenarios.json in the real Node extension
// host of VS Code's server, hosted by headless Chromium, then the workbench UI test and the browser
// worker test. Prints each suite's report and a closing "N passed, N failed" line; exits 1 on failure.
//
//   node scripts/e2e/run-code-server.mjs [--only NAME,...] [--skip-build] [--update-screenshot]
//
// NAME is a scenario of client/test/scenarios.json, `ui`, `web` or `worker`. --update-screenshot writes the UI
// test's screenshot to docs/screenshot.png instead of .e2e/screenshot.png.
// Expects scripts/e2e/setup.sh to have run (npm run test:e2e does both).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTests } from './build-tests.mjs';
import { RESULT_PREFIX, installExtension, launchChromium, newWorkbenchContext, runTestsInWorkbench, startServer } from './code-server.mjs';
import { paths } from './paths.mjs';
import { runUiTest } from './ui.mjs';
import { runWebExtensionTest } from './web.mjs';

const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1].split(',') : undefined;
const withUi = !only || only.includes('ui');
const withWorker = !only || only.includes('worker');
const withWeb = !only || only.includes('web');
const started = Date.now();
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

for (const p of [paths.serverMain, paths.node24, paths.chromium]) {
  if (!existsSync(p)) fail(`${p} is missing: run scripts/e2e/setup.sh first (npm run test:e2e does)`);
}

if (!argv.includes('--skip-build')) {
  step('building the extension and the .vsix', () => sh('npm', ['run', '--silent', 'package']));
}
const capabilities = await buildTests().catch((error) => fail(error.message));
console.log(`server capabilities: ${Object.keys(capabilities).join(', ')}`);

const scenarios = JSON.parse(readFileSync(paths.scenarios, 'utf8')).filter((s) => !only || only.includes(s.name));
const work = mkdtempSync(join(tmpdir(), 'sle-')); // short: the server's socket paths live under it
const logs = join(paths.e2e, 'logs');
rmSync(logs, { recursive: true, force: true });
mkdirSync(logs, { recursive: true });

const browser = await launchChromium();
try {
  // One server per kind of window: trusted or not, extension from source or from the .vsix.
  const groups = new Map();
  for (const s of scenarios) {
    const key = `${s.trusted ? 'trusted' : 'restricted'}-${s.packaged ? 'vsix' : 'source'}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(s);
  }
  if (withUi && !groups.has('trusted-vsix')) groups.set('trusted-vsix', []);
  if (withWeb && !groups.has('trusted-source')) groups.set('trusted-source', []);

  for (const [key, group] of groups) {
    const [trust, from] = key.split('-');
    let server;
    try {
      server = await startServer({ dir: join(work, key), trust: trust === 'trusted', extensions: from === 'vsix' ? [paths.vsix] : [] });
    } catch (error) {
      totals.failed += 1;
      problems.push(`the ${key} server did not start, so ${group.map((s) => s.name).join(', ') || 'the UI test'} did not run: ${error.message}`);
      continue;
    }
    const context = await newWorkbenchContext(browser);
    try {
      for (const scenario of group) await runScenario(context, server, scenario);
      if (withUi && key === 'trusted-vsix') await runUi(browser, server);
      if (withWeb && key === 'trusted-source') await runWeb(browser, server);
    } finally {
      await context.close();
      server.stop();
      writeFileSync(join(logs, `server-${key}.log`), server.output);
    }
  }
} finally {
  await browser.close();
}

if (withWorker) runWorkerTests();
// SSL_LENS_E2E_KEEP=1 keeps the servers' folders (user data, extension host logs) for a look afterwards.
if (process.env.SSL_LENS_E2E_KEEP) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });

console.log('');
for (const p of problems) console.log(`problem: ${p}`);
console.log(`end-to-end: ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${logs}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || problems.length > 0 ? 1 : 0);

async function runScenario(context, server, scenario) {
  const t0 = Date.now();
  console.log(`\n== scenario ${scenario.name}: ${scenario.description}`);
  const fixtures = join(server.dir, scenario.name, 'fixtures');
  cpSync(paths.fixtures, fixtures, { recursive: true });
  // An installed extension is tested from a stand-in development folder, so that the real one comes from the .vsix.
  const developmentPath = scenario.packaged ? stubExtension(join(server.dir, scenario.name, 'host')) : paths.root;
  const logLines = [];
  let result;
  const run = await runTestsInWorkbench(context, server, {
    workspace: scenario.workspace && join(fixtures, scenario.workspace),
    extensionDevelopmentPath: developmentPath,
    extensionTestsPath: paths.testModule,
    env: { SSL_LENS_E2E_SCENARIO: scenario.name, SSL_LENS_E2E_FIXTURES: fixtures, SSL_LENS_E2E_SOURCE: paths.root },
    onLine: (line) => {
      if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length));
      else console.log(line);
    },
    log: (line) => logLines.push(line),
  });
  writeFileSync(join(logs, `${scenario.name}.log`), logLines.join('\n'));
  console.log(`scenario ${scenario.name}: ${seconds(t0)} s in all, the workbench's start included`);
  if (result) {
    totals.passed += result.passed;
    totals.failed += result.failed;
    totals.skipped += result.skipped;
  }
  if (!result || (run.code !== 0 && result.failed === 0)) {
    totals.failed += 1;
    problems.push(`scenario ${scenario.name} ${run.timedOut ? 'timed out' : `ended with code ${run.code}`} without a full report; see ${join(logs, `${scenario.name}.log`)}`);
    console.log(logLines.slice(-40).join('\n'));
  }
}

async function runUi(browser, server) {
  const t0 = Date.now();
  console.log('\n== workbench UI: squiggle, Problems panel, hover, screenshot');
  const fixtures = join(server.dir, 'ui', 'fixtures');
  cpSync(paths.fixtures, fixtures, { recursive: true });
  try {
    const seen = await runUiTest(browser, server, { folder: join(fixtures, 'project'), file: 'app.py', screenshot: argv.includes('--update-screenshot') ? paths.docsScreenshot : paths.screenshot });
    for (const line of seen) console.log(`  ${line}`);
    console.log(`  ✔ squiggle, Problems row and hover shown; screenshot saved (${seconds(t0)} s)`);
    totals.passed += 1;
  } catch (error) {
    console.log(`  ✘ ${error.stack ?? error}`);
    totals.failed += 1;
  }
}

async function runWeb(browser, server) {
  const t0 = Date.now();
  console.log('\n== browser build in the web worker extension host (as on vscode.dev)');
  const fixtures = join(server.dir, 'web', 'fixtures');
  cpSync(paths.fixtures, fixtures, { recursive: true });
  try {
    const extensionDir = installExtension(paths.vsix, { dir: join(server.dir, 'web', 'unpacked') });
    const seen = await runWebExtensionTest(browser, server, { folder: join(fixtures, 'project'), file: 'app.py', extensionDir });
    for (const line of seen) console.log(`  ${line}`);
    console.log(`  ✔ the .vsix's browser extension and worker server report SSL101, and SSL203 from pyproject.toml read through the editor (${seconds(t0)} s)`);
    totals.passed += 1;
  } catch (error) {
    console.log(`  ✘ ${error.stack ?? error}`);
    totals.failed += 1;
  }
}

/** The browser build's test: the web worker server in real Chromium (server/test/e2e-*.test.ts). */
function runWorkerTests() {
  const t0 = Date.now();
  console.log('\n== browser build: the language server in a web worker');
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', 'server/test/e2e-browser.test.ts'], {
    cwd: paths.root,
    encoding: 'utf8',
    env: { ...process.env, SSL_LENS_E2E_REQUIRED: '1' },
  });
  const out = res.stdout + res.stderr;
  console.log(`  (${seconds(t0)} s)`);
  for (const line of out.split('\n')) if (/^\s*(ok|not ok)\b/.test(line) || /^#\s+(Subtest|pass|fail|skipped)/.test(line)) console.log(`  ${line.trim()}`);
  const count = (name) => Number(out.match(new RegExp(`^# ${name} (\\d+)$`, "m"))?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail');
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += count('skipped');
  if (res.status !== 0) {
    if (failed === 0) totals.failed += 1;
    console.log(out.split('\n').slice(-60).join('\n'));
  }
}

function stubExtension(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'ssl-lens-e2e-host', publisher: 'ssl-lens', version: '0.0.0', engines: { vscode: '*' } }, null, 2),
  );
  return dir;
}

function seconds(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}

function step(what, fn) {
  const t = Date.now();
  console.log(`${what}...`);
  fn();
  console.log(`${what}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

function sh(cmd, args) {
  const res = spawnSync(cmd, args, { cwd: paths.root, stdio: 'inherit' });
  if (res.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${res.status}`);
}

function fail(message) {
  console.error(message);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
