import type { ModuleModel } from '../python/model';
import type { SyntaxNode } from '../python/parser';
import { cipherStringUses } from '../rules/cipher-strings';
import { expandCipherString, type CipherSuite } from '../facts/ciphers';
import { opensslLinesFor, pythonSpan } from '../facts/openssl-lines';
import { defaultCiphersFor } from '../facts/defaults';
import { formatVersion, highest } from '../facts/versions';
import type { Target } from '../types';
import type { HoverResult } from './hover';

const MAX_ROWS = 40;

/** The hover over a cipher string: what OpenSSL expands it to, weak suites marked, and how it differs from Python's default. */
export function cipherHover(model: ModuleModel, node: SyntaxNode, target: Target): HoverResult | undefined {
  if (!isInString(node)) return undefined;
  const use = cipherStringUses(model).find((u) => u.node.startIndex <= node.startIndex && node.endIndex <= u.node.endIndex);
  if (!use) return undefined;
  const lines = opensslLinesFor(target);
  const newest = lines[lines.length - 1];
  const expansion = expandCipherString(use.value, newest.line);
  const parts: string[] = [`**Cipher string** \`${use.value}\``];
  if (expansion.rejected) {
    parts.push(`OpenSSL ${newest.line} (${pythonSpan(newest.pythons)}) rejects it: ${expansion.errors[0] ?? 'no cipher match'}.`);
  } else {
    const weak = expansion.suites.filter((s) => s.weak.length > 0).length;
    parts.push(
      `Under OpenSSL ${newest.line} (${pythonSpan(newest.pythons)}) it selects **${expansion.suites.length}** suites for TLS 1.2 and below` +
        (weak ? `, **${weak} weak**` : ', none weak') +
        `; TLS 1.3 suites are not affected by this string.`,
    );
    parts.push(table(expansion.suites));
  }
  for (const other of lines.slice(0, -1)) {
    const e = expandCipherString(use.value, other.line);
    const weak = e.suites.filter((s) => s.weak.length > 0).length;
    parts.push(e.rejected ? `Under OpenSSL ${other.line} (${pythonSpan(other.pythons)}): rejected.` : `Under OpenSSL ${other.line} (${pythonSpan(other.pythons)}): ${e.suites.length} suites, ${weak} weak.`);
  }
  const top = highest(target);
  const def = defaultCiphersFor(top);
  if (def && !expansion.rejected) {
    const defaults = expandCipherString(def, newest.line).suites.map((s) => s.name);
    const mine = expansion.suites.map((s) => s.name);
    const added = mine.filter((n) => !defaults.includes(n));
    const dropped = defaults.filter((n) => !mine.includes(n));
    const list = (names: string[]) => names.slice(0, 8).join(', ') + (names.length > 8 ? `, +${names.length - 8} more` : '');
    parts.push(
      `Compared with Python ${formatVersion(top)}'s default (\`${def}\`): ` +
        (added.length === 0 && dropped.length === 0 ? 'the same suites.' : [added.length ? `adds ${list(added)}` : '', dropped.length ? `drops ${list(dropped)}` : ''].filter(Boolean).join('; ') + '.'),
    );
  }
  return {
    markdown: parts.join('\n\n'),
    range: {
      start: { line: use.node.startPosition.row, character: use.node.startPosition.column },
      end: { line: use.node.endPosition.row, character: use.node.endPosition.column },
    },
  };
}

function table(suites: CipherSuite[]): string {
  const rows = suites.slice(0, MAX_ROWS).map(
    (s) => `| ${s.weak.length ? '⚠ ' : ''}${s.name} | ${s.protocol} | ${s.kx} | ${s.au} | ${s.enc}(${s.bits}) | ${s.mac} | ${s.weak.join(', ') || '—'} |`,
  );
  const more = suites.length > MAX_ROWS ? [`\n…and ${suites.length - MAX_ROWS} more (\`ssl-lens ciphers\` lists them all).`] : [];
  return ['| Suite | Protocol | Kx | Au | Enc | MAC | Weak |', '|---|---|---|---|---|---|---|', ...rows].join('\n') + more.join('');
}

function isInString(node: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (n.type === 'string' || n.type === 'concatenated_string') return true;
    if (n.type.endsWith('statement')) return false;
  }
  return false;
}
