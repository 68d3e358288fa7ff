import type { CallInfo, ModuleModel } from '../python/model';
import type { SyntaxNode } from '../python/parser';
import { typeFacts } from '../facts/types';
import { describeRange, formatVersion, lowest } from '../facts/versions';
import type { Target } from '../types';

/** The argument passed for a parameter, by keyword or by position. */
export function argument(call: CallInfo, name: string, position?: number): SyntaxNode | undefined {
  const kw = call.keywords.get(name);
  if (kw) return kw;
  if (position !== undefined && position < call.positional.length) return call.positional[position];
  return undefined;
}

/** Is the node the literal False (or 0, which Python code sometimes uses the same way)? */
export function isFalsy(node: SyntaxNode | undefined): boolean {
  node = unwrap(node);
  if (!node) return false;
  if (node.type === 'false') return true;
  if (node.type === 'integer') return Number(node.text) === 0;
  return false;
}

export function isTrue(node: SyntaxNode | undefined): boolean {
  node = unwrap(node);
  return node?.type === 'true' || (node?.type === 'integer' && Number(node.text) !== 0);
}

/** The expression inside any number of parentheses. */
export function unwrap(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let n = node ?? undefined;
  while (n?.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0) ?? undefined;
  return n;
}

/**
 * The qualified names inside a bit-mask expression (`A | B`, `(A | B)`), each with its node.
 * Names under `~` are marked negated.
 */
export function maskNames(model: ModuleModel, node: SyntaxNode | null | undefined, negated = false): { name: string; node: SyntaxNode; negated: boolean }[] {
  if (!node) return [];
  switch (node.type) {
    case 'parenthesized_expression':
      return maskNames(model, node.namedChild(0), negated);
    case 'unary_operator': {
      const op = node.childForFieldName('operator')?.text;
      return maskNames(model, node.childForFieldName('argument'), op === '~' ? !negated : negated);
    }
    case 'binary_operator':
      return [
        ...maskNames(model, node.childForFieldName('left'), negated),
        ...maskNames(model, node.childForFieldName('right'), negated),
      ];
    case 'identifier':
    case 'attribute': {
      const q = model.qualify(node);
      if (q) return [{ name: q, node, negated }];
      // A module constant holding a mask: follow one assignment.
      if (node.type === 'identifier') {
        const values = model.valuesOf(node);
        if (values.length === 1 && values[0].id !== node.id) return maskNames(model, values[0], negated).map((m) => ({ ...m, node }));
      }
      return [];
    }
  }
  return [];
}

export type Role = 'client' | 'server' | 'unknown';

/**
 * Whether a context is used on the server side: created with PROTOCOL_TLS_SERVER or
 * Purpose.CLIENT_AUTH, or used with wrap_socket/wrap_bio(server_side=True).
 */
