import type { Rule } from './rule';
import { cipherStringUses } from './cipher-strings';
import { expandCipherString, type WeakReason } from '../facts/ciphers';
import { opensslLinesFor, pythonSpan } from '../facts/openssl-lines';
import hardening from '../../../data/cipher-hardening.json';
import type { SyntaxNode } from '../python/parser';
import type { Fix } from '../types';
import type { OpenSSLLine } from '../facts/ciphers';

/** The order weaknesses are named in, worst first. */
const ORDER: WeakReason[] = ['NULL', 'anonymous', 'EXPORT', 'DES', 'RC4', 'RC2', '3DES', 'MD5', 'IDEA', 'SEED', 'static RSA', 'static DH'];
const LABEL: Record<string, string> = {
  NULL: 'NULL encryption',
  anonymous: 'anonymous key exchange',
  EXPORT: 'EXPORT-grade',
  DES: 'single DES',
  RC4: 'RC4',
  RC2: 'RC2',
  '3DES': '3DES',
  MD5: 'MD5 MACs',
  IDEA: 'IDEA',
  SEED: 'SEED',
  'static RSA': 'static RSA key exchange',
  'static DH': 'static DH key exchange',
};
const EXAMPLES = 2;

/** SSL301: a cipher string that admits weak suites. */
export const weakCipherSuites: Rule = {
  code: 'SSL301',
  name: 'weak-cipher-suites',
  summary: 'a cipher string whose expansion admits NULL, anonymous, EXPORT, DES, 3DES, RC4, RC2, MD5 or static-RSA suites',
  defaultSeverity: 'warning',
  aliases: { bandit: [], ruff: [] },
  docs: {
    whatItDoes:
      'Expands each cipher string passed to `set_ciphers()`, pyOpenSSL\'s `set_cipher_list()`, a `ciphers=` keyword or a `*_CIPHERS` constant the way OpenSSL does, under the OpenSSL releases the targeted Pythons ship with, and reports the weak suites it admits. A string whose weak parts are all excluded (`HIGH:!aNULL:!RC4`) is not reported.',
    whyIsThisBad:
      'A server or client that offers a weak suite can be pushed into it: RC4 and 3DES leak plaintext (RFC 7465, SWEET32), EXPORT and DES keys are brute-forced, anonymous and NULL suites give no authentication or no encryption, and static RSA key exchange has no forward secrecy.',
    example: '```python\nctx.set_ciphers("ALL")\n```',
    useInstead: '```python\nctx.set_ciphers("ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!eNULL")\n# or leave Python\'s default in place\n```',
    references: ['https://docs.openssl.org/3.0/man1/openssl-ciphers/', 'https://www.rfc-editor.org/rfc/rfc7465', 'https://cwe.mitre.org/data/definitions/327.html'],
  },
  check({ model, target, report }) {
    const uses = cipherStringUses(model);
    if (uses.length === 0) return;
    const lines = opensslLinesFor(target);
    for (const use of uses) {
      // Weak suites per reason, merged over the OpenSSL lines, remembering which lines admit them.
      const byReason = new Map<WeakReason, { names: string[]; lines: Set<string> }>();
      let judged = 0;
      for (const { line } of lines) {
        const expansion = expandCipherString(use.value, line);
        if (expansion.rejected) continue;
        judged++;
        for (const suite of expansion.suites) {
          for (const reason of suite.weak) {
            const entry = byReason.get(reason) ?? { names: [], lines: new Set<string>() };
            if (!entry.names.includes(suite.name)) entry.names.push(suite.name);
            entry.lines.add(line);
            byReason.set(reason, entry);
          }
        }
      }
      if (byReason.size === 0) continue;
      const reasons = ORDER.filter((r) => byReason.has(r)).map((r) => {
        const { names, lines: where } = byReason.get(r)!;
        const shown = names.slice(0, EXAMPLES).join(', ') + (names.length > EXAMPLES ? `, +${names.length - EXAMPLES} more` : '');
        const only = where.size < judged ? `; OpenSSL ${[...where].join(', ')} only` : '';
        return `${LABEL[r] ?? r} (${shown}${only})`;
      });
      const span = pythonSpan(lines.flatMap((l) => l.pythons));
      const releases = lines.map((l) => l.line).join(', ');
      const hardened = harden(use.node, use.value, [...byReason.keys()], lines.map((l) => l.line));
      report({
        node: use.node,
        message: `the cipher string given to ${use.via} admits ${reasons.join(', ')}, judged under OpenSSL ${releases} as shipped with ${span}.`,
        fixes: hardened ? [hardened] : undefined,
      });
    }
  },
};

const EXCLUSIONS = hardening.exclusions as Record<string, { append: string[] }>;

/**
 * Appends the exclusions for each weakness found to a plain string literal, and keeps the result only
 * when every judged OpenSSL release still accepts it and admits nothing weak.
 */
function harden(node: SyntaxNode, value: string, reasons: WeakReason[], lines: OpenSSLLine[]): Fix | undefined {
  if (node.type !== 'string' || node.namedChildren.some((c) => c?.type === 'interpolation' || c?.type === 'escape_sequence')) return undefined;
  const end = node.lastChild;
  if (end?.type !== 'string_end') return undefined;
  const present = new Set(value.split(/[:, ]+/));
  const extra = reasons.flatMap((r) => EXCLUSIONS[r]?.append ?? []).filter((x) => !present.has(x));
  if (extra.length === 0) return undefined;
  const directives = value.match(/(?:^|:)(@[A-Z]+(?:=\d+)?)$/);
  const base = directives ? value.slice(0, value.length - directives[1].length).replace(/:$/, '') : value;
  const next = [base, ...extra, ...(directives ? [directives[1]] : [])].filter(Boolean).join(':');
  for (const line of lines) {
    const e = expandCipherString(next, line);
    if (e.rejected || e.suites.length === 0 || e.suites.some((s) => s.weak.length > 0)) return undefined;
  }
  const content = node.namedChildren.filter((c) => c?.type === 'string_content');
  const first = content[0];
  const last = content[content.length - 1];
  const start = first ?? end;
  const stop = last ?? end;
  const from = first ? { line: start.startPosition.row, character: start.startPosition.column } : { line: end.startPosition.row, character: end.startPosition.column };
  const to = last ? { line: stop.endPosition.row, character: stop.endPosition.column } : from;
  return { title: `Harden the cipher string (exclude ${extra.join(', ')})`, edits: [{ range: { start: from, end: to }, newText: next }], safe: true };
}
