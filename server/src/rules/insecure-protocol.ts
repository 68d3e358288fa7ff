import type { Rule } from './rule';
import type { SyntaxNode } from '../python/parser';
import { protocolFacts } from '../facts/protocols';
import { contextRole, isInspection } from './helpers';
import type { ModuleModel } from '../python/model';
import type { Fix, Target } from '../types';
import { apiAvailable } from '../facts/api-lookup';
import { fix, replaceLastName, replaceNode, sslModule } from '../fixes/edits';
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
    fixSafety:
      'Replacing a pinned protocol with `PROTOCOL_TLS_CLIENT` also turns on certificate and host name verification, so a client that talked to a server with an untrusted certificate stops connecting until the right CA is loaded. The `TLSVersion` and pyOpenSSL floor fixes only refuse the old protocols.',
  },
  check({ model, target, report }) {
    for (const ref of model.references) {
      const info = protocolFacts.name(ref.name);
      if (!info?.protocol || (info.kind !== 'pinned' && info.kind !== 'version')) continue;
      const protocol = protocolFacts.protocol(info.protocol);
      if (!protocol.insecure) continue;
      if (isInspection(ref.node, model)) continue;
      const verb = isMaximum(ref.node) ? `caps the protocol at ${protocol.label}` : info.kind === 'pinned' ? `selects ${protocol.label}` : `admits ${protocol.label}`;
      report({ node: ref.node, message: `${ref.name} ${verb}; ${protocol.reason}.`, fixes: protocolFixes(model, ref.node, ref.name, info.kind, target) });
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

/**
 * Fixes for an insecure protocol constant, chosen for the targets:
 * a pinned protocol passed to SSLContext() becomes PROTOCOL_TLS_CLIENT (or _SERVER for a server context),
 * a TLSVersion floor or cap becomes TLSv1_2, a pyOpenSSL version floor becomes TLS1_2_VERSION.
 */
function protocolFixes(model: ModuleModel, node: SyntaxNode, name: string, kind: string, target: Target): Fix[] | undefined {
  const out: (Fix | undefined)[] = [];
  if (kind === 'pinned' && name.startsWith('ssl.PROTOCOL_')) {
    const call = node.parent?.type === 'argument_list' ? node.parent.parent : node.parent?.type === 'keyword_argument' ? node.parent.parent?.parent : null;
    if (call?.type === 'call' && model.calleeOf(call) === 'ssl.SSLContext') {
      const server = contextRole(model, call) === 'server' || isServerContext(model, call);
      const replacement = server ? 'PROTOCOL_TLS_SERVER' : 'PROTOCOL_TLS_CLIENT';
      if (apiAvailable(`ssl.${replacement}`, target)) {
        const edit = node.type === 'attribute' ? replaceLastName(node, replacement) : undefined;
        const ssl = edit ? undefined : sslModule(model);
        const edits = edit ? [edit] : [replaceNode(node, `${ssl!.prefix}.${replacement}`), ssl!.importEdit];
        const what = server ? 'negotiates TLS 1.2+ with the default server settings' : 'also turns on certificate and host name verification';
        out.push(fix(`Use ssl.${replacement} (changes behaviour: ${what})`, edits.filter(Boolean), false));
      }
    }
  }
  if (kind === 'version' && name.startsWith('ssl.TLSVersion.') && apiAvailable('ssl.TLSVersion.TLSv1_2', target)) {
    out.push(fix('Use ssl.TLSVersion.TLSv1_2', [replaceLastName(node, 'TLSv1_2')], true));
  }
  if (kind === 'version' && name.startsWith('OpenSSL.SSL.') && node.type === 'attribute') {
    out.push(fix('Use SSL.TLS1_2_VERSION', [replaceLastName(node, 'TLS1_2_VERSION')], true));
  }
  const fixes = out.filter((f): f is Fix => !!f);
  return fixes.length ? fixes : undefined;
}

/** A context later used with server_side=True, found through the variable it is assigned to. */
function isServerContext(model: ModuleModel, call: SyntaxNode): boolean {
  const stmt = call.parent;
  if (stmt?.type !== 'assignment' || stmt.childForFieldName('right')?.id !== call.id) return false;
  const left = stmt.childForFieldName('left');
  return !!left && contextRole(model, left) === 'server';
}
