import type { Rule } from './rule';
import { optionOps, removalFix, type OptionOp } from './option-ops';
import { optionFact } from '../facts/options';

/** SSL402: unsafe legacy renegotiation allowed. */
export const unsafeLegacyRenegotiation: Rule = {
  code: 'SSL402',
  name: 'unsafe-legacy-renegotiation',
  summary: 'OP_LEGACY_SERVER_CONNECT set, allowing unsafe legacy renegotiation',
  defaultSeverity: 'error',
  aliases: { bandit: [], ruff: [] },
  docs: {
    whatItDoes: 'Checks for code that sets `OP_LEGACY_SERVER_CONNECT` on a context (Python 3.12 and later, and pyOpenSSL).',
    whyIsThisBad:
      'Peers without secure renegotiation (RFC 5746) are open to a man-in-the-middle that splices its own request in front of the victim\'s (CVE-2009-3555). OpenSSL 3.0 refuses such peers by default; these options undo that.',
    example: '```python\nctx = ssl.create_default_context()\nctx.options |= ssl.OP_LEGACY_SERVER_CONNECT\n```',
    useInstead: '```python\nctx = ssl.create_default_context()  # and upgrade the server that needs it\n```',
    references: ['https://docs.python.org/3/library/ssl.html#ssl.OP_LEGACY_SERVER_CONNECT', 'https://www.rfc-editor.org/rfc/rfc5746', 'https://nvd.nist.gov/vuln/detail/CVE-2009-3555'],
  },
  check({ model, report }) {
    for (const op of optionOps(model)) {
      const fact = optionFact(op.name);
      if (fact?.rule !== 'SSL402' || op.action !== 'set') continue;
      report({ node: op.node, message: `setting ${op.name} is unsafe: ${fact.reason}.`, fixes: removalFix(model, op, isReported, 'Remove this statement (keeps unsafe renegotiation off)') });
    }
  },
};

function isReported(op: OptionOp): boolean {
  return optionFact(op.name)?.rule === 'SSL402' && op.action === 'set';
}
