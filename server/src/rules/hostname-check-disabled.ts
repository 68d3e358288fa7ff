import type { Rule } from './rule';
import { contextRole, isFalsy, mayBeSslContext, unwrap } from './helpers';
import { fix, removeStatement, statementOf } from '../fixes/edits';
import { checkLibraryCalls } from './library-checks';

/** SSL202: host name checking turned off on a client. */
export const hostnameCheckDisabled: Rule = {
  code: 'SSL202',
  name: 'hostname-check-disabled',
  summary: 'host name checking turned off on a client context',
  defaultSeverity: 'error',
  aliases: { bandit: [], ruff: [] },
  docs: {
    whatItDoes:
      'Checks for `check_hostname = False` on a client context and for `ssl._create_unverified_context(check_hostname=False)`. Server contexts are not reported.',
    whyIsThisBad:
      'A certificate proves who its owner is, not that its owner is the server you meant to reach. Without the host name check, any valid certificate for any domain is accepted, so an attacker with a certificate for their own domain can impersonate every server.',
    example: '```python\nctx = ssl.create_default_context()\nctx.check_hostname = False\n```',
    useInstead: '```python\nctx = ssl.create_default_context()\nsock = ctx.wrap_socket(raw, server_hostname="example.com")\n```',
    references: ['https://docs.python.org/3/library/ssl.html#ssl.SSLContext.check_hostname', 'https://cwe.mitre.org/data/definitions/297.html'],
    fixSafety: 'Turning the check back on changes behaviour: connections made by IP address or to a name the certificate does not list start failing.',
  },
  check({ model, report }) {
    for (const write of model.attributeWrites) {
      if (write.attribute !== 'check_hostname' || write.operator !== '=' || !isFalsy(write.value)) continue;
      if (contextRole(model, write.object) === 'server') continue;
      if (!mayBeSslContext(model, write.object)) continue;
      const removal = fix('Remove `check_hostname = False` (changes behaviour: host names are checked)', [removeStatement(model, statementOf(write.node))], false);
      report({
        node: unwrap(write.value)!,
        message: 'check_hostname = False turns off host name checking on a client context, so a valid certificate for any other host is accepted.',
        fixes: removal ? [removal] : undefined,
      });
    }
    for (const call of model.calls) {
      if (call.callee !== 'ssl._create_unverified_context' && call.callee !== 'ssl.create_default_context') continue;
      const arg = call.keywords.get('check_hostname');
      if (arg && isFalsy(arg)) {
        report({ node: arg, message: `${call.callee}(check_hostname=False) turns off host name checking, so a valid certificate for any other host is accepted.` });
      }
    }
    checkLibraryCalls({ model, report }, 'SSL202');
  },
};
