import type { Rule } from './rule';
import { protocolFacts } from '../facts/protocols';
import { maskNames } from './helpers';
import { fix, removeStatement, replaceLastName, statementOf } from '../fixes/edits';

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
        const names = maskNames(model, write.value);
        // A statement that does nothing but re-enable legacy protocols can simply go.
        const onlyLegacy =
          (write.operator === '&=' || toggles) &&
          names.length > 0 &&
          names.every((m) => (m.negated || toggles) && protocolFacts.disabledBy(m.name)?.insecure);
        const removal = onlyLegacy ? fix('Remove this statement (keeps the legacy protocols off)', [removeStatement(model, statementOf(write.node))], true) : undefined;
        for (const m of names) {
          const p = protocolFacts.disabledBy(m.name);
          if (!p?.insecure || !(m.negated || toggles)) continue;
          const how = toggles ? 'toggling' : 'clearing';
          report({ node: m.node, message: `${how} ${m.name} re-enables ${p.label}; ${p.reason}.`, fixes: removal ? [removal] : undefined });
        }
      }
      if (write.attribute === 'minimum_version' && write.operator === '=' && model.qualify(write.value) === 'ssl.TLSVersion.MINIMUM_SUPPORTED') {
        const f = fix('Use ssl.TLSVersion.TLSv1_2', [replaceLastName(write.value, 'TLSv1_2')], true);
        report({
          node: write.value,
          message: 'minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED lowers the floor to the oldest protocol the OpenSSL build supports, which can be SSL 3.0 or TLS 1.0.',
          fixes: f ? [f] : undefined,
        });
      }
    }
    // `~ssl.OP_NO_TLSv1` passed on elsewhere, e.g. `ctx.options = ctx.options & ~ssl.OP_NO_TLSv1` inside a helper call, is
    // covered above; pyOpenSSL has no way to clear options, so nothing else needs checking.
  },
};
