import { MemoKey, type ModuleModel } from '../python/model';
import type { SyntaxNode } from '../python/parser';
import { stringText } from '../python/guards';

/** A cipher string the module passes to OpenSSL, with the expression it was computed from. */
export interface CipherStringUse {
  /** Where findings go: the literal or expression that holds the string (a constant's definition, not each use). */
  node: SyntaxNode;
  value: string;
  /** How it reaches OpenSSL, for messages: "set_ciphers()", "ciphers=", "_DEFAULT_CIPHERS". */
  via: string;
}

const MEMO = new MemoKey<CipherStringUse[]>('cipher strings');

/**
 * Every cipher string in the module: arguments of `set_ciphers()` and pyOpenSSL's `set_cipher_list()`,
 * `ciphers=` keywords, and assignments to `*_CIPHERS` constants such as `_DEFAULT_CIPHERS`. Values are
 * followed through literals, implicit concatenation, `+`, f-strings with constant parts,
 * `":".join([...])`, module constants and local variables.
 */
export function cipherStringUses(model: ModuleModel): CipherStringUse[] {
  return model.memo(MEMO, () => {
    const uses: CipherStringUse[] = [];
    const seen = new Set<number>();
    const add = (expr: SyntaxNode | undefined, via: string) => {
      if (!expr) return;
      const resolved = resolveString(model, expr, 0);
      if (!resolved || seen.has(resolved.node.id)) return;
      seen.add(resolved.node.id);
      uses.push({ node: resolved.node, value: resolved.value, via });
    };
    for (const call of model.calls) {
      if (call.method === 'set_ciphers' || call.method === 'set_cipher_list') {
        const callee = call.callee;
        if (callee && !/^(ssl\.SSLContext|OpenSSL\.SSL\.Context|M2Crypto\.SSL\.Context)\./.test(callee)) continue;
        add(call.positional[0] ?? call.keywords.get('ciphers') ?? call.keywords.get('cipher_list'), `${call.method}()`);
      }
      const kw = call.keywords.get('ciphers');
      if (kw) add(kw, 'ciphers=');
    }
    for (const w of model.attributeWrites) {
      if (w.operator === '=' && /CIPHERS$/.test(w.attribute)) add(w.value, w.attribute);
    }
    for (const node of assignmentsToCipherConstants(model)) add(node.value, node.name);
    return uses;
  });
}

function assignmentsToCipherConstants(model: ModuleModel): { name: string; value: SyntaxNode }[] {
  const out: { name: string; value: SyntaxNode }[] = [];
  for (const ref of model.assignments) {
    if (/^_?[A-Z0-9_]*CIPHERS$/.test(ref.name)) out.push(ref);
  }
  return out;
}

/** The string value of an expression and the node that holds it, when it can be computed without running code. */
export function resolveString(model: ModuleModel, node: SyntaxNode, depth: number): { node: SyntaxNode; value: string } | undefined {
  if (depth > 20) return undefined;
  if (node.type === 'identifier') {
    const values = model.valuesOf(node);
    if (values.length !== 1 || values[0].id === node.id) return undefined;
    return resolveString(model, values[0], depth + 1);
  }
  const value = evaluate(model, node, depth);
  return value === undefined ? undefined : { node, value };
}

function evaluate(model: ModuleModel, node: SyntaxNode, depth: number): string | undefined {
  if (depth > 20) return undefined;
  switch (node.type) {
    case 'string': {
      const plain = stringText(node);
      if (plain !== undefined) return plain;
      // An f-string: every interpolation must itself be a known string.
      let out = '';
      for (const part of node.namedChildren) {
        if (!part || part.type === 'string_start' || part.type === 'string_end') continue;
        if (part.type === 'string_content') out += part.text;
        else if (part.type === 'interpolation') {
          const inner = part.childForFieldName('expression') ?? part.namedChild(0);
          const v = inner ? resolveString(model, inner, depth + 1)?.value : undefined;
          if (v === undefined) return undefined;
          out += v;
        } else if (part.type === 'escape_sequence') out += part.text;
      }
      return out;
    }
    case 'concatenated_string': {
      let out = '';
      for (const part of node.namedChildren) {
        if (part?.type === 'comment') continue;
        const v = part ? evaluate(model, part, depth + 1) : undefined;
        if (v === undefined) return undefined;
        out += v;
      }
      return out;
    }
    case 'parenthesized_expression':
      return node.namedChild(0) ? evaluate(model, node.namedChild(0)!, depth + 1) : undefined;
    case 'binary_operator': {
      if (node.childForFieldName('operator')?.text !== '+') return undefined;
      const l = node.childForFieldName('left');
      const r = node.childForFieldName('right');
      const lv = l ? resolveString(model, l, depth + 1)?.value : undefined;
      const rv = r ? resolveString(model, r, depth + 1)?.value : undefined;
      return lv !== undefined && rv !== undefined ? lv + rv : undefined;
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'join') return undefined;
      const sepNode = fn.childForFieldName('object');
      const sep = sepNode ? resolveString(model, sepNode, depth + 1)?.value : undefined;
      const arg = node.childForFieldName('arguments')?.namedChild(0);
      if (sep === undefined || !arg || (arg.type !== 'list' && arg.type !== 'tuple')) return undefined;
      const parts: string[] = [];
      for (const item of arg.namedChildren) {
        const v = item ? resolveString(model, item, depth + 1)?.value : undefined;
        if (v === undefined) return undefined;
        parts.push(v);
      }
      return parts.join(sep);
    }
    case 'identifier':
      return resolveString(model, node, depth + 1)?.value;
  }
  return undefined;
}
