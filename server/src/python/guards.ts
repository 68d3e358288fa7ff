import { MemoKey, type ModuleModel } from './model';
import type { SyntaxNode } from './parser';
import type { PyVersion } from '../types';
import { compareVersions } from '../facts/versions';

/**
 * What is known, at a point in the code, about the conditions under which it runs:
 * which Python versions (from `sys.version_info` checks), whether a platform check guards it,
 * and which names a feature test (`hasattr`, `getattr`, `try/except AttributeError`, `HAS_*`) guards.
 */
export interface GuardState {
  /** Keeps only the versions under which the code runs; unknown conditions keep everything. */
  admits(v: PyVersion): boolean;
  /** Is the code under a `sys.platform` / `os.name` / `platform.system()` check? */
  platformGuarded: boolean;
  /** Is the code inside a `try` whose handlers catch AttributeError, ImportError or NameError (or broader)? */
  tryGuarded: boolean;
  /** Names tested with hasattr/getattr or a HAS_* flag on the way here (qualified where possible, e.g. "ssl.TLSVersion"). */
  featureNames: Set<string>;
  /** A `HAS_*` flag or an `OPENSSL_VERSION_INFO` comparison guards the code. */
  featureFlagGuarded: boolean;
}

type Pred = (v: PyVersion) => boolean | undefined;

/** Computes the guard state for a node by walking its ancestors and the statements before it. */
export function guardsAt(model: ModuleModel, node: SyntaxNode): GuardState {
  const acc = accumulated(model, node);
  const preds = acc.preds;
  return {
    admits: preds.length === 0 ? () => true : (v) => preds.every((p) => p(v) !== false),
    platformGuarded: acc.platform,
    tryGuarded: acc.tryGuarded,
    featureNames: new Set(acc.features),
    featureFlagGuarded: acc.flag,
  };
}

/** What the ancestors of a node say about when it runs, gathered from the root down. */
interface Accumulated {
  preds: Pred[];
  platform: boolean;
  tryGuarded: boolean;
  features: string[];
  flag: boolean;
}

const EMPTY: Accumulated = { preds: [], platform: false, tryGuarded: false, features: [], flag: false };

/** Per model: the accumulated state of each node asked about (and of its ancestors), and each block's early exits. */
const MEMO = new MemoKey<{ states: Map<number, Accumulated>; exits: Map<number, SyntaxNode[]> }>('guards');

/**
 * The state of a node is its parent's state plus what the parent says about the child. States are
 * remembered per node, so the uses in one function share the work for the ancestors they have in common.
 */
function accumulated(model: ModuleModel, node: SyntaxNode): Accumulated {
  const entry = model.memo(MEMO, () => ({ states: new Map(), exits: new Map() }));
  const { states } = entry;
  // From the nearest ancestor already known (or the root) down to the node; no recursion, so deeply
  // nested code cannot overflow the stack.
  const known = states.get(node.id);
  if (known) return known;
  const ancestry = model.ancestryUntil(node, (n) => states.has(n.id));
  let base: Accumulated = states.get(ancestry[0].id) ?? EMPTY;
  if (!states.has(ancestry[0].id)) states.set(ancestry[0].id, base);
  for (let i = 1; i < ancestry.length; i++) {
    const child = ancestry[i];
    const parent = ancestry[i - 1];
    const local = contribution(model, entry.exits, parent, child);
    base = local ? merge(base, local) : base;
    states.set(child.id, base);
  }
  return base;
}

function merge(a: Accumulated, b: Accumulated): Accumulated {
  return {
    preds: b.preds.length ? [...a.preds, ...b.preds] : a.preds,
    platform: a.platform || b.platform,
    tryGuarded: a.tryGuarded || b.tryGuarded,
    features: b.features.length ? [...a.features, ...b.features] : a.features,
    flag: a.flag || b.flag,
  };
}

