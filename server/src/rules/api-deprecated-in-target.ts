import type { Rule } from './rule';
import { apiFixes } from './api-fixes';
import type { SyntaxNode } from '../python/parser';
import { apiUses, targetOrigin } from './api-usage';
import { versionFromData, compareVersions, formatVersion } from '../facts/versions';
import { cachedGuards, featureGuarded } from './version-guards';
import { advice } from './api-removed-in-target';
import { isInspection } from './helpers';
import { protocolFacts } from '../facts/protocols';

/** SSL503: an API used although a targeted Python version deprecates it. */
export const apiDeprecatedInTarget: Rule = {
  code: 'SSL503',
  name: 'api-deprecated-in-target',
  summary: 'a symbol or parameter deprecated at or before the highest targeted Python version',
  defaultSeverity: 'warning',
  aliases: { bandit: [], ruff: [] },
  docs: {
    whatItDoes:
      'Checks for `ssl` names and parameters that a Python version the project supports deprecates, such as `PROTOCOL_TLS` and `SSLContext()` without a protocol (3.10), `ssl.wrap_socket` (3.7) and `match_hostname` (3.7). Names already removed on a targeted version are reported by SSL502 instead.',
    whyIsThisBad:
      'Deprecated names warn at run time and are removed a few releases later; most were deprecated because a safer API replaced them.',
    example: '```python\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS)  # deprecated in 3.10\n```',
    useInstead: '```python\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n```',
    references: ['https://docs.python.org/3/library/ssl.html#ssl.PROTOCOL_TLS', 'https://docs.python.org/3/whatsnew/3.10.html#ssl'],
    fixSafety:
      'Replacing `PROTOCOL_TLS`, `PROTOCOL_SSLv23` or a bare `SSLContext()` with `PROTOCOL_TLS_CLIENT` turns on certificate and host name verification. Replacing `OP_NO_TLSv1 | OP_NO_TLSv1_1` with `minimum_version = TLSVersion.TLSv1_2` keeps behaviour.',
  },
  check({ model, target, report }) {
    for (const use of apiUses(model)) {
      if (!use.entry.deprecated) continue;
      // Comparing against a deprecated constant does not use it; an insecure protocol is SSL101's to report.
      if (isInspection(use.node, model)) continue;
      const proto = protocolFacts.name(use.entry.name);
      if (proto?.protocol && protocolFacts.protocol(proto.protocol).insecure) continue;
      if (clearsFlag(use.node)) continue;
      const deprecated = versionFromData(use.entry.deprecated);
      const removed = use.entry.removed ? versionFromData(use.entry.removed) : undefined;
      const guards = cachedGuards(model, use.node);
      const admitted = target.versions.filter((v) => guards.admits(v));
      if (removed && admitted.some((v) => v.major === removed.major && compareVersions(v, removed) >= 0)) continue;
      const hit = admitted.find((v) => v.major === deprecated.major && compareVersions(v, deprecated) >= 0);
      if (!hit || featureGuarded(guards, use)) continue;
      report({ node: use.node, message: `${use.display} is deprecated since Python ${formatVersion(deprecated)}, and ${targetOrigin(target)} includes ${formatVersion(hit)}${advice(use.entry)}.`, fixes: apiFixes(model, use, target) });
    }
  },
};

/** `~ssl.OP_NO_SSLv3` or `options ^= ...`: re-enabling a protocol is SSL102's finding, not a deprecation. */
function clearsFlag(node: SyntaxNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'unary_operator' && n.childForFieldName('operator')?.text === '~') return true;
    if (n.type === 'augmented_assignment') return n.childForFieldName('operator')?.text === '^=';
    if (!['binary_operator', 'parenthesized_expression', 'unary_operator'].includes(n.type)) return false;
  }
  return false;
}