export function contextRole(model: ModuleModel, contextExpr: SyntaxNode): Role {
  const seen = new Set<number>();
  const roleOfCreation = (value: SyntaxNode): Role => {
    if (seen.has(value.id)) return 'unknown';
    seen.add(value.id);
    if (value.type !== 'call') return 'unknown';
    const callee = model.calleeOf(value);
    // Only these creations say anything; the arguments of other calls are not read.
    if (callee !== 'ssl.SSLContext' && callee !== 'ssl.create_default_context' && callee !== 'ssl._create_unverified_context' && callee !== 'ssl._create_stdlib_context') return 'unknown';
    const args = value.childForFieldName('arguments');
    const argNodes = args?.namedChildren.filter((a): a is SyntaxNode => !!a) ?? [];
    const first = argNodes.find((a) => a.type !== 'keyword_argument');
    const kw = (n: string) => argNodes.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === n)?.childForFieldName('value') ?? undefined;
    if (callee === 'ssl.SSLContext') {
      const p = model.qualify(kw('protocol') ?? first);
      if (p === 'ssl.PROTOCOL_TLS_SERVER') return 'server';
      if (p === 'ssl.PROTOCOL_TLS_CLIENT') return 'client';
    }
    if (callee === 'ssl.create_default_context') {
      const purpose = model.qualify(kw('purpose') ?? first);
      if (purpose === 'ssl.Purpose.CLIENT_AUTH') return 'server';
      return 'client';
    }
    if (callee === 'ssl._create_unverified_context' || callee === 'ssl._create_stdlib_context') {
      const purpose = model.qualify(kw('purpose'));
      if (purpose === 'ssl.Purpose.CLIENT_AUTH') return 'server';
    }
    return 'unknown';
  };

  let role: Role = 'unknown';
  for (const v of model.valuesOf(contextExpr)) {
    const r = roleOfCreation(v);
    if (r !== 'unknown') role = r;
  }
  if (contextExpr.type === 'call') role = roleOfCreation(contextExpr);
  const key = model.objectKey(contextExpr);
  if (key) {
    for (const call of model.objectFacts(key).methodCalls) {
      if (call.method !== 'wrap_socket' && call.method !== 'wrap_bio') continue;
      if (isTrue(call.keywords.get('server_side'))) return 'server';
      if (call.keywords.has('server_hostname') && role === 'unknown') role = 'client';
    }
  }
  return role;
}

/** Is this expression an SSL context of the standard library, or something that cannot be shown to be another type? */
export function mayBeSslContext(model: ModuleModel, node: SyntaxNode): boolean {
  const t = model.typeOf(node);
  if (t) return typeFacts.isCallTo(`${t}.x`, 'ssl.SSLContext.x');
  // `self` inside a class that is not an SSLContext subclass is that class's own object.
  if (node.type === 'attribute') return true;
  if (node.type === 'identifier' && model.isSelf(node)) return false;
  return true;
}

/** "requires-python '>=3.3' in pyproject.toml includes 3.3" style phrase for messages. */
export function targetPhrase(target: Target, version = lowest(target)): string {
  return `the target (${target.specifier} from ${target.source}) includes Python ${formatVersion(version)}`;
}

export function targetRangeText(target: Target): string {
  return `Python ${describeRange(target)} (${target.specifier} from ${target.source})`;
}

/**
 * Comparisons, membership tests, mapping keys and translation tables inspect a protocol rather than
 * choose it: `if ctx.protocol == ssl.PROTOCOL_TLSv1`, `{ssl.PROTOCOL_TLSv1: "TLSv1"}`,
 * `versions[ssl.PROTOCOL_SSLv3] = SSL.SSLv3_METHOD` (a table from one library's names to another's).
 */
export function isInspection(node: SyntaxNode, model?: ModuleModel): boolean {
  let n: SyntaxNode = node;
  for (let p = n.parent; p; n = p, p = p.parent) {
    if (p.type === 'tuple' || p.type === 'list' || p.type === 'set' || p.type === 'parenthesized_expression') continue;
    if (p.type === 'comparison_operator') return true;
    if (p.type === 'subscript') return p.childForFieldName('subscript')?.id === n.id;
    if (p.type === 'pair') {
      if (p.childForFieldName('key')?.id === n.id) return true;
      return !!model && isProtocolName(model, p.childForFieldName('key'));
    }
    if (p.type === 'assignment' && p.childForFieldName('right')?.id === n.id) {
      const left = p.childForFieldName('left');
      return !!model && left?.type === 'subscript' && isProtocolName(model, left.childForFieldName('subscript'));
    }
    return false;
  }
  return false;
}

function isProtocolName(model: ModuleModel, node: SyntaxNode | null | undefined): boolean {
  const q = model.qualify(node);
  return !!q && /^(ssl\.PROTOCOL_|ssl\.TLSVersion\.|OpenSSL\.SSL\.[A-Za-z0-9_]+_METHOD$)/.test(q);
}