/** What `parent` says about code in its child `child`, or undefined when it says nothing. */
function contribution(model: ModuleModel, exitsByBlock: Map<number, SyntaxNode[]>, parent: SyntaxNode, child: SyntaxNode): Accumulated | undefined {
  // Most ancestors say nothing: every statement's block, and every expression around a use. They are
  // answered before any state is made, with the parent's type read from tree-sitter once.
  const type = parent.type;
  if (!GUARDING_TYPES.has(type)) return undefined;
  if ((type === 'block' || type === 'module') && earlyExits(exitsByBlock, parent).length === 0) return undefined;
  const state: Accumulated = { preds: [], platform: false, tryGuarded: false, features: [], flag: false };
  const apply = (cond: SyntaxNode | null | undefined, positive: boolean) => {
    if (!cond) return;
    const c = new ConditionReader(model);
    const p = c.predicate(cond);
    if (p) state.preds.push(positive ? p : negate(p));
    if (c.platform) state.platform = true;
    // Both branches of a feature test are written for the feature boundary: the `else` of
    // `if hasattr(ctx, "minimum_version")` is the fallback for versions without it.
    for (const n of c.features) state.features.push(n);
    if (c.flag) state.flag = true;
  };

  switch (type) {
    case 'if_statement': {
      const consequence = parent.childForFieldName('consequence');
      if (consequence && contains(consequence, child)) apply(parent.childForFieldName('condition'), true);
      else if (child.type === 'elif_clause' || child.type === 'else_clause') {
        // Every earlier branch was false; an elif's own condition is handled when we pass through it.
        apply(parent.childForFieldName('condition'), false);
        for (const alt of parent.childrenForFieldName('alternative')) {
          if (!alt || alt.id === child.id) break;
          if (alt.type === 'elif_clause') apply(alt.childForFieldName('condition'), false);
        }
      }
      break;
    }
    case 'elif_clause': {
      const consequence = parent.childForFieldName('consequence');
      if (consequence && contains(consequence, child)) apply(parent.childForFieldName('condition'), true);
      break;
    }
    case 'conditional_expression': {
      const [whenTrue, cond, whenFalse] = [parent.namedChild(0), parent.namedChild(1), parent.namedChild(2)];
      if (whenTrue && contains(whenTrue, child)) apply(cond, true);
      else if (whenFalse && contains(whenFalse, child)) apply(cond, false);
      break;
    }
    case 'boolean_operator': {
      // In `A and B`, B runs only when A is true; in `A or B`, only when A is false.
      const left = parent.childForFieldName('left');
      const right = parent.childForFieldName('right');
      const op = parent.childForFieldName('operator')?.text ?? parent.children.find((c) => c?.type === 'and' || c?.type === 'or')?.type;
      if (right && contains(right, child)) apply(left, op === 'and');
      break;
    }
    case 'try_statement': {
      const body = parent.childForFieldName('body');
      if (body && contains(body, child) && catchesFeatureErrors(parent)) state.tryGuarded = true;
      break;
    }
    case 'except_clause': {
      // The handler of `except ImportError:` is the fallback for versions without the feature.
      const block = parent.namedChildren.find((c) => c?.type === 'block');
      if (block && contains(block, child) && clauseCatchesFeatureErrors(parent)) state.tryGuarded = true;
      break;
    }
    case 'block':
    case 'module': {
      // `if sys.version_info < (3, 7): return` before this statement means the rest runs on 3.7+.
      for (const sibling of earlyExits(exitsByBlock, parent)) {
        if (sibling.startIndex >= child.startIndex) break;
        apply(sibling.childForFieldName('condition'), false);
      }
      break;
    }
    default:
      return undefined;
  }
  const said = state.preds.length > 0 || state.platform || state.tryGuarded || state.features.length > 0 || state.flag;
  return said ? state : undefined;
}

/** The node types `contribution` reads; every other parent says nothing about its children. */
const GUARDING_TYPES = new Set(['if_statement', 'elif_clause', 'conditional_expression', 'boolean_operator', 'try_statement', 'except_clause', 'block', 'module']);

/** The `if` statements of a block that have no else branch and always leave it, in order; read once per block. */
function earlyExits(exitsByBlock: Map<number, SyntaxNode[]>, block: SyntaxNode): SyntaxNode[] {
  let exits = exitsByBlock.get(block.id);
  if (!exits) {
    exits = [];
    for (const sibling of block.namedChildren) {
      if (!sibling || sibling.type !== 'if_statement' || sibling.childrenForFieldName('alternative').some(Boolean)) continue;
      const consequence = sibling.childForFieldName('consequence');
      if (consequence && alwaysLeaves(consequence)) exits.push(sibling);
    }
    exitsByBlock.set(block.id, exits);
  }
  return exits;
}

/** Reads a condition: version comparisons become predicates; platform and feature tests are noted. */
class ConditionReader {
  platform = false;
  flag = false;
  features: string[] = [];
  private depth = 0;

  constructor(private readonly model: ModuleModel) {}

  predicate(node: SyntaxNode): Pred | undefined {
    if (++this.depth > 50) return undefined;
    try {
      return this.read(node);
    } finally {
      this.depth--;
    }
  }

