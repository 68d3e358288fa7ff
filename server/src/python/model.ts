import type { SyntaxNode, Tree } from './parser';
import { typeFacts } from '../facts/types';
import { memoByName } from '../facts/memo';

/**
 * What one Python module means, as far as TLS is concerned: which names are bound to which
 * modules and symbols, what type each expression has, every call with its resolved callee,
 * and every attribute write. Built in one pass over the syntax tree; nothing here runs code.
 */
export class ModuleModel {
  readonly calls: CallInfo[] = [];
  readonly attributeWrites: AttributeWrite[] = [];
  /** Outermost identifiers and attribute chains that resolve to a qualified name ("ssl.CERT_NONE"). */
  readonly references: Reference[] = [];
  readonly comments: SyntaxNode[] = [];
  /** Simple `name = value` assignments, in document order. */
  readonly assignments: { name: string; target: SyntaxNode; value: SyntaxNode }[] = [];
  /** Every module named by an import statement, with the node naming it. */
  readonly imports: Reference[] = [];
  /** Names bound by `from X import *`, per module X. */
  readonly starImports: string[] = [];

  private readonly scopes = new Map<number, Scope>();
  private readonly moduleScope: Scope;
  private readonly typeCache = new Map<number, string | null>();
  private readonly qualifyCache = new Map<number, string | null>();
  private readonly typing = new Set<number>();
  private readonly objectIndex = new Map<string, ObjectFacts>();
  private members: Reference[] | undefined;
  private readonly attributeNodes: SyntaxNode[] = [];

  /**
   * The character ranges read in full, in document order, when the model was built over part of the
   * module (see `ModelExtent`); undefined when it covers the whole module.
   */
  private readonly extent: { start: number; end: number }[] | undefined;
  /** The definitions read only for the names they bind (see `ModelExtent`). */
  private readonly nameOnly: ModelExtent['names'] = [];
  private lines: number | undefined;
  private readonly memos = new Map<MemoKey<unknown>, unknown>();

  /**
   * What `make` gives for this model, made once. Rules keep their per-model results here, with the
   * model, rather than in WeakMaps keyed by models: V8's young-generation collections keep a WeakMap's
   * young keys alive, so every model used while one ran, and all it holds, would be copied and kept
   * until the next full collection.
   */
  memo<T>(key: MemoKey<T>, make: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = make();
    this.memos.set(key, value);
    return value;
  }

