import type { Rule } from './rule';
import { protocolFacts } from '../facts/protocols';
import { maskNames } from './helpers';

/** SSL102: clearing OP_NO_SSLv2/SSLv3/TLSv1/TLSv1_1, or lowering the floor to the build's minimum. */
export const legacyProtocolReenabled: Rule = {
  code: 'SSL102',
  name: 'legacy-protocol-reenabled',
  summary: 'an OP_NO_* flag for a legacy protocol cleared, or minimum_version lowered to MINIMUM_SUPPORTED',
  defaultSeverity: 'error',
  aliases: { bandit: [], ruff: [] },
  docs: {
    whatItDoes:
      'Checks for code that turns a legacy protocol back on: clearing `OP_NO_SSLv2`, `OP_NO_SSLv3`, `OP_NO_TLSv1` or `OP_NO_TLSv1_1` from a context\'s `options` (`options &= ~ssl.OP_NO_SSLv3`, `options = options & ~(...)`, `options ^= ...`), or setting `minimum_version = TLSVersion.MINIMUM_SUPPORTED`.',
    whyIsThisBad:
      'Python sets these flags (and, from 3.10, a TLS 1.2 floor) for you. Clearing them lets an attacker downgrade the connection to a protocol with known attacks.',
    example: '```python\nctx = ssl.create_default_context()\nctx.options &= ~ssl.OP_NO_SSLv3\n```',
    useInstead: '```python\nctx = ssl.create_default_context()\n```',
    references: ['https://docs.python.org/3/library/ssl.html#ssl.SSLContext.options', 'https://www.rfc-editor.org/rfc/rfc8996'],
  },
  check({ model, report }) {
    for (const write of model.attributeWrites) {
      if (write.attribute === 'options') {
        const toggles = write.operator === '^=';
        for (const m of maskNames(model, write.value)) {
          const p = protocolFacts.disabledBy(m.name);
          if (!p?.insecure || !(m.negated || toggles)) continue;
          const how = toggles ? 'toggling' : 'clearing';
          report({ node: m.node, message: `${how} ${m.name} re-enables ${p.label}; ${p.reason}.` });
        }
      }
      if (write.attribute === 'minimum_version' && write.operator === '=' && model.qualify(write.value) === 'ssl.TLSVersion.MINIMUM_SUPPORTED') {
        report({
          node: write.value,
          message: 'minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED lowers the floor to the oldest protocol the OpenSSL build supports, which can be SSL 3.0 or TLS 1.0.',
        });
      }
    }
    // `~ssl.OP_NO_TLSv1` passed on elsewhere, e.g. `ctx.options = ctx.options & ~ssl.OP_NO_TLSv1` inside a helper call, is
    // covered above; pyOpenSSL has no way to clear options, so nothing else needs checking.
  },
};