  private read(node: SyntaxNode): Pred | undefined {
    switch (node.type) {
      case 'parenthesized_expression':
        return node.namedChild(0) ? this.predicate(node.namedChild(0)!) : undefined;
      case 'not_operator': {
        const p = this.predicate(node.childForFieldName('argument')!);
        return p ? negate(p) : undefined;
      }
      case 'boolean_operator': {
        const l = this.predicate(node.childForFieldName('left')!);
        const r = this.predicate(node.childForFieldName('right')!);
        const isAnd = node.children.some((c) => c?.type === 'and');
        if (isAnd) return (v) => and(l?.(v), r?.(v));
        if (!l || !r) return undefined; // `A or B` with an unknown side constrains nothing
        return (v) => or(l(v), r(v));
      }
      case 'comparison_operator':
        return this.comparison(node);
      case 'call': {
        const fn = this.model.qualify(node.childForFieldName('function'));
        const fnText = node.childForFieldName('function')?.text;
        const args = node.childForFieldName('arguments')?.namedChildren.filter((a): a is SyntaxNode => !!a) ?? [];
        if (fnText === 'hasattr' || fnText === 'getattr') {
          const owner = args[0];
          const name = args[1]?.type === 'string' ? stringText(args[1]) : undefined;
          if (owner && name) {
            const q = this.model.qualify(owner);
            const t = this.model.typeOf(owner);
            this.features.push(q ? `${q}.${name}` : t ? `${t}.${name}` : name);
          }
          return undefined;
        }
        // sys.platform.startswith("win"), platform.system() == ... handled in comparison
        const fnNode = node.childForFieldName('function');
        if (fnNode?.type === 'attribute' && isPlatformExpr(this.model, fnNode.childForFieldName('object'))) this.platform = true;
        void fn;
        return undefined;
      }
      case 'identifier':
      case 'attribute': {
        const q = this.model.qualify(node);
        if (q && /^ssl\.HAS_/.test(q)) {
          this.flag = true;
          this.features.push(q);
          return undefined;
        }
        if (q === 'six.PY2') return (v) => v.major === 2;
        if (q === 'six.PY3') return (v) => v.major === 3;
        // A module constant such as `PY37 = sys.version_info >= (3, 7)`.
        if (node.type === 'identifier') {
          const values = this.model.valuesOf(node);
          if (values.length === 1 && values[0].type !== 'identifier') return this.predicate(values[0]);
        }
        return undefined;
      }
    }
    return undefined;
  }

  private comparison(node: SyntaxNode): Pred | undefined {
    const operands = node.namedChildren.filter((c): c is SyntaxNode => !!c);
    const operators = node.children.filter((c) => c && !c.isNamed).map((c) => c!.type);
    if (operands.length !== 2 || operators.length < 1) return undefined;
    let [left, right] = operands;
    let op = operators.join(' ');
    if (isPlatformExpr(this.model, left) || isPlatformExpr(this.model, right)) {
      this.platform = true;
      return undefined;
    }
    // `if SSLContext is None:` after `try: from ssl import SSLContext / except ImportError: SSLContext = None`.
    if ((op === 'is' || op === 'is not') && (left.type === 'none' || right.type === 'none')) {
      const named = left.type === 'none' ? right : left;
      const q = this.model.qualify(named);
      if (q) {
        this.features.push(q);
        return undefined;
      }
    }
    if (isOpensslVersion(this.model, left) || isOpensslVersion(this.model, right)) {
      this.flag = true;
      return undefined;
    }
    let access = versionAccess(this.model, left);
    if (!access) {
      access = versionAccess(this.model, right);
      if (!access) return undefined;
      [left, right] = [right, left];
      op = flip(op);
    }
    const literal = versionLiteral(right);
    if (!literal) return undefined;
    const acc = access;
    return (v) => {
      const actual = acc(v);
      return compareTuples(actual, literal, op);
    };
  }
}

/** For `sys.version_info`, `[:2]`, `[0]`, `.major`, `.minor`: a function from a version to the tuple compared. */
function versionAccess(model: ModuleModel, node: SyntaxNode): ((v: PyVersion) => number[]) | undefined {
  const isVersionInfo = (n: SyntaxNode | null | undefined) => !!n && model.qualify(n) === 'sys.version_info';
  if (isVersionInfo(node)) return (v) => [v.major, v.minor, v.micro];
  if (node.type === 'subscript' && isVersionInfo(node.childForFieldName('value'))) {
    const sub = node.childForFieldName('subscript');
    if (sub?.type === 'slice') {
      const parts = sub.namedChildren.filter((c): c is SyntaxNode => !!c);
      const end = parts.length === 1 && sub.text.startsWith(':') ? Number(parts[0].text) : NaN;
      if (Number.isInteger(end)) return (v) => [v.major, v.minor, v.micro].slice(0, end);
      return undefined;
    }
    if (sub?.type === 'integer') {
      const i = Number(sub.text);
      return (v) => [[v.major, v.minor, v.micro][i]];
    }
    return undefined;
  }
  if (node.type === 'attribute' && isVersionInfo(node.childForFieldName('object'))) {
    const attr = node.childForFieldName('attribute')?.text;
    if (attr === 'major') return (v) => [v.major];
    if (attr === 'minor') return (v) => [v.minor];
    if (attr === 'micro') return (v) => [v.micro];
  }
  return undefined;
}

