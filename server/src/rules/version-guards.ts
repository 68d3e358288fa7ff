import { MemoKey, type ModuleModel } from '../python/model';
import type { SyntaxNode } from '../python/parser';
import { guardsAt, type GuardState } from '../python/guards';
import type { ApiUse } from './api-usage';

/**
 * Does a feature test on the way to this use make it safe: `hasattr(ssl, "X")`, `getattr(...)`,
 * a `try` that catches AttributeError/ImportError/NameError, or a `HAS_*` flag?
 */
export function featureGuarded(guards: GuardState, _use: ApiUse): boolean {
  // Code under any hasattr/getattr test, a HAS_* flag or a try/except of the errors a missing name
  // raises is written for both sides of a feature boundary.
  return guards.tryGuarded || guards.featureFlagGuarded || guards.featureNames.size > 0;
}

const MEMO = new MemoKey<Map<number, GuardState>>('guard states');

/** Guard states are cached per node and model, since several rules ask for the same uses. */
export function cachedGuards(model: ModuleModel, node: SyntaxNode): GuardState {
  const map = model.memo(MEMO, () => new Map<number, GuardState>());
  let g = map.get(node.id);
  if (!g) {
    g = guardsAt(model, node);
    map.set(node.id, g);
  }
  return g;
}
