import type { Rule } from './rule';
import { apiUses, targetOrigin } from './api-usage';
import { addedOnLine, releasesBeforeAdded } from '../facts/api-lookup';
import { formatVersion } from '../facts/versions';
import { cachedGuards, featureGuarded } from './version-guards';

/** SSL501: an API used where some targeted Python version does not have it yet. */
export const apiNewerThanTarget: Rule = {
  code: 'SSL501',
  name: 'api-newer-than-target',
  summary: 'a symbol or parameter added after the lowest targeted Python version',
  defaultSeverity: 'error',
  aliases: { bandit: [], ruff: [] },
  docs: {
    whatItDoes:
      'Checks for `ssl` names, methods of inferred receivers and keyword parameters that do not exist yet on the oldest Python version the project supports. Code guarded by `sys.version_info` checks, `hasattr`/`getattr`, `try/except AttributeError` (or `ImportError`, `NameError`) or an `ssl.HAS_*` flag is not reported.',
    whyIsThisBad:
      'The code raises AttributeError or TypeError on the older versions the project promises to support, often only on the error path or in production, where the interpreter is older than the developer\'s.',
    example: '```python\n# requires-python = ">=3.6"\nctx = ssl.create_default_context()\nctx.minimum_version = ssl.TLSVersion.TLSv1_2  # 3.7+\n```',
    useInstead:
      '```python\nctx = ssl.create_default_context()\nif sys.version_info >= (3, 7):\n    ctx.minimum_version = ssl.TLSVersion.TLSv1_2\nelse:\n    ctx.options |= ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1\n```',
    references: ['https://docs.python.org/3/library/ssl.html', 'https://peps.python.org/pep-0466/'],
  },
  check({ model, target, report }) {
    for (const use of apiUses(model)) {
      // Most uses exist on every targeted version; their guards need not be read at all.
      const newer = releasesBeforeAdded(use.entry, target);
      if (newer.length === 0) continue;
      const guards = cachedGuards(model, use.node);
      const missing = newer.filter((v) => guards.admits(v));
      if (missing.length === 0 || featureGuarded(guards, use)) continue;
      const py3 = addedOnLine(use.entry, 3);
      const py2 = addedOnLine(use.entry, 2);
      const first = missing[0];
      let when: string;
      if (first.major === 2 && !py2) when = `does not exist on Python 2${py3 ? ` (it was added in Python ${formatVersion(py3)})` : ''}`;
      else if (first.major === 3 && !py3) when = 'does not exist on Python 3';
      else when = `was added in Python ${py3 ? formatVersion(py3) : '?'}${py2 ? ` (${formatVersion(py2)})` : ''}`;
      report({ node: use.node, message: `${use.display} ${when}, but ${targetOrigin(target)} includes ${formatVersion(first)}.` });
    }
  },
};
