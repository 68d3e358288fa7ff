import Mocha from 'mocha';
import { describe } from 'mocha';
import { format } from 'node:util';
import { SUITES, scenarioByName } from './scenarios';

/**
 * The entry point VS Code calls in its extension host (the `extensionTestsPath` contract shared by
 * `@vscode/test-electron` and the VS Code server runner). The runner names the scenario, that is the
 * workspace it opened, in SSL_LENS_E2E_SCENARIO; this runs the suites written for that workspace.
 */
export async function run(): Promise<void> {
  const scenario = scenarioByName(process.env.SSL_LENS_E2E_SCENARIO ?? '');
  // Mark the reporter's lines: the offline runner receives them mixed with the workbench's own log.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    for (const line of format(...args).split('\n')) console.log(`${LINE_PREFIX}${line}`);
  };
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 60_000, slow: 5_000 });
  // Bind describe/it to this Mocha instance before the suites register their tests.
  mocha.suite.emit('pre-require', globalThis, `scenario:${scenario.name}`, mocha);
  describe(`${scenario.name}: ${scenario.description}`, () => {
    for (const register of SUITES[scenario.name]) register(scenario);
  });

  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats!));
  });
  const result = { scenario: scenario.name, passed: stats.passes, failed: stats.failures, skipped: stats.pending };
  // The runners read this line to add up the counts of every scenario.
  console.log(`${LINE_PREFIX}${RESULT_PREFIX}${JSON.stringify(result)}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} end-to-end test(s) failed in scenario ${scenario.name}`);
}

/** The runners look for these to tell the suite's output and its result from everything else. */
export const LINE_PREFIX = '[ssl-lens-e2e] ';
export const RESULT_PREFIX = 'result ';
