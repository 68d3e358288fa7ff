import { isMainThread, Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { serveAnalysis } from '../src/cli-pool';
import { RULES } from '../src/rules/index';
import type { Rule } from '../src/rules/rule';

/**
 * The rules plus one that throws on every module mentioning `rule_fails_here`, so that a test can
 * compare how the command line reports a failing rule in one thread and on workers.
 */
export const RULES_WITH_A_FAILING_ONE: readonly Rule[] = [
  ...RULES,
  {
    // A real rule's documentation and severity; only its code, name and check are its own.
    ...RULES[0],
    code: 'SSL998',
    name: 'fails-on-marked-modules',
    aliases: { bandit: [], ruff: [] },
    check({ model }) {
      if (model.text.includes('rule_fails_here')) throw new Error('this rule fails on marked modules');
    },
  },
];

/** Starts this file as an analysis worker, compiled from TypeScript by tsx as the tests are. */
export function startFailingRuleWorker(): Worker {
  const load = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(join(__dirname, 'failing-rule-worker.ts'))});`;
  return new Worker(load, { eval: true });
}

if (!isMainThread) serveAnalysis(RULES_WITH_A_FAILING_ONE);
