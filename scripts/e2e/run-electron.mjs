// The same end-to-end suite in VS Code desktop, through @vscode/test-electron, for machines that can
// download VS Code (or have one: set VSCODE_EXECUTABLE to its binary). Prints each scenario's report
// and a closing "N passed, N failed" line; exits 1 on failure.
//
//   node scripts/e2e/run-electron.mjs [--only NAME,...] [--skip-build]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { buildTests } from './build-tests.mjs';
import { LINE_PREFIX, RESULT_PREFIX, USER_SETTINGS } from './code-server.mjs';
import { paths } from './paths.mjs';

const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1].split(',') : undefined;
const totals = { passed: 0, failed: 0, skipped: 0 };

if (!argv.includes('--skip-build')) {
  const res = spawnSync('npm', ['run', '--silent', 'package'], { cwd: paths.root, stdio: 'inherit' });
  if (res.status !== 0) finish(`npm run package exited with ${res.status}`);
}
await buildTests().catch((error) => finish(error.message));

const executable = process.env.VSCODE_EXECUTABLE || (await downloadAndUnzipVSCode().catch((error) => finish(`could not download VS Code (${error.message}); on a machine without internet use run-code-server.mjs, or set VSCODE_EXECUTABLE`)));
const scenarios = JSON.parse(readFileSync(paths.scenarios, 'utf8')).filter((s) => !only || only.includes(s.name));
const work = mkdtempSync(join(tmpdir(), 'ssl-lens-electron-'));

// Each report line of the suite comes through VS Code's standard output: pick out the results.
const write = process.stdout.write.bind(process.stdout);
let results = [];
let partial = '';
process.stdout.write = (chunk, ...rest) => {
  const lines = (partial + String(chunk)).split('\n');
  partial = lines.pop();
  for (const line of lines) {
    const at = line.indexOf(LINE_PREFIX + RESULT_PREFIX);
    if (at >= 0) results.push(JSON.parse(line.slice(at + LINE_PREFIX.length + RESULT_PREFIX.length)));
  }
  return write(chunk, ...rest);
};

for (const scenario of scenarios) {
  console.log(`\n== scenario ${scenario.name}: ${scenario.description}`);
  const dir = join(work, scenario.name);
  const fixtures = join(dir, 'fixtures');
  const userData = join(dir, 'user-data');
  const extensions = join(dir, 'extensions');
  cpSync(paths.fixtures, fixtures, { recursive: true });
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));

  let developmentPath = paths.root;
  if (scenario.packaged) {
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable);
    const install = spawnSync(cli, [...cliArgs, '--extensions-dir', extensions, '--install-extension', paths.vsix, '--force'], { encoding: 'utf8', stdio: 'inherit' });
    if (install.status !== 0) finish(`installing ${paths.vsix} failed`);
    // A stand-in development extension carries the tests, so the real one comes from the .vsix.
    developmentPath = join(dir, 'host');
    mkdirSync(developmentPath, { recursive: true });
    writeFileSync(join(developmentPath, 'package.json'), JSON.stringify({ name: 'ssl-lens-e2e-host', publisher: 'ssl-lens', version: '0.0.0', engines: { vscode: '*' } }));
  }

  results = [];
  let code = 0;
  try {
    code = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: developmentPath,
      extensionTestsPath: paths.testModule,
      extensionTestsEnv: { SSL_LENS_E2E_SCENARIO: scenario.name, SSL_LENS_E2E_FIXTURES: fixtures, SSL_LENS_E2E_SOURCE: paths.root },
      launchArgs: [
        ...(scenario.workspace ? [join(fixtures, scenario.workspace)] : []),
        '--user-data-dir', userData,
        '--extensions-dir', extensions,
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
        ...(scenario.packaged ? [] : ['--disable-extensions']),
        ...(scenario.trusted ? ['--disable-workspace-trust'] : []),
      ],
    });
  } catch (error) {
    code = 1;
    console.log(`scenario ${scenario.name}: ${error}`);
  }
  const result = results[0];
  if (result) {
    totals.passed += result.passed;
    totals.failed += result.failed;
    totals.skipped += result.skipped;
  }
  if (!result || (code !== 0 && result.failed === 0)) totals.failed += 1;
}

rmSync(work, { recursive: true, force: true });
finish();

function finish(problem) {
  if (problem) {
    console.error(problem);
    totals.failed += 1;
  }
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(totals.failed > 0 ? 1 : 0);
}
