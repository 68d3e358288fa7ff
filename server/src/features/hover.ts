import type { ModuleModel } from '../python/model';
import type { SyntaxNode } from '../python/parser';
import { apiEntry, presentIn, type ApiEntry } from '../facts/api-lookup';
import { typeFacts } from '../facts/types';
import { compareVersions, describeRange, formatVersion, versionFromData } from '../facts/versions';
import { protocolFacts } from '../facts/protocols';
import { defaultCipherHistory, bundledOpenssl } from '../facts/defaults';
import { rulesForCode } from '../rules/index';
import { ruleMarkdown } from '../report/index';
import { parseDirectives } from '../suppressions';
import { cipherHover } from './cipher-hover';
import { pyopensslHover } from './pyopenssl-hover';
import { libraryHoverAt } from '../rules/library-checks';
import type { Position, PyVersion, Range, Target } from '../types';

export interface HoverResult {
  markdown: string;
  range: Range;
}

/** Extra hover providers (cipher strings, pyOpenSSL, third-party libraries) that the core consults in order. */
export type HoverProvider = (model: ModuleModel, node: SyntaxNode, target: Target) => HoverResult | undefined;

// pyOpenSSL names answer before library settings, which then explain the parameters and values.
const providers: HoverProvider[] = [cipherHover, pyopensslHover, libraryHover];

export function registerHoverProvider(provider: HoverProvider): void {
  providers.push(provider);
}

/** The hover for a position in a module, or undefined when there is nothing to say. */
export function hoverAt(model: ModuleModel, position: Position, target: Target): HoverResult | undefined {
  const point = { row: position.line, column: position.character };
  const node = model.root.descendantForPosition(point);
  if (!node) return undefined;
  if (node.type === 'comment') return commentHover(node, position);
  for (const p of providers) {
    const r = p(model, node, target);
    if (r) return r;
  }
  if (node.type !== 'identifier') return undefined;

  const parent = node.parent;
  // A keyword argument's name: the parameter's history, e.g. get_server_certificate(timeout=).
  if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) {
    const call = parent.parent?.parent;
    const callee = call?.type === 'call' ? model.calleeOf(call) : undefined;
    if (callee) {
      for (const owner of typeFacts.lookupChain(callee)) {
        const entry = apiEntry(`${owner}(${node.text})`);
        if (entry) return { markdown: entryMarkdown(entry, target, `${callee}(${node.text}=)`), range: rangeOf(node) };
      }
    }
    return undefined;
  }

  // The name under the cursor is the chain up to it: `ssl` in `ssl.SSLContext`, the whole of `ssl.SSLContext.wrap_socket`.
  const symbol = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id ? parent : node;
  let name = model.qualify(symbol);
  if (!name && symbol.type === 'attribute') {
    const t = model.typeOf(symbol.childForFieldName('object'));
    if (t) name = typeFacts.canonical(`${t}.${node.text}`);
  }
  if (name) {
    for (const candidate of typeFacts.lookupChain(name)) {
      const entry = apiEntry(candidate);
      if (entry) return { markdown: entryMarkdown(entry, target), range: rangeOf(node) };
    }
    const proto = protocolFacts.name(name);
    if (proto) return { markdown: protocolMarkdown(name), range: rangeOf(node) };
    return undefined;
  }
  // A variable whose type is inferred: say what it is and where that came from.
  const t = model.typeOf(node);
  if (t) return { markdown: `\`${node.text}\`: \`${t}\` (inferred in this module)`, range: rangeOf(node) };
  return undefined;
}

/** Markdown for one API entry: summary, signature, version timeline, verdict for the file's targets. */
export function entryMarkdown(entry: ApiEntry, target: Target, title = entry.name): string {
  const parts: string[] = [`**${title}** · ${entry.kind}`];
  if (entry.signature) parts.push('```python\n' + entry.signature + '\n```');
  parts.push(entry.summary);
  parts.push(
    [
      '| | Python 2 | Python 3 |',
      '|---|---|---|',
      `| Added | ${entry.added.py2 ?? 'never'} | ${entry.added.py3 ?? 'never'} |`,
      `| Deprecated | ${lineCell(entry.deprecated, 2)} | ${lineCell(entry.deprecated, 3)} |`,
      `| Removed | ${lineCell(entry.removed, 2)} | ${lineCell(entry.removed, 3)} |`,
    ].join('\n'),
  );
  parts.push(verdict(entry, target));
  if (entry.platform) parts.push(`Only on ${entry.platform === 'windows' ? 'Windows' : entry.platform}.`);
  if (entry.openssl) parts.push(`Needs OpenSSL ${entry.openssl} or later.`);
  if (entry.security) parts.push(`**Security:** ${entry.security}`);
  if (entry.replacement) parts.push(`**Use instead:** \`${entry.replacement}\``);
  if (entry.notes) parts.push(`*${entry.notes}*`);
  if (entry.name === 'ssl._DEFAULT_CIPHERS') parts.push(defaultCiphersTable(target));
  if (/^ssl\.OPENSSL_VERSION/.test(entry.name)) parts.push(bundledOpensslTable());
  parts.push(`[Python documentation](${entry.docs})`);
  return parts.join('\n\n');
}

