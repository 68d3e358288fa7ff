import type { Rule } from './rule';
import { contextRole, isTrue, mayBeSslContext } from './helpers';
import type { CallInfo } from '../python/model';
import type { Fix, Target } from '../types';
import { apiAvailable } from '../facts/api-lookup';
import { fix, removeStatement, replaceLastName, statementOf } from '../fixes/edits';
import { checkLibraryCalls } from './library-checks';

const UNVERIFIED_FACTORIES: Record<string, string> = {
  'ssl._create_unverified_context': 'ssl._create_unverified_context() returns a context that accepts any certificate (CERT_NONE) for any host name',
  'ssl._create_stdlib_context': 'ssl._create_stdlib_context() returns a context that accepts any certificate (CERT_NONE); it is what the mail and FTP clients use when given no context',
};

/** SSL201: certificate verification turned off on a client. */
export const certificateVerificationDisabled: Rule = {
  code: 'SSL201',
  name: 'certificate-verification-disabled',
  summary: 'certificate verification turned off on a client context',
  defaultSeverity: 'error',
  aliases: { bandit: ['B323', 'B501'], ruff: ['S323', 'S501'] },
  docs: {
    whatItDoes:
      'Checks for client contexts that do not verify the server\'s certificate: `verify_mode = ssl.CERT_NONE`, `cert_reqs=ssl.CERT_NONE`, `ssl._create_unverified_context()`, `ssl._create_stdlib_context()`, the global monkeypatch `ssl._create_default_https_context = ssl._create_unverified_context`, and pyOpenSSL\'s `set_verify(SSL.VERIFY_NONE)`. Server contexts (created with `PROTOCOL_TLS_SERVER` or `Purpose.CLIENT_AUTH`, or used with `server_side=True`) are not reported: `CERT_NONE` there only means that clients need no certificate.',
    whyIsThisBad:
      'Without certificate verification anyone on the network path can impersonate the server and read or change the traffic; encryption without authentication protects nothing against an active attacker.',
    example: '```python\nctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n```',
    useInstead:
      '```python\nctx = ssl.create_default_context()\n# To trust a private CA, load it instead of turning checks off:\nctx.load_verify_locations(cafile="internal-ca.pem")\n```',
    references: [
      'https://docs.python.org/3/library/ssl.html#ssl.SSLContext.verify_mode',
      'https://peps.python.org/pep-0476/',
      'https://cwe.mitre.org/data/definitions/295.html',
    ],
    fixSafety:
      'Turning verification on changes behaviour: connections to servers with self-signed or otherwise untrusted certificates start failing until the right CA is loaded.',
  },
  check({ model, target, report }) {
    for (const write of model.attributeWrites) {
      if (write.attribute !== 'verify_mode' || write.operator !== '=') continue;
      const value = model.qualify(write.value);
      if (value !== 'ssl.CERT_NONE' && value !== 'ssl.VerifyMode.CERT_NONE') continue;
      if (contextRole(model, write.object) === 'server') continue;
      if (!mayBeSslContext(model, write.object)) continue;
      report({
        node: write.value,
        message: `verify_mode = ${value} turns off certificate verification on a client context, so any server certificate is accepted.`,
        fixes: one(fix('Use CERT_REQUIRED (changes behaviour: untrusted certificates are refused)', [replaceLastName(write.value, 'CERT_REQUIRED')], false)),
      });
    }
    for (const call of model.calls) {
      const callee = call.callee;
      if (callee && UNVERIFIED_FACTORIES[callee]) {
        report({ node: call.function, message: `${UNVERIFIED_FACTORIES[callee]}.`, fixes: one(defaultContextFix(call, target)) });
        continue;
      }
      const certReqs = call.keywords.get('cert_reqs');
      if (certReqs) {
        const value = model.qualify(certReqs);
        if ((value === 'ssl.CERT_NONE' || value === 'ssl.VerifyMode.CERT_NONE') && !isTrue(call.keywords.get('server_side'))) {
          const purpose = model.qualify(call.keywords.get('purpose'));
          if (purpose !== 'ssl.Purpose.CLIENT_AUTH') {
            report({
              node: certReqs,
              message: `cert_reqs=${value} turns off certificate verification, so any server certificate is accepted.`,
              fixes: one(fix('Use CERT_REQUIRED (changes behaviour: untrusted certificates are refused)', [replaceLastName(certReqs, 'CERT_REQUIRED')], false)),
            });
          }
        }
      }
      if (callee === 'OpenSSL.SSL.Context.set_verify') {
        const mode = call.positional[0] ?? call.keywords.get('mode');
        if (model.qualify(mode) === 'OpenSSL.SSL.VERIFY_NONE') {
          report({
            node: mode!,
            message: 'set_verify(SSL.VERIFY_NONE) turns off certificate verification on a pyOpenSSL context, so any peer certificate is accepted.',
            fixes: one(fix('Use SSL.VERIFY_PEER (changes behaviour: untrusted certificates are refused)', [replaceLastName(mode!, 'VERIFY_PEER')], false)),
          });
        }
      }
    }
    for (const write of model.attributeWrites) {
      if (write.operator !== '=' || model.qualify(write.target) !== 'ssl._create_default_https_context') continue;
      const value = model.qualify(write.value);
      if (value && UNVERIFIED_FACTORIES[value]) {
        report({
          node: write.value,
          message: `assigning ${value} to ssl._create_default_https_context turns off certificate verification for every HTTPS connection made by urllib, http.client and xmlrpc in this process.`,
          fixes: one(fix('Remove the monkeypatch (changes behaviour: HTTPS connections verify again)', [removeStatement(model, statementOf(write.node))], false)),
        });
      }
    }
    checkLibraryCalls({ model, report }, 'SSL201');
  },
};

/** Arguments `create_default_context()` also takes, so the call can be switched over unchanged. */
const DEFAULT_CONTEXT_KEYWORDS = new Set(['purpose', 'cafile', 'capath', 'cadata']);

/** `ssl._create_unverified_context(...)` -> `ssl.create_default_context(...)`, where the arguments carry over and the targets have it. */
function defaultContextFix(call: CallInfo, target: Target): Fix | undefined {
  if (!apiAvailable('ssl.create_default_context', target)) return undefined;
  if (call.positional.length > 0 || call.hasStarArgs) return undefined;
  for (const k of call.keywords.keys()) if (!DEFAULT_CONTEXT_KEYWORDS.has(k)) return undefined;
  // A bare imported name (`from ssl import _create_unverified_context`) would need its import changed too.
  if (call.function.type !== 'attribute') return undefined;
  return fix('Use ssl.create_default_context() (changes behaviour: certificates and host names are verified)', [replaceLastName(call.function, 'create_default_context')], false);
}

function one(f: Fix | undefined): Fix[] | undefined {
  return f ? [f] : undefined;
}
