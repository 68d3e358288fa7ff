import type { ModuleModel } from '../python/model';
import type { SyntaxNode } from '../python/parser';
import { maskNames } from './helpers';

/** One option flag that code sets or clears on a context. */
export interface OptionOp {
  name: string;
  node: SyntaxNode;
  action: 'set' | 'cleared';
}

const cache = new WeakMap<ModuleModel, OptionOp[]>();

/**
 * Every option flag set or cleared in the module: `options |= A`, `options &= ~A`,
 * `options = options & ~A | B`, `options ^= A` (a toggle of a flag that is on by default clears it),
 * and pyOpenSSL's `set_options(A)` and `clear_options(A)`.
 */
export function optionOps(model: ModuleModel): OptionOp[] {
  const cached = cache.get(model);
  if (cached) return cached;
  const ops: OptionOp[] = [];
  for (const w of model.attributeWrites) {
    if (w.attribute !== 'options') continue;
    if (w.operator === '&=' || w.operator === '=' || w.operator === '|=') {
      for (const m of maskNames(model, w.value)) {
        if (w.operator === '&=' && !m.negated) continue; // `&= A` keeps A, it sets nothing
        ops.push({ name: m.name, node: m.node, action: m.negated ? 'cleared' : 'set' });
      }
    } else if (w.operator === '^=') {
      for (const m of maskNames(model, w.value)) ops.push({ name: m.name, node: m.node, action: 'cleared' });
    }
  }
  for (const call of model.calls) {
    if (call.method !== 'set_options' && call.method !== 'clear_options') continue;
    const callee = call.callee;
    if (callee && !callee.startsWith('OpenSSL.SSL.')) continue;
    const action = call.method === 'set_options' ? 'set' : 'cleared';
    for (const m of maskNames(model, call.positional[0])) ops.push({ name: m.name, node: m.node, action: m.negated ? (action === 'set' ? 'cleared' : 'set') : action });
  }
  cache.set(model, ops);
  return ops;
}