  /** The number of the last line (zero-based), as splitting the text at line ends counts them. */
  get lastLine(): number {
    if (this.lines === undefined) {
      let n = 0;
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) n++;
      this.lines = n;
    }
    return this.lines;
  }

  constructor(
    readonly tree: Tree,
    readonly text: string,
    part?: ModelExtent,
  ) {
    const root = tree.rootNode;
    this.moduleScope = newScope(root, undefined, 'module', undefined, -1, Number.MAX_SAFE_INTEGER);
    this.scopes.set(root.id, this.moduleScope);
    // tree-sitter finds the nodes the model reads in one pass inside WebAssembly, in document order;
    // visiting every node from JavaScript would cost a call across that boundary per node.
    let nodes: SyntaxNode[];
    if (!part) nodes = root.descendantsOfType(COLLECTED_TYPES).filter((n): n is SyntaxNode => !!n);
    else {
      nodes = [];
      this.extent = [];
      const read = part.read;
      for (const node of read) this.extent.push({ start: node.startIndex, end: node.endIndex });
      // Each run of consecutive statements is fetched in one call over its range: a call costs about
      // as much as a small statement's nodes, and most of the statements read are a module's imports.
      for (let i = 0; i < read.length; ) {
        let j = i;
        let next = read[i].nextSibling;
        while (j + 1 < read.length && next?.id === read[j + 1].id) next = read[++j].nextSibling;
        const previous = j > i ? read[i].previousSibling : null;
        // A range includes a node that only touches its ends (an empty node where a statement
        // begins or ends); with the neighbours a character away, only the run's own nodes do.
        if (j > i && (!previous || previous.endIndex < read[i].startIndex) && (!next || next.startIndex > read[j].endIndex)) {
          const start = previous ? previous.endPosition : { row: 0, column: 0 };
          const end = next ? next.startPosition : { row: 0, column: 0 };
          for (const n of root.descendantsOfType(COLLECTED_TYPES, start, end)) if (n) nodes.push(n);
        } else {
          for (let k = i; k <= j; k++) for (const n of read[k].descendantsOfType(COLLECTED_TYPES)) if (n) nodes.push(n);
        }
        i = j + 1;
      }
      this.nameOnly = part.names;
      this.topLevel = { nodes: part.read, starts: part.read.map((n) => n.startIndex), count: part.count };
    }
    // Each node's type is read once (a call into WebAssembly) and shared by both passes.
    const types = this.collectBindings(nodes);
    this.collectUses(nodes, types);
    this.collectReferences();
  }

  get root(): SyntaxNode {
    return this.tree.rootNode;
  }

  /** The fully qualified name an identifier or attribute chain stands for, after import aliases. */
  qualify(node: SyntaxNode | null | undefined): string | undefined {
    if (!node) return undefined;
    const cached = this.qualifyCache.get(node.id);
    if (cached !== undefined) return cached ?? undefined;
    // Down through attribute objects and lone parenthesised expressions to the first name, then back up;
    // no recursion, since a chain can be thousands of links long.
    const chain: SyntaxNode[] = [];
    let below: string | undefined;
    for (let n: SyntaxNode | null = node; ; ) {
      const known = this.qualifyCache.get(n.id);
      if (known !== undefined) {
        below = known ?? undefined;
        break;
      }
      const type: string = n.type;
      if (type === 'attribute' || (type === 'parenthesized_expression' && n.namedChildCount === 1)) {
        chain.push(n);
        n = type === 'attribute' ? n.childForFieldName('object') : n.namedChild(0);
        if (!n) {
          below = undefined;
          break;
        }
        continue;
      }
      below = type === 'identifier' ? this.qualifyIdentifier(n) : undefined;
      if (below) below = canonical(below);
      this.qualifyCache.set(n.id, below ?? null);
      break;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const n = chain[i];
      let result = below;
      if (n.type === 'attribute') {
        const attr = n.childForFieldName('attribute');
        result = below && attr ? `${below}.${attr.text}` : undefined;
      }
      if (result) result = canonical(result);
      this.qualifyCache.set(n.id, result ?? null);
      below = result;
    }
    return below;
  }

  /** The qualified class of the object an expression evaluates to, when it can be known in this module. */
  typeOf(node: SyntaxNode | null | undefined): string | undefined {
    if (!node) return undefined;
    const cached = this.typeCache.get(node.id);
    if (cached !== undefined) return cached ?? undefined;
    if (this.typing.has(node.id)) return undefined; // a cycle through assignments
    // Types are inferred recursively; a chain deeper than this (thousands of nested parentheses) is not followed.
    if (this.typing.size > 400) return undefined;
    this.typing.add(node.id);
    let result: string | undefined;
    try {
      result = this.computeType(node);
    } finally {
      this.typing.delete(node.id);
    }
    this.typeCache.set(node.id, result ?? null);
    return result;
  }

  /** The call's resolved callee: a qualified function or class, or "Type.method" for a method on a typed receiver. */
  calleeOf(call: SyntaxNode): string | undefined {
    const fn = call.childForFieldName('function');
    return fn ? this.calleeOfFunction(fn, fn.type === 'attribute') : undefined;
  }

  /** `calleeOf` for the call's function expression, already fetched (and whether it is an attribute). */
  private calleeOfFunction(fn: SyntaxNode, isAttribute: boolean, receiver?: SyntaxNode | null, method?: string): string | undefined {
    const q = this.qualify(fn);
    if (q) return q;
    if (isAttribute) {
      const t = this.typeOf(receiver !== undefined ? receiver : fn.childForFieldName('object'));
      const attr = method ?? fn.childForFieldName('attribute')?.text;
      if (t && attr !== undefined) return canonical(`${t}.${attr}`);
    }
    return undefined;
  }

  /** The definitions a bare name has in the scope where it is used. */
  definitionsOf(identifier: SyntaxNode): Definition[] {
    const scope = this.lookupScope(identifier, identifier.text);
    return scope?.bindings.get(identifier.text) ?? [];
  }

  /**
   * A stable identity for the object an expression names, so that facts about it can be gathered
   * across statements: `ctx` in one function, or `self._ctx` across the methods of a class.
   */
  objectKey(node: SyntaxNode | null | undefined): string | undefined {
    // The attributes from the outermost in, down to the name they start from (no recursion: chains can be long).
    const attributes: SyntaxNode[] = [];
    let base = node ?? null;
    while (base?.type === 'attribute') {
      attributes.push(base);
      base = base.childForFieldName('object');
    }
    if (base?.type !== 'identifier') return undefined;
    let i = attributes.length - 1;
    let key: string | undefined;
    if (i >= 0) {
      const attr = attributes[i].childForFieldName('attribute');
      if (attr && this.isSelf(base)) {
        const cls = this.enclosingClassOf(base);
        if (cls) {
          key = `${cls.id}.self.${attr.text}`;
          i--;
        }
      }
    }
    if (key === undefined) {
      const scope = this.lookupScope(base, base.text);
      if (!scope) return undefined;
      const defs = scope.bindings.get(base.text) ?? [];
      if (defs.some((d) => d.kind === 'import')) return undefined;
      key = `${scope.node.id}:${base.text}`;
    }
    for (; i >= 0; i--) {
      const attr = attributes[i].childForFieldName('attribute');
      if (!attr) return undefined;
      key = `${key}.${attr.text}`;
    }
    return key;
  }

  /** Everything this module does to the object with the given key. */
  objectFacts(key: string): ObjectFacts {
    return this.objectIndex.get(key) ?? EMPTY_OBJECT_FACTS;
  }

  /** The expressions assigned to the object an expression names (its creations). */
  valuesOf(node: SyntaxNode): SyntaxNode[] {
    if (node.type === 'identifier') {
      return this.definitionsOf(node)
        .map((d) => (d.kind === 'value' ? d.value : d.kind === 'param' ? d.defaultValue : undefined))
        .filter((v): v is SyntaxNode => !!v);
    }
    const key = this.objectKey(node);
    if (!key) return [];
    return this.objectFacts(key).assignedValues;
  }

  /**
   * Attribute accesses on objects of a known type, named by the type's member:
   * `ctx.load_default_certs` where `ctx = ssl.create_default_context()` is "ssl.SSLContext.load_default_certs".
   */
  get memberAccesses(): Reference[] {
    if (!this.members) {
      this.members = [];
      for (const node of this.attributeNodes) {
        if (this.qualify(node)) continue;
        const obj = node.childForFieldName('object');
        const attr = node.childForFieldName('attribute');
        const t = this.typeOf(obj);
        if (t && attr) this.members.push({ node, name: canonical(`${t}.${attr.text}`) });
      }
    }
    return this.members;
  }

  /** Is this name the first parameter of a method, conventionally `self`? */
  isSelf(identifier: SyntaxNode): boolean {
    const fn = this.enclosingFunctionScope(identifier);
    if (!fn) return false;
    const name = this.selfNameOf(fn);
    return name !== undefined && name === identifier.text && this.lookupScope(identifier, name)?.node.id === fn.node.id;
  }

  // ---- construction -------------------------------------------------------------------------

  private collectBindings(nodes: SyntaxNode[]): string[] {
    const types: string[] = new Array(nodes.length);
    // The scopes around the current node, innermost last; nodes arrive in document order.
    const stack: Scope[] = [this.moduleScope];
    // The names of the definitions not read are bound where they stand, in document order.
    const names = this.nameOnly;
    let nextName = 0;
    const bindNamesBefore = (index: number) => {
      for (; nextName < names.length && names[nextName].start < index; nextName++) {
        const { name } = names[nextName];
        const list = this.moduleScope.bindings.get(name);
        if (list) list.push({ kind: 'other' });
        else this.moduleScope.bindings.set(name, [{ kind: 'other' }]);
      }
    };
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (nextName < names.length) bindNamesBefore(node.startIndex);
      while (stack.length > 1 && !this.startsInside(node, stack[stack.length - 1])) stack.pop();
      const current = stack[stack.length - 1];
      const type = node.type;
      types[i] = type;
      switch (type) {
        case 'function_definition':
        case 'lambda':
        case 'class_definition': {
          // A lambda that is the body of a lambda binds in the scope around both (as scopeFor(parent) did).
          const outer = type === 'lambda' && current.node.type === 'lambda' && stack.length > 1 && current.node.childForFieldName('body')?.id === node.id ? stack[stack.length - 2] : current;
          if (type !== 'lambda') bind(outer, node.childForFieldName('name'), { kind: 'other' });
          const scope = newScope(node, outer, type === 'class_definition' ? 'class' : 'function', current, node.startIndex, node.endIndex);
          current.children.push(scope);
          this.scopes.set(node.id, scope);
          stack.push(scope);
          if (type !== 'class_definition') this.bindParameters(scope, node.childForFieldName('parameters'));
          break;
        }
        case 'import_statement':
          this.bindImport(node);
          break;
        case 'import_from_statement':
          this.bindFromImport(node);
          break;
        case 'assignment': {
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          const dynamic = right ? dynamicImport(right) : undefined;
          // `ssl = __import__("ssl")` and `importlib.import_module("ssl")` bind the module as an import does.
          if (dynamic && left?.type === 'identifier') bind(current, left, { kind: 'import', qualified: dynamic });
          else this.bindTarget(current, left, right ?? undefined);
          if (left?.type === 'identifier' && right) this.assignments.push({ name: left.text, target: left, value: right });
          break;
        }
        case 'augmented_assignment':
          this.bindTarget(current, node.childForFieldName('left'), undefined, true);
          break;
        case 'named_expression':
          bind(current, node.childForFieldName('name'), valueDef(node.childForFieldName('value')));
          break;
        case 'for_statement':
        case 'for_in_clause':
          this.bindTarget(current, node.childForFieldName('left'), undefined);
          break;
        case 'as_pattern': {
          const target = node.childForFieldName('alias')?.namedChild(0);
          const value = node.namedChild(0);
          if (node.parent?.type === 'with_item') this.bindTarget(current, target, value ?? undefined);
          else this.bindTarget(current, target, undefined);
          break;
        }
        case 'global_statement':
        case 'nonlocal_statement': {
          const scope = current;
          for (const id of node.namedChildren) if (id?.type === 'identifier') scope.declaredOuter.add(id.text);
          break;
        }
        case 'comment':
          this.comments.push(node);
          break;
        case 'attribute':
          this.attributeNodes.push(node);
          break;
      }
    }
    bindNamesBefore(Number.MAX_SAFE_INTEGER);
    return types;
  }

  /**
   * Does a node that comes after `scope` in document order lie inside it? Ranges decide, except for
   * an empty node (a missing token) right at the scope's end, which may be either side of it.
   */
  private startsInside(node: SyntaxNode, scope: Scope): boolean {
    const start = node.startIndex;
    if (start < scope.end) return true;
    if (start > scope.end || node.endIndex !== start) return false;
    for (let n = node.parent; n; n = n.parent) if (n.id === scope.node.id) return true;
    return false;
  }

  private collectUses(nodes: SyntaxNode[], types: string[]): void {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      switch (types[i]) {
        case 'call':
          this.calls.push(this.callInfo(node));
          break;
        case 'assignment':
        case 'augmented_assignment': {
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          if (left?.type === 'attribute' && right) {
            const obj = left.childForFieldName('object')!;
            const attr = left.childForFieldName('attribute')!;
            const op = types[i] === 'assignment' ? '=' : node.childForFieldName('operator')?.text ?? '?=';
            const write: AttributeWrite = { node, target: left, object: obj, attribute: attr.text, operator: op, value: right };
            this.attributeWrites.push(write);
            const key = this.objectKey(obj);
            if (key) this.objectEntry(key).writes.push(write);
            if (op === '=') {
              const selfKey = this.objectKey(left);
              if (selfKey) this.objectEntry(selfKey).assignedValues.push(right);
            }
          }
          if (left?.type === 'identifier' && right && types[i] === 'assignment') {
            const key = this.objectKey(left);
            if (key) this.objectEntry(key).assignedValues.push(right);
          }
          break;
        }
      }
    }
    // Method calls are indexed after all assignments are known, so receivers resolve.
    for (const call of this.calls) {
      if (!call.receiver) continue;
      const key = this.objectKey(call.receiver);
      if (key) this.objectEntry(key).methodCalls.push(call);
    }
  }

  /**
   * Fills `references`. Only a name bound by an import (or, after `from X import *`, any name) can
   * resolve, so the identifiers worth looking at are found by searching the text for those names and
   * asking the tree what each occurrence is; chains such as `ssl.TLSVersion.TLSv1` are followed up from
   * their first name. The result is in document order, as a visit of every node would give.
   */
  private collectReferences(): void {
    let candidates: SyntaxNode[];
    if (this.starImports.length > 0) {
      candidates = [];
      for (const top of this.extent ? this.topLevel!.nodes : [this.root]) {
        for (const n of top.descendantsOfType('identifier')) if (n) candidates.push(n);
      }
    } else {
      const names = new Set<string>();
      for (const scope of this.scopes.values()) {
        for (const [name, defs] of scope.bindings) if (defs.some((d) => d.kind === 'import')) names.add(name);
      }
      candidates = this.occurrences(names);
    }
    const found: { node: SyntaxNode; name: string; start: number; depth: number }[] = [];
    for (const identifier of candidates) {
      const path = this.shortChainPath(identifier) ?? this.pathTo(identifier, true);
      // The identifier and the attributes it is the object of, through parentheses: `(ssl).CERT_NONE`
      // (as indices into the path).
      const chain = [path.length - 1];
      for (let i = path.length - 1; i > 0; ) {
        const parentType = path[i - 1].node.type;
        if (parentType === 'parenthesized_expression') i--;
        else if (parentType === 'attribute' && path[i].field === 'object') {
          chain.push(i - 1);
          i--;
        } else break;
      }
      chain.forEach((at, depth) => {
        const { node, field } = path[at];
        const parent = at > 0 ? path[at - 1].node : undefined;
        // Only the outermost name of a chain is a reference, unless error recovery glued the chain to
        // the next line (an unclosed bracket while typing), in which case the inner chain is the real one.
        const parentType = parent?.type;
        if (parentType === 'attribute' && field === 'object' && !hasErrorChild(parent!)) return;
        if (node.type === 'identifier' && !isLoadIn(parentType, field)) return;
        const q = this.qualify(node);
        if (q) found.push({ node, name: q, start: node.startIndex, depth });
      });
    }
    // Document order: by start, and an attribute before the names inside it.
    found.sort((a, b) => a.start - b.start || b.depth - a.depth);
    for (const { node, name } of found) this.references.push({ node, name });
  }

  /**
   * The nodes from the root down to `node`, both included, with the field each has in its parent
   * (when asked for, as far as `isLoadIn` and attribute chains need it). Found by descending from the
   * top-level statement that holds the node:
   * `node.parent` searches down from the root on every call, so climbing k levels that way costs k
   * searches, which is quadratic in deeply nested code and slow in modules with many statements.
   */
  pathTo(node: SyntaxNode, withFields = false): { node: SyntaxNode; field: string | null }[] {
    // (TreeCursor.gotoFirstChildForIndex would do, but in web-tree-sitter 0.25 it reads its goal from
    // the wrong place.)
    const root = this.root;
    if (node.id === root.id) return [{ node: root, field: null }];
    const start = node.startIndex;
    const top = this.topLevelAt(start);
    // An empty node (a missing token) may sit at a boundary where ranges cannot place it.
    if (!top || node.endIndex === start) return this.pathByParents(node, withFields);
    const path: { node: SyntaxNode; field: string | null }[] = [
      { node: root, field: null },
      { node: top, field: null },
    ];
    if (top.id === node.id) return path;
    for (let current = top; ; ) {
      // The first child that ends after `start`: the one that holds the node, if it is in this tree.
      const child = current.firstChildForIndex(start);
      if (!child || child.startIndex > start) return this.pathByParents(node, withFields);
      path.push({ node: child, field: withFields ? relevantField(current.type, current, child) : null });
      if (child.id === node.id) return path;
      current = child;
    }
  }

  /** The top-level statements read (all of them unless built over part of the module) and how many the module has. */
  private topLevel: { nodes: SyntaxNode[]; starts: number[]; count: number } | undefined;

  /**
   * The nodes from the nearest ancestor for which `stop` holds (or the root) down to `node`, found with
   * `node.parent` when that takes few steps; otherwise (deep nesting, a module with very many
   * statements) through `pathTo`.
   */
  ancestryUntil(node: SyntaxNode, stop: (n: SyntaxNode) => boolean): SyntaxNode[] {
    this.topLevelAt(0);
    if (this.topLevel!.count <= 1000) {
      const up: SyntaxNode[] = [node];
      for (let n = node.parent; n && up.length <= 16; n = n.parent) {
        up.push(n);
        if (stop(n) || !n.parent) return up.reverse();
      }
      if (up.length === 1) return up;
    }
    const path = this.pathTo(node).map((p) => p.node);
    let from = path.length - 1;
    while (from > 0 && !stop(path[from])) from--;
    return path.slice(from);
  }

  /**
   * For `collectReferences`: the identifier, the attributes and parentheses around it, and one node
   * more, found with `node.parent` (cheap for a few levels in a module of ordinary size), with the
   * fields that matter there. Undefined when the chain is long or the module has very many statements.
   */
  private shortChainPath(identifier: SyntaxNode): { node: SyntaxNode; field: string | null }[] | undefined {
    this.topLevelAt(0);
    if (this.topLevel!.count > 1000) return undefined;
    const up: { node: SyntaxNode; field: string | null }[] = [{ node: identifier, field: null }];
    let child = identifier;
    for (let parent = child.parent; parent; parent = child.parent) {
      const type = parent.type;
      up[up.length - 1].field = relevantField(type, parent, child);
      up.push({ node: parent, field: null });
      if (type !== 'parenthesized_expression' && !(type === 'attribute' && up[up.length - 2].field === 'object')) break;
      if (up.length > 16) return undefined;
      child = parent;
    }
    return up.reverse();
  }

  /** The child of the root whose range holds `index`. */
  private topLevelAt(index: number): SyntaxNode | undefined {
    if (!this.topLevel) {
      const nodes = this.root.children.filter((n): n is SyntaxNode => !!n);
      this.topLevel = { nodes, starts: nodes.map((n) => n.startIndex), count: nodes.length };
    }
    const { nodes, starts } = this.topLevel;
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= index) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    const top = nodes[found];
    return index < top.endIndex ? top : undefined;
  }

  private pathByParents(node: SyntaxNode, withFields: boolean): { node: SyntaxNode; field: string | null }[] {
    const path: { node: SyntaxNode; field: string | null }[] = [];
    let child = node;
    for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
      path.push({ node: child, field: withFields ? relevantField(parent.type, parent, child) : null });
    }
    path.push({ node: child, field: null });
    return path.reverse();
  }

  /** The identifiers in the module spelled as one of `names`, in document order. */
  private occurrences(names: Set<string>): SyntaxNode[] {
    if (names.size === 0) return [];
    const pattern = [...names].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    const re = new RegExp(`(?<![A-Za-z0-9_])(?:${pattern})(?![A-Za-z0-9_])`, 'g');
    const out: SyntaxNode[] = [];
    const root = this.root;
    for (const range of this.extent ?? [{ start: 0, end: this.text.length }]) {
      re.lastIndex = range.start;
      for (let m = re.exec(this.text); m && m.index < range.end; m = re.exec(this.text)) this.addOccurrence(root, m, out);
    }
    return out;
  }

  private addOccurrence(root: SyntaxNode, m: RegExpExecArray, out: SyntaxNode[]): void {
    const end = m.index + m[0].length;
    const node = root.descendantForIndex(m.index, end);
    // Occurrences inside strings, comments or longer (non-ASCII) identifiers are not the name.
    if (node && node.startIndex === m.index && node.type === 'identifier' && node.endIndex === end) out.push(node);
  }

  /**
   * The names bound in the module's own scope, each with whether only imports bind it. (In a model
   * built over part of the module, the bindings made inside the statements it did not read are absent.)
   */
  moduleNames(): Map<string, boolean> {
    const out = new Map<string, boolean>();
    for (const [name, defs] of this.moduleScope.bindings) out.set(name, defs.every((d) => d.kind === 'import'));
    return out;
  }

  private callInfo(node: SyntaxNode): CallInfo {
    const fn = node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    const positional: SyntaxNode[] = [];
    const keywords = new Map<string, SyntaxNode>();
    const keywordNodes = new Map<string, SyntaxNode>();
    let hasStarArgs = false;
    if (argsNode?.type === 'argument_list') {
      for (const arg of argsNode.namedChildren) {
        if (!arg || arg.type === 'comment') continue;
        if (arg.type === 'keyword_argument') {
          const name = arg.childForFieldName('name')?.text;
          const value = arg.childForFieldName('value');
          if (name && value) {
            keywords.set(name, value);
            keywordNodes.set(name, arg);
          }
        } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
          hasStarArgs = true;
        } else {
          positional.push(arg);
        }
      }
    }
    const isAttribute = fn?.type === 'attribute';
    const receiver = isAttribute ? fn!.childForFieldName('object') : null;
    const attribute = isAttribute ? fn!.childForFieldName('attribute') : null;
    return new Call(node, fn ?? node, receiver ?? undefined, attribute?.text, positional, keywords, keywordNodes, hasStarArgs, () =>
      fn ? this.calleeOfFunction(fn, isAttribute, receiver, attribute?.text) : undefined,
    );
  }

  private bindParameters(scope: Scope, params: SyntaxNode | null): void {
    if (!params) return;
    for (const p of params.namedChildren) {
      if (!p) continue;
      switch (p.type) {
        case 'identifier':
          bind(scope, p, { kind: 'param' });
          break;
        case 'typed_parameter':
          bind(scope, p.namedChild(0), { kind: 'param', annotation: p.childForFieldName('type') ?? undefined });
          break;
        case 'default_parameter':
        case 'typed_default_parameter':
          bind(scope, p.childForFieldName('name'), {
            kind: 'param',
            annotation: p.childForFieldName('type') ?? undefined,
            defaultValue: p.childForFieldName('value') ?? undefined,
          });
          break;
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern':
          bind(scope, p.namedChild(0), { kind: 'other' });
          break;
      }
    }
  }

  private bindImport(node: SyntaxNode): void {
    const scope = this.scopeFor(node);
    for (const name of node.childrenForFieldName('name')) {
      if (!name) continue;
      if (name.type === 'aliased_import') {
        const dotted = name.childForFieldName('name')?.text;
        const alias = name.childForFieldName('alias');
        if (dotted && alias) bind(scope, alias, { kind: 'import', qualified: dotted });
      } else if (name.type === 'dotted_name') {
        const first = name.namedChild(0);
        if (first) bind(scope, first, { kind: 'import', qualified: first.text });
      }
      const dotted = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
      if (dotted) this.imports.push({ node: dotted, name: dotted.text });
    }
  }

  private bindFromImport(node: SyntaxNode): void {
    const scope = this.scopeFor(node);
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode) return;
    // Relative imports name the project's own modules, never the standard library's.
    const moduleName = moduleNode.type === 'relative_import' ? `.${moduleNode.text}` : moduleNode.text;
    if (moduleNode.type !== 'relative_import') this.imports.push({ node: moduleNode, name: moduleName });
    if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) {
      if (!this.starImports.includes(moduleName)) this.starImports.push(moduleName);
      return;
    }
    for (const name of node.childrenForFieldName('name')) {
      if (!name) continue;
      if (name.type === 'aliased_import') {
        const dotted = name.childForFieldName('name')?.text;
        const alias = name.childForFieldName('alias');
        if (dotted && alias) bind(scope, alias, { kind: 'import', qualified: `${moduleName}.${dotted}` });
      } else if (name.type === 'dotted_name') {
        bind(scope, name.namedChild(0), { kind: 'import', qualified: `${moduleName}.${name.text}` });
      }
    }
  }

  private bindTarget(scope: Scope, target: SyntaxNode | null | undefined, value: SyntaxNode | undefined, augmented = false): void {
    if (!target) return;
    if (target.type === 'identifier') {
      bind(scope, target, augmented ? { kind: 'other' } : value ? valueDef(value) : { kind: 'other' });
      return;
    }
    // Names inside tuples and lists are bound without a value, in order; a stack instead of recursion,
    // since patterns can nest deeply.
    const pending: SyntaxNode[] = [target];
    while (pending.length) {
      const t = pending.pop()!;
      switch (t.type) {
        case 'identifier':
          bind(scope, t, { kind: 'other' });
          break;
        case 'pattern_list':
        case 'tuple_pattern':
        case 'list_pattern':
        case 'tuple':
        case 'list':
        case 'parenthesized_expression': {
          const children = t.namedChildren;
          for (let i = children.length - 1; i >= 0; i--) if (children[i]) pending.push(children[i]!);
          break;
        }
        case 'list_splat_pattern': {
          const inner = t.namedChild(0);
          if (inner) pending.push(inner);
          break;
        }
      }
    }
  }

  private objectEntry(key: string): ObjectFacts {
    let entry = this.objectIndex.get(key);
    if (!entry) {
      entry = { writes: [], methodCalls: [], assignedValues: [] };
      this.objectIndex.set(key, entry);
    }
    return entry;
  }

  /**
   * The scope a node's names are bound in: the innermost function, lambda or class around it (a
   * definition's own name is bound outside it). Found from the scopes' ranges; the parents are only
   * walked for an empty node at a scope's edge, where ranges cannot tell inside from outside.
   */
  private scopeFor(node: SyntaxNode): Scope {
    const start = node.startIndex;
    let scope = this.moduleScope;
    for (;;) {
      const children = scope.children;
      let lo = 0;
      let hi = children.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (children[mid].start <= start) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (found < 0) return scope;
      const child = children[found];
      if (child.node.id === node.id) return scope;
      if (start > child.start && start < child.end) {
        scope = child;
        continue;
      }
      if (start >= child.start && start <= child.end) {
        const end = node.endIndex;
        if (end === start) return this.scopeForByParents(node);
        // Starting where the scope starts: inside it unless it is a statement around it.
        if (start === child.start && end < child.end) {
          scope = child;
          continue;
        }
      }
      return scope;
    }
  }

  private scopeForByParents(node: SyntaxNode): Scope {
    for (let n: SyntaxNode | null = node; n; n = n.parent) {
      if (n.id === node.id && (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda')) continue;
      const s = this.scopes.get(n.id);
      if (s) return s;
    }
    return this.moduleScope;
  }

  /** The scope where a name used at `node` is bound, following Python's rules (class bodies are skipped by nested functions). */
  private lookupScope(node: SyntaxNode, name: string): Scope | undefined {
    let scope: Scope | undefined = this.scopeFor(node);
    const start = scope;
    while (scope) {
      if (scope.declaredOuter.has(name)) {
        scope = scope.parent;
        continue;
      }
      if (scope.bindings.has(name) && (scope === start || scope.kind !== 'class')) return scope;
      scope = scope.parent;
    }
    return undefined;
  }

  /** The scope of the nearest `def` around a node (lambdas and classes in between are passed). */
  private enclosingFunctionScope(node: SyntaxNode): Scope | undefined {
    for (let s: Scope | undefined = this.scopeFor(node); s; s = s.container) if (s.node.type === 'function_definition') return s;
    return undefined;
  }

  /** The class a method is defined in, through a decorator. */
  private classOf(fn: Scope): SyntaxNode | undefined {
    if (fn.classNode === undefined) fn.classNode = enclosingClassOfFunction(fn.node) ?? null;
    return fn.classNode ?? undefined;
  }

  /** The name of a method's first parameter (conventionally `self`), or undefined for a plain function. */
  private selfNameOf(fn: Scope): string | undefined {
    if (fn.selfName === undefined) {
      fn.selfName = null;
      if (this.classOf(fn)) {
        const first = fn.node.childForFieldName('parameters')?.namedChild(0);
        const name = first?.type === 'identifier' ? first.text : first?.type === 'typed_parameter' ? first.namedChild(0)?.text : undefined;
        if (name) fn.selfName = name;
      }
    }
    return fn.selfName ?? undefined;
  }

  /** The class whose method contains a node (enclosingClass, from the scopes). */
  private enclosingClassOf(node: SyntaxNode): SyntaxNode | undefined {
    const fn = this.enclosingFunctionScope(node);
    return fn ? this.classOf(fn) : undefined;
  }

  private qualifyIdentifier(node: SyntaxNode): string | undefined {
    const scope = this.lookupScope(node, node.text);
    if (!scope) return this.qualifyStar(node.text);
    const defs = scope.bindings.get(node.text) ?? [];
    const imports = defs.filter((d): d is ImportDefinition => d.kind === 'import');
    if (imports.length === 0) return undefined;
    // At module level `try: import ssl / except ImportError: ssl = None` keeps `ssl` the module;
    // inside a function a parameter or local value of the same name shadows it.
    if (scope.kind !== 'module' && imports.length !== defs.length) return undefined;
    const first = imports[0].qualified;
    return imports.every((d) => d.qualified === first) ? first : first;
  }

  private qualifyStar(name: string): string | undefined {
    for (const mod of this.starImports) if (typeFacts.isModuleMember(mod, name)) return `${mod}.${name}`;
    return undefined;
  }

  private computeType(node: SyntaxNode): string | undefined {
    switch (node.type) {
      case 'call': {
        const callee = this.calleeOf(node);
        return callee ? typeFacts.returnType(callee) : undefined;
      }
      case 'parenthesized_expression':
        return this.typeOf(node.namedChild(0));
      case 'await':
        return this.typeOf(node.namedChild(0));
      case 'identifier': {
        if (this.isSelf(node)) {
          const cls = this.enclosingClassOf(node);
          for (const base of cls?.childForFieldName('superclasses')?.namedChildren ?? []) {
            const q = this.qualify(base);
            if (q && typeFacts.isClass(q)) return q;
          }
          return undefined;
        }
        for (const def of this.definitionsOf(node)) {
          if (def.kind === 'value') {
            const t = this.typeOf(def.value);
            if (t) return t;
          } else if (def.kind === 'param') {
            const t = this.annotationType(def.annotation) ?? this.typeOf(def.defaultValue);
            if (t) return t;
          }
        }
        return undefined;
      }
      case 'attribute': {
        const q = this.qualify(node);
        if (q) return undefined; // a module attribute names a symbol, not an instance
        const key = this.objectKey(node);
        if (key) for (const v of this.objectFacts(key).assignedValues) {
          const t = this.typeOf(v);
          if (t) return t;
        }
        const obj = node.childForFieldName('object');
        const attr = node.childForFieldName('attribute');
        const objType = this.typeOf(obj);
        return objType && attr ? typeFacts.attributeType(`${objType}.${attr.text}`) : undefined;
      }
      case 'conditional_expression':
        return this.typeOf(node.namedChild(0)) ?? this.typeOf(node.namedChild(2));
      case 'boolean_operator':
        return this.typeOf(node.childForFieldName('left')) ?? this.typeOf(node.childForFieldName('right'));
    }
    return undefined;
  }

  private annotationType(annotation: SyntaxNode | undefined): string | undefined {
    if (!annotation) return undefined;
    let inner: SyntaxNode | null = annotation.type === 'type' ? annotation.namedChild(0) : annotation;
    if (!inner) return undefined;
    // Optional[ssl.SSLContext] and "ssl.SSLContext | None" keep the context type.
    if (inner.type === 'binary_operator') inner = inner.childForFieldName('left');
    if (inner?.type === 'generic_type' || inner?.type === 'subscript') {
      const args = inner.type === 'subscript' ? inner.childForFieldName('subscript') : inner.namedChild(1)?.namedChild(0);
      inner = args ?? inner;
    }
    if (inner?.type === 'string') {
      const content = inner.namedChildren.find((c) => c?.type === 'string_content')?.text;
      if (!content) return undefined;
      const [first, ...rest] = content.split('|')[0].trim().split('.');
      const scopeNode = annotation;
      const fake = this.lookupImportedName(scopeNode, first);
      return fake ? canonical([fake, ...rest].join('.')) : undefined;
    }
    if (inner?.type === 'type') inner = inner.namedChild(0);
    const q = this.qualify(inner);
    return q && typeFacts.isClass(q) ? q : undefined;
  }

  private lookupImportedName(node: SyntaxNode, name: string): string | undefined {
    const scope = this.lookupScope(node, name);
    const def = scope?.bindings.get(name)?.find((d) => d.kind === 'import') as ImportDefinition | undefined;
    return def?.qualified ?? this.qualifyStar(name);
  }
}

// ---- public shapes ----------------------------------------------------------------------------

/**
 * A model built over part of a module: some top-level statements are read in full, the other `def` and
 * `class` statements only for the names they bind. Used to re-analyse the statements an edit touched.
 */
export interface ModelExtent {
  /** The top-level statements read in full, in document order. */
  read: SyntaxNode[];
  /** The `def` and `class` statements read only for the names they bind, where they start, in document order. */
  names: { name: string; start: number }[];
  /** How many top-level statements the module has. */
  count: number;
}

export interface CallInfo {
  node: SyntaxNode;
  function: SyntaxNode;
  /** The object a method is called on (`ctx` in `ctx.wrap_socket()`). */
  receiver?: SyntaxNode;
  method?: string;
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
  /** The whole `name=value` node per keyword. */
  keywordNodes: Map<string, SyntaxNode>;
  hasStarArgs: boolean;
  readonly callee: string | undefined;
}

/** Names a per-model result (see `ModuleModel.memo`). */
export class MemoKey<T> {
  declare private readonly type: T;
  constructor(readonly name: string) {}
}

/**
 * A call, its callee resolved on first use. The getter lives on the prototype: an object literal with
 * a getter of its own gets a hidden class of its own, which V8 keeps outside the young generation,
 * and with it the getter's closure (the whole model) until the next full collection.
 */
class Call implements CallInfo {
  readonly function: SyntaxNode;
  private resolved: string | null | undefined;

  constructor(
    readonly node: SyntaxNode,
    fn: SyntaxNode,
    readonly receiver: SyntaxNode | undefined,
    readonly method: string | undefined,
    readonly positional: SyntaxNode[],
    readonly keywords: Map<string, SyntaxNode>,
    readonly keywordNodes: Map<string, SyntaxNode>,
    readonly hasStarArgs: boolean,
    private readonly resolve: () => string | undefined,
  ) {
    this.function = fn;
  }

  get callee(): string | undefined {
    if (this.resolved === undefined) this.resolved = this.resolve() ?? null;
    return this.resolved ?? undefined;
  }
}

export interface AttributeWrite {
  node: SyntaxNode;
  target: SyntaxNode;
  object: SyntaxNode;
  attribute: string;
  /** "=" or the augmented operator, e.g. "|=" or "&=". */
  operator: string;
  value: SyntaxNode;
}

export interface Reference {
  node: SyntaxNode;
  name: string;
}

export interface ObjectFacts {
  writes: AttributeWrite[];
  methodCalls: CallInfo[];
  assignedValues: SyntaxNode[];
}

export type Definition =
  | ImportDefinition
  | { kind: 'value'; value: SyntaxNode }
  | { kind: 'param'; annotation?: SyntaxNode; defaultValue?: SyntaxNode }
  | { kind: 'other' };

export interface ImportDefinition {
  kind: 'import';
  qualified: string;
}

// ---- helpers ----------------------------------------------------------------------------------

interface Scope {
  node: SyntaxNode;
  /** Where names not bound here are looked up. */
  parent: Scope | undefined;
  kind: 'module' | 'function' | 'class';
  bindings: Map<string, Definition[]>;
  declaredOuter: Set<string>;
  /** The scope whose range contains this one, and the scopes directly inside it, in document order. */
  container: Scope | undefined;
  children: Scope[];
  start: number;
  end: number;
  /** For a `def`: the class it is a method of (null when none) and its first parameter's name; computed on demand. */
  classNode?: SyntaxNode | null;
  selfName?: string | null;
}

/** The node types the model reads; everything else is reached from these. */
const COLLECTED_TYPES = [
  'function_definition',
  'lambda',
  'class_definition',
  'import_statement',
  'import_from_statement',
  'assignment',
  'augmented_assignment',
  'named_expression',
  'for_statement',
  'for_in_clause',
  'as_pattern',
  'global_statement',
  'nonlocal_statement',
  'comment',
  'call',
  'attribute',
];

const EMPTY_OBJECT_FACTS: ObjectFacts = { writes: [], methodCalls: [], assignedValues: [] };

function newScope(node: SyntaxNode, parent: Scope | undefined, kind: Scope['kind'], container: Scope | undefined, start: number, end: number): Scope {
  return { node, parent, kind, bindings: new Map(), declaredOuter: new Set(), container, children: [], start, end };
}

/** typeFacts.canonical, remembered: a model resolves the same few names over and over. */
const canonical = memoByName((name) => typeFacts.canonical(name));

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function bind(scope: Scope, name: SyntaxNode | null | undefined, def: Definition): void {
  if (!name || name.type !== 'identifier') return;
  const list = scope.bindings.get(name.text);
  if (list) list.push(def);
  else scope.bindings.set(name.text, [def]);
}

function valueDef(value: SyntaxNode | null): Definition {
  return value ? { kind: 'value', value } : { kind: 'other' };
}

/**
 * Visits every node in document order without recursion, so deeply nested code cannot overflow the stack.
 * A subtree without syntax errors and of moderate size is fetched in one call into tree-sitter (a
 * quarter faster than stepping a cursor); a larger one is stepped through, so that its nodes are never
 * all held at once. (web-tree-sitter 0.25 cannot fetch ERROR nodes that way, hence the error check.)
 */
export function walk(root: SyntaxNode, visit: (node: SyntaxNode) => void): void {
  if (!root.hasError && root.endIndex - root.startIndex <= 200_000) {
    const types = (allTypes ??= [...new Set(root.tree.language.types.filter((t): t is string => !!t && t !== 'ERROR'))]);
    for (const node of root.descendantsOfType(types)) if (node) visit(node);
    return;
  }
  const cursor = root.walk();
  let depthGuard = 0;
  for (;;) {
    visit(cursor.currentNode);
    if (cursor.gotoFirstChild()) {
      depthGuard++;
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (depthGuard === 0 || !cursor.gotoParent()) {
        cursor.delete();
        return;
      }
      depthGuard--;
    }
  }
}

/** Every node type of the grammar (one language per process). */
let allTypes: string[] | undefined;

/** The one field of a parent that `isLoadIn` and the chain of attributes ask about, if `child` is it. */
function relevantField(parentType: string, parent: SyntaxNode, child: SyntaxNode): string | null {
  const is = (field: string) => parent.childForFieldName(field)?.id === child.id;
  switch (parentType) {
    case 'attribute':
      return is('object') ? 'object' : is('attribute') ? 'attribute' : null;
    case 'keyword_argument':
    case 'function_definition':
    case 'class_definition':
    case 'default_parameter':
    case 'typed_default_parameter':
      return is('name') ? 'name' : null;
    case 'assignment':
    case 'augmented_assignment':
      return is('left') ? 'left' : null;
  }
  return null;
}

/**
 * `isLoad` for an identifier known by its parent's type and its field there: does it read a variable?
 * (Not an attribute name, keyword name, definition name or binding target.)
 */
function isLoadIn(parentType: string | undefined, field: string | null): boolean {
  switch (parentType) {
    case undefined:
      return false;
    case 'attribute':
      return field !== 'attribute';
    case 'keyword_argument':
    case 'function_definition':
    case 'class_definition':
    case 'default_parameter':
    case 'typed_default_parameter':
      return field !== 'name';
    case 'dotted_name':
    case 'aliased_import':
    case 'import_statement':
    case 'import_from_statement':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'parameters':
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
    case 'as_pattern_target':
      return false;
    case 'assignment':
    case 'augmented_assignment':
      return field !== 'left';
  }
  return true;
}

/** The module a `__import__("x")` or `importlib.import_module("x")` call names, when it is a literal. */
function dynamicImport(node: SyntaxNode): string | undefined {
  if (node.type !== 'call') return undefined;
  const fn = node.childForFieldName('function')?.text;
  if (fn !== '__import__' && fn !== 'importlib.import_module' && fn !== 'import_module') return undefined;
  const args = node.childForFieldName('arguments');
  const first = args?.namedChild(0);
  if (!first || first.type !== 'string' || args!.namedChildCount !== 1) return undefined;
  const content = first.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
  return /^[A-Za-z_][\w.]*$/.test(content) ? content : undefined;
}

function hasErrorChild(node: SyntaxNode): boolean {
  if (!node.hasError) return false;
  for (const c of node.children) if (c?.type === 'ERROR') return true;
  return false;
}

export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'function_definition') return n;
  return undefined;
}

function enclosingClassOfFunction(fn: SyntaxNode): SyntaxNode | undefined {
  let p = fn.parent;
  if (p?.type === 'decorated_definition') p = p.parent;
  if (p?.type === 'block') p = p.parent;
  return p?.type === 'class_definition' ? p : undefined;
}

export function enclosingClass(node: SyntaxNode): SyntaxNode | undefined {
  const fn = enclosingFunction(node);
  return fn ? enclosingClassOfFunction(fn) : undefined;
}
