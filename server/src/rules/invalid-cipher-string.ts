import type { Rule } from './rule';
import { cipherStringUses } from './cipher-strings';
import { expandCipherString, openSSLLines } from '../facts/ciphers';
import { opensslLinesFor, pythonSpan } from '../facts/openssl-lines';

/** SSL302: a cipher string OpenSSL rejects, or one with a keyword no OpenSSL release knows. */
export const invalidCipherString: Rule = {
  code: 'SSL302',
  name: 'invalid-cipher-string',
  summary: 'a cipher string that selects no suite (SSLError at run time) or uses an unknown keyword',
  defaultSeverity: 'error',
  aliases: { bandit: [], ruff: [] },
  docs: {
    whatItDoes:
      'Expands each cipher string under the OpenSSL releases the targeted Pythons ship with and reports strings that select no suite at all, which makes `set_ciphers()` raise `ssl.SSLError: No cipher can be selected`, and words that are neither an OpenSSL alias nor a suite name, which OpenSSL silently ignores.',
    whyIsThisBad:
      'A rejected string breaks every connection at run time, often only on the platform whose OpenSSL lacks the chosen suites. An ignored word is usually a typo (`ECDHE+AESCGM`) that leaves the list different from what was meant.',
    example: '```python\nctx.set_ciphers("ECDHE+AESCGM")\n```',
    useInstead: '```python\nctx.set_ciphers("ECDHE+AESGCM")\n```',
    references: ['https://docs.openssl.org/3.0/man1/openssl-ciphers/', 'https://docs.python.org/3/library/ssl.html#ssl.SSLContext.set_ciphers'],
  },
  check({ model, target, report }) {
    const uses = cipherStringUses(model);
    if (uses.length === 0) return;
    const lines = opensslLinesFor(target);
    for (const use of uses) {
      const expansions = lines.map((l) => ({ ...l, expansion: expandCipherString(use.value, l.line) }));
      const rejected = expansions.filter((e) => e.expansion.rejected);
      if (rejected.length) {
        const where = rejected.map((e) => `OpenSSL ${e.line} (${pythonSpan(e.pythons)})`).join(' and ');
        const unknown = rejected[0].expansion.unknownKeywords;
        const why = (rejected[0].expansion.errors[0] ?? 'no cipher suite matches') + (unknown.length ? ` (unknown: ${unknown.join(', ')})` : '');
        report({ node: use.node, message: `the cipher string given to ${use.via} is rejected by ${where}: ${why}; set_ciphers() raises ssl.SSLError.` });
        continue;
      }
      const unknown = expansions
        .map((e) => new Set(e.expansion.unknownKeywords))
        .reduce((acc, set) => new Set([...acc].filter((k) => set.has(k))));
      for (const word of unknown) {
        // `!DES` excludes nothing on OpenSSL 3.0, which is harmless; only words that select are suspicious,
        // and only words no OpenSSL release knows.
        if (!selects(use.value, word) || knownToSomeRelease(word)) continue;
        report({ node: use.node, message: `'${word}' in the cipher string given to ${use.via} is neither an OpenSSL alias nor a suite name; OpenSSL ignores it.` });
      }
    }
  },
};

/** Does the word appear in the string other than behind `!` or `-`? */
function selects(value: string, word: string): boolean {
  for (const item of value.split(/[:, ]+/)) {
    if (item.startsWith('!') || item.startsWith('-')) continue;
    if (item.replace(/^\+/, '').split('+').includes(word)) return true;
  }
  return false;
}

const known = new Map<string, boolean>();

function knownToSomeRelease(word: string): boolean {
  let k = known.get(word);
  if (k === undefined) {
    k = openSSLLines().some((line) => !expandCipherString(word, line).unknownKeywords.includes(word));
    known.set(word, k);
  }
  return k;
}
