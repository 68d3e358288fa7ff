import type { Rule } from './rule';
import { apiUses } from './api-usage';
import { cachedGuards, featureGuarded } from './version-guards';

const PLATFORM_LABEL: Record<string, string> = { windows: 'Windows', win32: 'Windows', macos: 'macOS', darwin: 'macOS', linux: 'Linux' };
const PLATFORM_CHECK: Record<string, string> = { windows: 'sys.platform == "win32"', win32: 'sys.platform == "win32"', macos: 'sys.platform == "darwin"', darwin: 'sys.platform == "darwin"', linux: 'sys.platform.startswith("linux")' };

/** SSL504: a platform-limited API used without a platform check. */
export const platformOnlyApi: Rule = {
  code: 'SSL504',
  name: 'platform-only-api',
  summary: 'a platform-limited symbol used without a platform guard',
  defaultSeverity: 'warning',
  aliases: { bandit: [], ruff: [] },
  docs: {
    whatItDoes:
      'Checks for `ssl` functions that exist only on one platform, such as `enum_certificates` and `enum_crls` (Windows), used outside a `sys.platform`, `os.name` or `platform.system()` check, a `hasattr` test or a `try/except AttributeError`.',
    whyIsThisBad: 'On the other platforms the name does not exist and the code raises AttributeError.',
    example: '```python\nfor cert, encoding, trust in ssl.enum_certificates("CA"):\n    ...\n```',
    useInstead: '```python\nif sys.platform == "win32":\n    for cert, encoding, trust in ssl.enum_certificates("CA"):\n        ...\n```',
    references: ['https://docs.python.org/3/library/ssl.html#ssl.enum_certificates'],
  },
  check({ model, report }) {
    for (const use of apiUses(model)) {
      const platform = use.entry.platform;
      if (!platform) continue;
      const guards = cachedGuards(model, use.node);
      if (guards.platformGuarded || featureGuarded(guards, use)) continue;
      const key = platform.toLowerCase();
      const label = PLATFORM_LABEL[key] ?? platform;
      const check = PLATFORM_CHECK[key] ?? 'a sys.platform check';
      report({ node: use.node, message: `${use.display} exists only on ${label}; guard it with \`if ${check}:\`.` });
    }
  },
};
