import { MemoKey, type ModuleModel } from '../python/model';
import type { SyntaxNode } from '../python/parser';
import { apiEntry, type ApiEntry } from '../facts/api-lookup';
import { typeFacts } from '../facts/types';
import type { Target } from '../types';

/** One use of a name the API history knows: a symbol, a member of an inferred receiver, a keyword parameter, an import. */
export interface ApiUse {
  node: SyntaxNode;
  entry: ApiEntry;
  /** How the use is shown in messages: "ssl.SSLContext.load_default_certs()", "ssl.get_server_certificate(timeout=)". */
  display: string;
}

const MEMO = new MemoKey<ApiUse[]>('API uses');

/** Every use of a known API in the module, computed once per model and shared by SSL501–SSL504 and hovers. */
export function apiUses(model: ModuleModel): ApiUse[] {
  return model.memo(MEMO, () => {
    const uses: ApiUse[] = [];
    const add = (node: SyntaxNode, name: string) => {
      const entry = lookup(name);
      if (entry) uses.push({ node, entry, display: displayName(entry) });
    };
    for (const ref of model.references) add(ref.node, ref.name);
    for (const m of model.memberAccesses) add(m.node, m.name);
    for (const imp of model.imports) {
      const entry = apiEntry(imp.name);
      if (entry && entry.kind === 'module') uses.push({ node: imp.node, entry, display: entry.name });
    }
    for (const call of model.calls) {
      const callee = call.callee;
      if (!callee) continue;
      for (const [kw, node] of call.keywordNodes) {
        for (const owner of typeFacts.lookupChain(callee)) {
          const entry = apiEntry(`${owner}(${kw})`);
          if (entry) {
            uses.push({ node: node.childForFieldName('name') ?? node, entry, display: `${callee}(${kw}=)` });
            break;
          }
        }
      }
      if (callee === 'ssl.SSLContext' && call.positional.length === 0 && !call.keywords.has('protocol') && !call.hasStarArgs) {
        const entry = apiEntry('ssl.SSLContext()');
        if (entry) uses.push({ node: call.node, entry, display: 'ssl.SSLContext() without a protocol' });
      }
    }
    return uses;
  });
}

/** The most specific entry for a qualified name, e.g. "ssl.TLSVersion.TLSv1_2", else "ssl.TLSVersion". */
function lookup(name: string): ApiEntry | undefined {
  for (const candidate of typeFacts.lookupChain(name)) {
    const e = apiEntry(candidate);
    if (e) return e;
  }
  return undefined;
}

export function displayName(entry: ApiEntry): string {
  return entry.kind === 'function' || entry.kind === 'method' ? `${entry.name}()` : entry.name;
}

/** "requires-python '>=3.3' in pyproject.toml": the target as the user wrote it, and where. */
export function targetOrigin(target: Target): string {
  const i = target.source.indexOf(' in ');
  if (i > 0) return `${target.source.slice(0, i)} '${target.specifier}'${target.source.slice(i)}`;
  return `${target.source} '${target.specifier}'`;
}
