import type { Rule } from './rule';
import { apiFixes } from './api-fixes';
import { apiUses, targetOrigin } from './api-usage';
import { versionFromData, compareVersions, formatVersion } from '../facts/versions';
import { cachedGuards, featureGuarded } from './version-guards';
import type { ApiEntry } from '../facts/api-lookup';

/** SSL502: an API used although a targeted Python version has removed it. */
export const apiRemovedInTarget: Rule = {
  code: 'SSL502',
  name: 'api-removed-in-target',
  summary: 'a symbol or parameter removed at or before the highest targeted Python version',
  defaultSeverity: 'error',
  aliases: { bandit: [], ruff: [] },
  docs: {
    whatItDoes:
      'Checks for `ssl` names, parameters and modules that a Python version the project supports has removed, such as `ssl.wrap_socket` and `ssl.match_hostname` (3.12), the `keyfile`/`certfile` parameters of the mail and HTTP clients (3.12), and `nntplib` (3.13).',
    whyIsThisBad: 'The code fails with AttributeError, TypeError or ImportError on the newer versions the project promises to support.',
    example: '```python\nsock = ssl.wrap_socket(raw)  # removed in 3.12\n```',
    useInstead: '```python\nctx = ssl.create_default_context()\nsock = ctx.wrap_socket(raw, server_hostname=host)\n```',
    references: ['https://docs.python.org/3/whatsnew/3.12.html#ssl', 'https://peps.python.org/pep-0594/'],
    fixSafety:
      'Replacing `ssl.wrap_socket()` with `create_default_context().wrap_socket(..., server_hostname=...)` turns on certificate and host name verification, which the old function did not do by default.',
  },
  check({ model, target, report }) {
    for (const use of apiUses(model)) {
      if (!use.entry.removed) continue;
      const removed = versionFromData(use.entry.removed);
      const guards = cachedGuards(model, use.node);
      const hit = target.versions.find((v) => guards.admits(v) && v.major === removed.major && compareVersions(v, removed) >= 0);
      if (!hit || featureGuarded(guards, use)) continue;
      report({ node: use.node, message: `${use.display} was removed in Python ${formatVersion(removed)}, and ${targetOrigin(target)} includes ${formatVersion(hit)}${advice(use.entry)}.`, fixes: apiFixes(model, use, target) });
    }
  },
};

export function advice(entry: ApiEntry): string {
  return entry.replacement ? `; use ${entry.replacement} instead` : '';
}
