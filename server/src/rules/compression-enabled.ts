import type { Rule } from './rule';
import { optionOps, removalFix, type OptionOp } from './option-ops';
import { optionFact } from '../facts/options';

/** SSL401: OP_NO_COMPRESSION cleared. */
export const compressionEnabled: Rule = {
  code: 'SSL401',
  name: 'compression-enabled',
  summary: 'TLS compression turned back on by clearing OP_NO_COMPRESSION',
  defaultSeverity: 'error',
  aliases: { bandit: [], ruff: [] },
  docs: {
    whatItDoes: 'Checks for code that clears `OP_NO_COMPRESSION` from a context\'s options (`options &= ~ssl.OP_NO_COMPRESSION`, `options ^= ...`, pyOpenSSL\'s `clear_options`).',
    whyIsThisBad:
      'With compression on, the size of each encrypted record depends on how well attacker-chosen data compresses together with secrets in the same stream, which lets an attacker recover cookies and tokens (CRIME, CVE-2012-4929). Python turns compression off by default.',
    example: '```python\nctx = ssl.create_default_context()\nctx.options &= ~ssl.OP_NO_COMPRESSION\n```',
    useInstead: '```python\nctx = ssl.create_default_context()\n```',
    references: ['https://docs.python.org/3/library/ssl.html#ssl.OP_NO_COMPRESSION', 'https://nvd.nist.gov/vuln/detail/CVE-2012-4929'],
  },
  check({ model, report }) {
    for (const op of optionOps(model)) {
      const fact = optionFact(op.name);
      if (fact?.rule !== 'SSL401' || op.action !== 'cleared') continue;
      report({
        node: op.node,
        message: `clearing ${op.name} turns TLS compression on, which is unsafe: ${fact.reason}.`,
        fixes: removalFix(model, op, isReported, 'Remove this statement (keeps compression off)'),
      });
    }
  },
};

function isReported(op: OptionOp): boolean {
  return optionFact(op.name)?.rule === 'SSL401' && op.action === 'cleared';
}