function lineCell(version: string | null, major: number): string {
  if (!version) return '—';
  return versionFromData(version).major === major ? version : '—';
}

/** What the entry means for this file's targets, e.g. "missing on 3.3; available from 3.4". */
function verdict(entry: ApiEntry, target: Target): string {
  const head = `**This file** targets Python ${describeRange(target)} (\`${target.specifier}\` from ${target.source}): `;
  const missing = target.versions.filter((v) => !presentIn(entry, v));
  const notes: string[] = [];
  if (missing.length === 0) notes.push('available on every targeted version');
  else if (missing.length === target.versions.length) notes.push('not available on any targeted version');
  else notes.push(`missing on ${spans(missing)}`);
  if (entry.deprecated) {
    const d = versionFromData(entry.deprecated);
    if (target.versions.some((v) => v.major === d.major && compareVersions(v, d) >= 0)) notes.push(`deprecated from ${formatVersion(d)}`);
  }
  return head + notes.join('; ') + '.';
}

/** Compresses a sorted list of versions into minor-version spans: "2.7–2.7.8, 3.3–3.4.2". */
function spans(versions: PyVersion[]): string {
  const out: string[] = [];
  let start = versions[0];
  let prev = versions[0];
  const all = versions;
  for (let i = 1; i <= all.length; i++) {
    const v = all[i];
    const contiguous = v && v.major === prev.major && (v.minor === prev.minor ? v.micro === prev.micro + 1 : v.minor === prev.minor + 1 && v.micro === 0);
    if (!contiguous) {
      out.push(sameVersion(start, prev) ? short(start) : `${short(start)}–${formatVersion(prev)}`);
      if (v) start = v;
    }
    if (v) prev = v;
  }
  return out.join(', ');
}

function short(v: PyVersion): string {
  return formatVersion(v);
}

function sameVersion(a: PyVersion, b: PyVersion): boolean {
  return compareVersions(a, b) === 0;
}

function protocolMarkdown(name: string): string {
  const p = protocolFacts.name(name)!;
  const lines = [`**${name}**`];
  if (p.protocol) {
    const info = protocolFacts.protocol(p.protocol);
    lines.push(`${p.kind === 'pinned' ? 'Selects' : 'Names'} ${info.label}.`);
    if (info.insecure) lines.push(`**Insecure:** ${info.reason}.`);
  } else if (p.kind === 'negotiating') {
    lines.push(`Negotiates the highest protocol both sides support${p.role ? ` (${p.role} side)` : ''}.`);
  }
  return lines.join('\n\n');
}

function defaultCiphersTable(target: Target): string {
  const inTarget = (r: { line: string; from: string; until: string | null }) =>
    target.versions.some(
      (v) => (v.major === 2) === (r.line === 'py2') && compareVersions(v, versionFromData(r.from)) >= 0 && (!r.until || compareVersions(v, versionFromData(r.until)) < 0),
    );
  const rows = defaultCipherHistory().filter(inTarget).map((r) => `| ${r.line === 'py2' ? 'Python 2' : 'Python 3'} ${r.from}${r.until ? `–${r.until}` : '+'} | ${r.value ? `\`${r.value}\`` : '*OpenSSL default*'} |`);
  return [`Python's default cipher string on the targeted versions (${describeRange(target)}):`, '', '| Versions | Default cipher string |', '|---|---|', ...rows].join('\n');
}

function bundledOpensslTable(): string {
  const rows = bundledOpenssl().map((r) => `| ${r.python.join(', ')} | ${r.windows ?? '—'} | ${r.macos ?? '—'} |`);
  return ['OpenSSL in the python.org installers:', '', '| Python | Windows | macOS |', '|---|---|---|', ...rows].join('\n');
}

/** Rule codes in `# noqa:` / `# nosec` comments show the rule's documentation. */
function commentHover(comment: SyntaxNode, position: Position): HoverResult | undefined {
  const offset = position.character - comment.startPosition.column;
  const text = comment.text;
  for (const d of parseDirectives(text)) {
    if (d.codes === 'all') continue;
    const re = /[A-Za-z]+[0-9]+/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m.index < d.start || m.index >= d.end) continue;
      if (offset < m.index || offset > m.index + m[0].length) continue;
      const rules = rulesForCode(m[0]);
      if (rules.length === 0) return undefined;
      const markdown = rules.map((r) => ruleMarkdown(r.code)).join('\n---\n');
      const line = comment.startPosition.row;
      const start = comment.startPosition.column + m.index;
      return { markdown, range: { start: { line, character: start }, end: { line, character: start + m[0].length } } };
    }
  }
  return undefined;
}

/** Third-party TLS settings (requests' verify=, urllib3's cert_reqs=, ...) from data/libraries.json. */
function libraryHover(model: ModuleModel, node: SyntaxNode): HoverResult | undefined {
  const markdown = libraryHoverAt(model, node);
  return markdown ? { markdown, range: rangeOf(node) } : undefined;
}

function rangeOf(node: SyntaxNode): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}
