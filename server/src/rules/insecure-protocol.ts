import type { Rule } from './rule';
import type { SyntaxNode } from '../python/parser';
import { protocolFacts } from '../facts/protocols';
import { isInspection } from './helpers';
import { checkLibraryCalls } from './library-checks';

/** SSL101: a protocol constant that pins or admits SSLv2, SSLv3, TLS 1.0 or TLS 1.1. */
export const insecureProtocol: Rule = {
  code: 'SSL101',
  name: 'insecure-protocol',
  summary: 'SSLv2, SSLv3, TLS 1.0 or TLS 1.1 chosen',
  defaultSeverity: 'error',
  aliases: { bandit: ['B502', 'B503'], ruff: ['S502', 'S503'] },
  docs: {
    whatItDoes:
      'Checks for protocol constants that select SSL 2.0, SSL 3.0, TLS 1.0 or TLS 1.1: `PROTOCOL_*` constants passed to `SSLContext()`, `wrap_socket(ssl_version=)` or `get_server_certificate(ssl_version=)`, used as parameter defaults or stored in variables; `minimum_version` or `maximum_version` set to such a `TLSVersion`; and pyOpenSSL methods such as `SSL.SSLv3_METHOD`.',
    whyIsThisBad:
      'These protocol versions have known attacks (DROWN, POODLE, BEAST) and are prohibited or deprecated by the IETF (RFC 6176, RFC 7568, RFC 8996). A connection pinned to one of them can be read or forged by a network attacker, and modern servers refuse them.',
    example: '```python\nimport ssl\n\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n```',
    useInstead:
      '```python\nimport ssl\n\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\nctx.minimum_version = ssl.TLSVersion.TLSv1_2\n```',
    references: [
      'https://docs.python.org/3/library/ssl.html#ssl-security',
      'https://www.rfc-editor.org/rfc/rfc8996',
      'https://nvd.nist.gov/vuln/detail/CVE-2014-3566',
    ],
  },
  check({ model, report }) {
    for (const ref of model.references) {
      const info = protocolFacts.name(ref.name);
      if (!info?.protocol || (info.kind !== 'pinned' && info.kind !== 'version')) continue;
      const protocol = protocolFacts.protocol(info.protocol);
      if (!protocol.insecure) continue;
      if (isInspection(ref.node)) continue;
      const verb = isMaximum(ref.node) ? `caps the protocol at ${protocol.label}` : info.kind === 'pinned' ? `selects ${protocol.label}` : `admits ${protocol.label}`;
      report({ node: ref.node, message: `${ref.name} ${verb}; ${protocol.reason}.` });
    }
    checkLibraryCalls({ model, report }, 'SSL101');
  },
};

function isMaximum(node: SyntaxNode): boolean {
  const p = node.parent;
  if (p?.type === 'assignment') {
    const left = p.childForFieldName('left');
    return left?.type === 'attribute' && left.childForFieldName('attribute')?.text === 'maximum_version';
  }
  if (p?.type === 'argument_list') {
    const call = p.parent;
    const fn = call?.childForFieldName('function');
    return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'set_max_proto_version';
  }
  if (p?.type === 'keyword_argument') return /maximum_version$/.test(p.childForFieldName('name')?.text ?? '');
  return false;
}