function versionLiteral(node: SyntaxNode): number[] | undefined {
  if (node.type === 'integer') return [Number(node.text)];
  if (node.type === 'tuple' || node.type === 'parenthesized_expression') {
    const items = node.namedChildren.filter((c): c is SyntaxNode => !!c);
    if (items.length === 0 || items.some((i) => i.type !== 'integer')) return undefined;
    return items.map((i) => Number(i.text));
  }
  return undefined;
}

/** Python's tuple comparison, with the shorter tuple compared on its length. */
function compareTuples(a: number[], b: number[], op: string): boolean | undefined {
  let cmp = 0;
  for (let i = 0; i < Math.min(a.length, b.length) && cmp === 0; i++) cmp = a[i] - b[i];
  if (cmp === 0) cmp = a.length - b.length;
  switch (op) {
    case '>=':
      return cmp >= 0;
    case '>':
      return cmp > 0;
    case '<=':
      return cmp <= 0;
    case '<':
      return cmp < 0;
    case '==':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
  }
  return undefined;
}

function flip(op: string): string {
  return ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, string>)[op] ?? op;
}

function isPlatformExpr(model: ModuleModel, node: SyntaxNode | null | undefined): boolean {
  if (!node) return false;
  const q = model.qualify(node);
  if (q === 'sys.platform' || q === 'os.name') return true;
  if (node.type === 'call') {
    const fn = model.qualify(node.childForFieldName('function'));
    return fn === 'platform.system' || fn === 'platform.platform';
  }
  return false;
}

function isOpensslVersion(model: ModuleModel, node: SyntaxNode | null | undefined): boolean {
  if (!node) return false;
  const target = node.type === 'subscript' ? node.childForFieldName('value') : node;
  const q = model.qualify(target);
  return q === 'ssl.OPENSSL_VERSION_INFO' || q === 'ssl.OPENSSL_VERSION_NUMBER';
}

function catchesFeatureErrors(tryStatement: SyntaxNode): boolean {
  return tryStatement.namedChildren.some((clause) => clause?.type === 'except_clause' && clauseCatchesFeatureErrors(clause));
}

/** Does an `except` clause catch what a missing name raises (AttributeError, ImportError, NameError, or broader)? */
function clauseCatchesFeatureErrors(clause: SyntaxNode): boolean {
  const value = clause.namedChildren.find((c) => c && c.type !== 'block' && c.type !== 'comment');
  if (!value) return true; // bare except
  const names = value.type === 'as_pattern' ? value.namedChild(0) : value;
  return /\b(AttributeError|ImportError|ModuleNotFoundError|NameError|Exception|BaseException)\b/.test(names?.text ?? '');
}

/** Does a block always leave the enclosing code (return, raise, continue, break, sys.exit)? */
function alwaysLeaves(block: SyntaxNode): boolean {
  const last = block.namedChildren.filter((c) => c && c.type !== 'comment').pop();
  if (!last) return false;
  if (last.type === 'return_statement' || last.type === 'raise_statement' || last.type === 'continue_statement' || last.type === 'break_statement') return true;
  if (last.type === 'expression_statement') {
    const call = last.namedChild(0);
    const fn = call?.type === 'call' ? call.childForFieldName('function')?.text : undefined;
    return fn === 'sys.exit' || fn === 'exit';
  }
  return false;
}

function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

function negate(p: Pred): Pred {
  return (v) => {
    const r = p(v);
    return r === undefined ? undefined : !r;
  };
}

function and(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === false || b === false) return false;
  if (a === undefined || b === undefined) return undefined;
  return true;
}

function or(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === true || b === true) return true;
  if (a === undefined || b === undefined) return undefined;
  return false;
}

export function stringText(node: SyntaxNode): string | undefined {
  if (node.type !== 'string') return undefined;
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
}

/** The targeted versions under which a node runs. */
export function versionsAt(model: ModuleModel, node: SyntaxNode, versions: readonly PyVersion[]): PyVersion[] {
  const g = guardsAt(model, node);
  return versions.filter((v) => g.admits(v));
}

export { compareVersions };
