// Hovers for pyOpenSSL names (`SSL.Context`, `SSL.TLS_METHOD`, `ctx.set_verify`, `conn.set_tlsext_host_name`):
// what the name is, its signature, and its history across pyOpenSSL releases, from data/pyopenssl-api.json.
import type { ModuleModel } from '../python/model';
import type { SyntaxNode } from '../python/parser';
import type { Range, Target } from '../types';
import type { HoverProvider, HoverResult } from './hover';
import { typeFacts } from '../facts/types';
import { pyopensslEntry, pyopensslOldest, type PyopensslEntry } from '../facts/pyopenssl-api';

/**
 * The hover for the identifier under the cursor when it resolves to a pyOpenSSL name. Names are resolved the
 * way the `ssl` hover resolves them: through imports and aliases (`model.qualify`), or, for an attribute of an
 * inferred receiver, through the receiver's type (`conn.set_tlsext_host_name` with `conn = SSL.Connection(...)`).
 */
export const pyopensslHover: HoverProvider = (model: ModuleModel, node: SyntaxNode, _target: Target): HoverResult | undefined => {
  if (node.type !== 'identifier') return undefined;
  const parent = node.parent;
  // A keyword argument's name is a parameter, and the data has no parameter entries.
  if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) return undefined;

  // The name under the cursor is the chain up to it: `SSL` in `SSL.Context`, the whole of `SSL.Context`.
  const symbol = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id ? parent : node;
  let name = model.qualify(symbol);
  if (!name && symbol.type === 'attribute') {
    const t = model.typeOf(symbol.childForFieldName('object'));
    if (t) name = typeFacts.canonical(`${t}.${node.text}`);
  }
  if (!name) return undefined;
  for (const candidate of typeFacts.lookupChain(name)) {
    const entry = pyopensslEntry(candidate);
    if (entry) return { markdown: pyopensslMarkdown(entry), range: rangeOf(node) };
  }
  return undefined;
};

/** Markdown for one pyOpenSSL entry: title, signature, summary, release history, OpenSSL needs, security, replacement, docs. */
export function pyopensslMarkdown(entry: PyopensslEntry): string {
  const parts: string[] = [`**${entry.name}** · ${entry.kind} · pyOpenSSL`];
  if (entry.signature) parts.push('```python\n' + entry.signature + '\n```');
  parts.push(entry.summary);
  parts.push(
    [
      '| | pyOpenSSL |',
      '|---|---|',
      `| Added | ${entry.added ?? `${pyopensslOldest()} or earlier`} |`,
      `| Deprecated | ${entry.deprecated ?? '—'} |`,
      `| Removed | ${entry.removed ?? '—'} |`,
    ].join('\n'),
  );
  if (entry.openssl) parts.push(opensslRequirement(entry.openssl));
  if (entry.security) parts.push(`**Security:** ${entry.security}`);
  if (entry.replacement) parts.push(`**Use instead:** \`${entry.replacement}\``);
  if (entry.notes) parts.push(`*${entry.notes}*`);
  parts.push(`[${entry.docs.includes('/changelog') ? 'pyOpenSSL changelog' : 'pyOpenSSL documentation'}](${entry.docs})`);
  return parts.join('\n\n');
}

/** "1.1.1" reads "Needs OpenSSL 1.1.1 or later.", "<1.1.0, ..." reads "Needs OpenSSL older than 1.1.0, ...". */
function opensslRequirement(text: string): string {
  const below = /^<([0-9][0-9A-Za-z.]*)(.*)$/.exec(text);
  if (below) return `Needs OpenSSL older than ${below[1]}${below[2]}.`;
  const atLeast = /^([0-9][0-9A-Za-z.]*)(.*)$/.exec(text);
  if (atLeast) return `Needs OpenSSL ${atLeast[1]} or later${atLeast[2]}.`;
  return `Needs an OpenSSL ${text}.`;
}

function rangeOf(node: SyntaxNode): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}
