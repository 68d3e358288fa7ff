import { MemoKey, type ModuleModel } from '../python/model';
import type { SyntaxNode } from '../python/parser';
import { maskNames } from './helpers';
import { fix, removeStatement, statementOf } from '../fixes/edits';
import type { Fix } from '../types';

/** One option flag that code sets or clears on a context. */
export interface OptionOp {
  name: string;
  node: SyntaxNode;
  action: 'set' | 'cleared';
  /** The statement that sets or clears it. */
  statement: SyntaxNode;
}

const MEMO = new MemoKey<OptionOp[]>('option operations');

/**
 * Every option flag set or cleared in the module: `options |= A`, `options &= ~A`,
 * `options = options & ~A | B`, `options ^= A` (a toggle of a flag that is on by default clears it),
 * and pyOpenSSL's `set_options(A)` and `clear_options(A)`.
 */
export function optionOps(model: ModuleModel): OptionOp[] {
  return model.memo(MEMO, () => {
    const ops: OptionOp[] = [];
    for (const w of model.attributeWrites) {
      if (w.attribute !== 'options') continue;
      if (w.operator === '&=' || w.operator === '=' || w.operator === '|=') {
        for (const m of maskNames(model, w.value)) {
          if (w.operator === '&=' && !m.negated) continue; // `&= A` keeps A, it sets nothing
          ops.push({ name: m.name, node: m.node, action: m.negated ? 'cleared' : 'set', statement: statementOf(w.node) });
        }
      } else if (w.operator === '^=') {
        for (const m of maskNames(model, w.value)) ops.push({ name: m.name, node: m.node, action: 'cleared', statement: statementOf(w.node) });
      }
    }
    for (const call of model.calls) {
      if (call.method !== 'set_options' && call.method !== 'clear_options') continue;
      const callee = call.callee;
      if (callee && !callee.startsWith('OpenSSL.SSL.')) continue;
      const action = call.method === 'set_options' ? 'set' : 'cleared';
      for (const m of maskNames(model, call.positional[0])) {
        ops.push({ name: m.name, node: m.node, action: m.negated ? (action === 'set' ? 'cleared' : 'set') : action, statement: statementOf(call.node) });
      }
    }
    return ops;
  });
}

/**
 * A fix that removes the statement, offered only when everything the statement does to the options
 * is what the rule reports (so removing it changes nothing else).
 */
export function removalFix(model: ModuleModel, op: OptionOp, reported: (o: OptionOp) => boolean, title: string): Fix[] | undefined {
  const same = optionOps(model).filter((o) => o.statement.id === op.statement.id);
  if (!same.every(reported)) return undefined;
  const f = fix(title, [removeStatement(model, op.statement)], true);
  return f ? [f] : undefined;
}
