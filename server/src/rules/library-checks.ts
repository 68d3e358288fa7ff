import type { RuleContext } from './rule';
import type { CallInfo, ModuleModel } from '../python/model';
import { enclosingClass, MemoKey, walk } from '../python/model';
import type { SyntaxNode } from '../python/parser';
import { argument, isFalsy, isTrue, unwrap } from './helpers';
import { canonicalName, libraryFacts, type CallSite, type ClientUse, type LibraryInfo, type LibraryRuleCode, type LibrarySetting, type UnsafeValue } from '../facts/libraries';
import { protocolFacts } from '../facts/protocols';

/**
 * Reports the third-party library findings that belong to one rule (SSL101, SSL201 or SSL202).
 * The rules call this at the end of their own check; what is unsafe comes from data/libraries.json,
 * and this file knows no library by name. Only the model and the report function are used, so a rule
 * that destructures its context can pass `{ model, report }`.
 */
export function checkLibraryCalls(context: Pick<RuleContext, 'model' | 'report'>, code: LibraryRuleCode): void {
  for (const finding of libraryFindings(context.model)) {
    if (finding.code === code) context.report({ node: finding.node, message: finding.message });
  }
}

/**
 * Markdown for a hover on a library call or one of its arguments (or an attribute assignment such as
 * `session.verify = False`): what the parameter does, which values are unsafe and why, the library
 * versions involved and a link to the library's documentation. Undefined when the node is not part
 * of a known library setting.
 */
export function libraryHoverAt(model: ModuleModel, node: SyntaxNode): string | undefined {
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (n.type === 'keyword_argument' && n.parent?.type === 'argument_list' && n.parent.parent?.type === 'call') {
      const call = callInfoOf(model, n.parent.parent);
      const name = n.childForFieldName('name')?.text;
      if (!call || !name) return undefined;
      const hits = sitesOf(call).filter(({ site }) => site.parameter === name || site.inDict === name);
      return hits.length ? hoverText(hits, call) : undefined;
    }
    if (n.parent?.type === 'argument_list' && n.parent.parent?.type === 'call' && n.type !== 'comment') {
      const call = callInfoOf(model, n.parent.parent);
      if (!call) return undefined;
      const index = call.positional.findIndex((p) => p.id === n!.id);
      const hits = index < 0 ? [] : sitesOf(call).filter(({ site }) => site.position === index);
      return hits.length ? hoverText(hits, call) : undefined;
    }
    if (n.parent?.type === 'call' && n.parent.childForFieldName('function')?.id === n.id) {
      const call = callInfoOf(model, n.parent);
      const hits = call ? sitesOf(call) : [];
      return hits.length ? hoverText(hits, call) : undefined;
    }
    if (n.type === 'attribute' && n.parent?.type === 'assignment' && n.parent.childForFieldName('left')?.id === n.id) {
      const write = model.attributeWrites.find((w) => w.target.id === n!.id);
      const settings = write ? attributeSettings(model, write.object, write.attribute) : [];
      return settings.length ? hoverText(settings.map((setting) => ({ setting, site: undefined })), undefined) : undefined;
    }
    if (n.type === 'block' || n.type === 'module' || n.type === 'function_definition' || n.type === 'class_definition') return undefined;
  }
  return undefined;
}

// ---- findings -----------------------------------------------------------------------------

interface LibraryFinding {
  code: LibraryRuleCode;
  node: SyntaxNode;
  message: string;
}

const MEMO = new MemoKey<LibraryFinding[]>('library findings');

/** All library findings of a module, computed once and shared by the three rules. */
function libraryFindings(model: ModuleModel): LibraryFinding[] {
  return model.memo(MEMO, () => new LibraryAnalysis(model).run());
}

/** An argument that carries a setting, and where a finding about it goes. */
interface Carrier {
  value: SyntaxNode;
  report: SyntaxNode;
  /** How the value reached the call: `**{...}` written in the call reads like a keyword but is not one. */
  via: 'keyword' | 'position' | 'literal-splat' | 'kwargs' | 'dict';
  /** The `**name` or the dictionary parameter it came through. */
  through?: string;
}

class LibraryAnalysis {
  private readonly findings: LibraryFinding[] = [];
  private subscriptWrites?: Map<string, { key: string; value: SyntaxNode }[]>;
  private functionsByName?: Map<string, SyntaxNode[]>;
  private callIndex?: { byCallee: Map<string, CallInfo[]>; byMethod: Map<string, CallInfo[]> };

  constructor(private readonly model: ModuleModel) {}

  run(): LibraryFinding[] {
    for (const call of this.model.calls) {
      for (const { setting, site } of sitesOf(call)) this.checkCall(call, setting, site);
    }
    for (const write of this.model.attributeWrites) {
      if (write.operator !== '=') continue;
      for (const setting of attributeSettings(this.model, write.object, write.attribute)) {
        const display = `${this.model.typeOf(write.object)}.${write.attribute}`;
        for (const u of setting.unsafe) {
          const match = this.matchValue(u, write.value);
          if (!match || this.reportedByCoreRule(setting.rule, write.attribute, undefined, match.node)) continue;
          this.add(setting, write.value, `${display} = ${match.text}`, u, match.protocol);
          break;
        }
      }
    }
    if (libraryFacts.subclassSites().length) this.checkSubclasses();
    return this.findings;
  }

  private checkCall(call: CallInfo, setting: LibrarySetting, site: CallSite): void {
    let clientUse: string | undefined;
    if (setting.clientOnly) {
      clientUse = this.clientUseOf(call, setting.library);
      if (!clientUse) return;
    }
    if (setting.safeWith.some((p) => call.keywords.has(p))) return;
    if (setting.onlyWith.length && !setting.onlyWith.some((p) => call.keywords.has(p) && !isFalsy(call.keywords.get(p)))) return;
    const passed = clientUse ? `, passed to ${clientUse},` : '';
    const param = site.parameter;
    if (param === null) {
      const u = setting.unsafe.find((x) => x.match === 'any');
      if (u) this.add(setting, call.function, `${site.call}()${passed}`, u);
      return;
    }
    const carriers = this.carriers(call, site, param);
    if (carriers.length === 0) {
      const u = setting.unsafe.find((x) => x.match === 'missing');
      // A `**kwargs` we cannot see into may carry the parameter.
      if (u && !call.hasStarArgs && !site.inDict) {
        const alternatives = [param, ...setting.safeWith].join(' or ');
        this.add(setting, call.function, `${site.call}() without ${alternatives}${passed}`, u);
      }
      return;
    }
    for (const carrier of carriers) {
      for (const u of setting.unsafe) {
        const match = this.matchValue(u, carrier.value);
        if (!match) continue;
        if (u.unless && this.unlessHolds(call, u.unless)) continue;
        if (carrier.via === 'keyword' && this.reportedByCoreRule(setting.rule, param, carrier.value, match.node)) continue;
        if (carrier.via !== 'keyword' && this.reportedByCoreRule(setting.rule, undefined, undefined, match.node)) continue;
        const prefix =
          carrier.via === 'kwargs' && carrier.through
            ? `${site.call}(**${carrier.through}) with ${param}=${match.text}`
            : carrier.via === 'dict'
              ? `${site.call}(${carrier.through}=...) with ${param}=${match.text}`
              : `${site.call}(${param}=${match.text})`;
        this.add(setting, carrier.report, `${prefix}${passed}`, u, match.protocol);
        break;
      }
    }
  }

  /** The arguments that can carry `param` at this call: the argument itself, `**kwargs` dictionaries, or a dictionary parameter. */
  private carriers(call: CallInfo, site: CallSite, param: string): Carrier[] {
    const out: Carrier[] = [];
    if (site.inDict) {
      const dict = call.keywords.get(site.inDict);
      if (!dict) return out;
      for (const entry of this.dictEntries(dict)) {
        if (entry.key === param) out.push({ value: entry.value, report: entry.inline ? entry.value : dict, via: 'dict', through: site.inDict });
      }
      return out;
    }
    const keyword = call.keywords.get(param);
    if (keyword) out.push({ value: keyword, report: keyword, via: 'keyword' });
    else if (site.position !== undefined && site.position < call.positional.length) {
      const value = call.positional[site.position];
      if (value.type !== 'list_splat') out.push({ value, report: value, via: 'position' });
    }
    if (call.hasStarArgs) {
      for (const arg of call.node.childForFieldName('arguments')?.namedChildren ?? []) {
        if (arg?.type !== 'dictionary_splat') continue;
        const inner = arg.namedChild(0);
        if (!inner) continue;
        for (const entry of this.dictEntries(inner)) {
          if (entry.key !== param) continue;
          const literal = unwrap(inner)?.type === 'dictionary';
          out.push({ value: entry.value, report: entry.inline ? entry.value : arg, via: literal ? 'literal-splat' : 'kwargs', through: literal ? undefined : inner.text });
        }
      }
    }
    return out;
  }

  /**
   * The string-keyed entries of a dictionary expression: a literal, `dict(a=1)`, or a local name bound to
   * one, together with `d["a"] = 1`, `d.update(a=1)` and `d.setdefault("a", 1)` on that name in the same scope.
   */
  private dictEntries(expr: SyntaxNode, depth = 0): { key: string; value: SyntaxNode; inline: boolean }[] {
    const node = unwrap(expr);
    if (!node || depth > 4) return [];
    const out: { key: string; value: SyntaxNode; inline: boolean }[] = [];
    if (node.type === 'dictionary') {
      for (const child of node.namedChildren) {
        if (child?.type === 'pair') {
          const key = stringValue(child.childForFieldName('key'));
          const value = child.childForFieldName('value');
          if (key !== undefined && value) out.push({ key, value, inline: true });
        } else if (child?.type === 'dictionary_splat' && child.namedChild(0)) {
          out.push(...this.dictEntries(child.namedChild(0)!, depth + 1).map((e) => ({ ...e, inline: false })));
        }
      }
      return out;
    }
    if (node.type === 'call' && this.isBuiltinDict(node)) {
      const info = callInfoOf(this.model, node);
      if (info) {
        if (info.positional[0]) out.push(...this.dictEntries(info.positional[0], depth + 1));
        for (const [key, value] of info.keywords) out.push({ key, value, inline: true });
      }
      return out;
    }
    if (node.type !== 'identifier' || this.model.qualify(node)) return out;
    for (const def of this.model.definitionsOf(node)) {
      if (def.kind === 'value') out.push(...this.dictEntries(def.value, depth + 1).map((e) => ({ ...e, inline: false })));
    }
    const key = this.model.objectKey(node);
    if (!key) return out;
    for (const w of this.subscriptWritesOf(key)) out.push({ key: w.key, value: w.value, inline: false });
    for (const call of this.model.objectFacts(key).methodCalls) {
      if (call.method === 'update') {
        if (call.positional[0]) out.push(...this.dictEntries(call.positional[0], depth + 1).map((e) => ({ ...e, inline: false })));
        for (const [k, value] of call.keywords) out.push({ key: k, value, inline: false });
      } else if (call.method === 'setdefault' && call.positional.length >= 2) {
        const k = stringValue(call.positional[0]);
        if (k !== undefined) out.push({ key: k, value: call.positional[1], inline: false });
      }
    }
    return out;
  }

  private isBuiltinDict(call: SyntaxNode): boolean {
    const fn = call.childForFieldName('function');
    return fn?.type === 'identifier' && fn.text === 'dict' && this.model.definitionsOf(fn).length === 0 && !this.model.qualify(fn);
  }

  /** `d["key"] = value` assignments, by the object key of `d`. */
  private subscriptWritesOf(objectKey: string): { key: string; value: SyntaxNode }[] {
    if (!this.subscriptWrites) {
      const index = new Map<string, { key: string; value: SyntaxNode }[]>();
      walk(this.model.root, (node) => {
        if (node.type !== 'assignment') return;
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left?.type !== 'subscript' || !right) return;
        const key = stringValue(left.childForFieldName('subscript'));
        const objKey = this.model.objectKey(left.childForFieldName('value'));
        if (key === undefined || !objKey) return;
        const list = index.get(objKey) ?? [];
        list.push({ key, value: right });
        index.set(objKey, list);
      });
      this.subscriptWrites = index;
    }
    return this.subscriptWrites.get(objectKey) ?? [];
  }

  /**
   * Whether a value is unsafe in the way `u` describes. A local name counts when every value bound to it
   * is unsafe (`verify = False` once, never reassigned); parameters and imports are never followed.
   */
  private matchValue(u: UnsafeValue, value: SyntaxNode): { node: SyntaxNode; text: string; protocol?: string } | undefined {
    const candidates = this.resolve(value);
    if (candidates.length === 0) return undefined;
    let first: { node: SyntaxNode; text: string; protocol?: string } | undefined;
    for (const node of candidates) {
      const protocol = this.matchOne(u, node);
      if (protocol === false) return undefined;
      first ??= { node, text: shortText(node), protocol: protocol === true ? undefined : protocol };
    }
    return first;
  }

  /** False when the node does not match; true, or the protocol key for protocol matches, when it does. */
  private matchOne(u: UnsafeValue, node: SyntaxNode): boolean | string {
    switch (u.match) {
      case 'false':
        return isFalsy(node);
      case 'none':
        return node.type === 'none';
      case 'names': {
        const q = this.model.qualify(node);
        return !!q && u.names.includes(canonicalName(q));
      }
      case 'strings': {
        const s = stringValue(node);
        return s !== undefined && u.strings.includes(s);
      }
      case 'protocol': {
        let key: string | undefined;
        const s = stringValue(node);
        if (s !== undefined) key = u.protocolStrings[s];
        const q = this.model.qualify(node);
        if (q) {
          const name = canonicalName(q);
          key = u.protocolNames[name];
          if (!key && u.standardConstants) {
            const info = protocolFacts.name(name);
            if (info?.protocol && (info.kind === 'pinned' || info.kind === 'version')) key = info.protocol;
          }
        }
        return key && protocolFacts.protocol(key).insecure ? key : false;
      }
      case 'always-true-callback':
        return this.isAlwaysTrue(node);
      case 'missing':
      case 'any':
        return false;
    }
  }

  /** The expressions a value stands for: itself, or the values bound to a local name. */
  private resolve(value: SyntaxNode, depth = 0): SyntaxNode[] {
    const node = unwrap(value);
    if (!node) return [];
    if (node.type !== 'identifier' || this.model.qualify(node) || depth > 3) return [node];
    const defs = this.model.definitionsOf(node);
    if (defs.length === 0) return [node];
    if (defs.some((d) => d.kind !== 'value')) return defs.every((d) => d.kind === 'other') ? [node] : [];
    return defs.flatMap((d) => (d.kind === 'value' ? this.resolve(d.value, depth + 1) : []));
  }

  /** A lambda or a function of this module that returns a true literal on every path and never raises. */
  private isAlwaysTrue(node: SyntaxNode): boolean {
    if (node.type === 'lambda') return isTrue(node.childForFieldName('body') ?? undefined);
    let defs: SyntaxNode[] = [];
    if (node.type === 'identifier') {
      defs = this.functionsNamed(node.text);
    } else if (node.type === 'attribute') {
      const obj = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute')?.text;
      const cls = obj?.type === 'identifier' && this.model.isSelf(obj) ? enclosingClass(obj) : undefined;
      if (cls && attr) defs = this.functionsNamed(attr).filter((fn) => enclosingClassOfDef(fn)?.id === cls.id);
    }
    return defs.length > 0 && defs.every(functionAlwaysReturnsTrue);
  }

  private functionsNamed(name: string): SyntaxNode[] {
    if (!this.functionsByName) {
      const index = new Map<string, SyntaxNode[]>();
      walk(this.model.root, (n) => {
        if (n.type !== 'function_definition') return;
        const fnName = n.childForFieldName('name')?.text;
        if (fnName) index.set(fnName, [...(index.get(fnName) ?? []), n]);
      });
      this.functionsByName = index;
    }
    return this.functionsByName.get(name) ?? [];
  }

  private unlessHolds(call: CallInfo, unless: NonNullable<UnsafeValue['unless']>): boolean {
    const arg = argument(call, unless.parameter, unless.position);
    const q = arg ? this.model.qualify(unwrap(arg)) : undefined;
    return !!q && unless.names.includes(canonicalName(q));
  }

  /**
   * SSL101 reports every insecure ssl / pyOpenSSL protocol constant wherever it is written, and SSL201
   * reports `cert_reqs=ssl.CERT_NONE` on any call; a library finding on the same value would say it twice.
   */
  private reportedByCoreRule(code: LibraryRuleCode, keyword: string | undefined, argumentNode: SyntaxNode | undefined, valueNode: SyntaxNode): boolean {
    if (code === 'SSL101') {
      const q = this.model.qualify(valueNode);
      const info = q ? protocolFacts.name(q) : undefined;
      return !!info?.protocol && (info.kind === 'pinned' || info.kind === 'version') && protocolFacts.protocol(info.protocol).insecure;
    }
    if (code === 'SSL201' && keyword === 'cert_reqs' && argumentNode) {
      const q = this.model.qualify(argumentNode);
      return q === 'ssl.CERT_NONE' || q === 'ssl.VerifyMode.CERT_NONE';
    }
    return false;
  }

  /** Where the object a call makes is used for a client connection, as "name()"; undefined when it is not seen. */
  private clientUseOf(creation: CallInfo, library: LibraryInfo): string | undefined {
    for (const use of library.clientUses) {
      for (const call of this.callsTo(use)) {
        const arg = argument(call, use.parameter, use.position);
        if (arg && this.flowsFrom(arg, creation.node)) return `${use.call ?? call.function.text}()`;
      }
    }
    return undefined;
  }

  /** The calls of the module that a client use names, by canonical callee or by method name, in document order. */
  private callsTo(use: ClientUse): readonly CallInfo[] {
    if (!this.callIndex) {
      const index = { byCallee: new Map<string, CallInfo[]>(), byMethod: new Map<string, CallInfo[]>() };
      const add = (map: Map<string, CallInfo[]>, key: string, call: CallInfo) => {
        const list = map.get(key);
        if (list) list.push(call);
        else map.set(key, [call]);
      };
      for (const call of this.model.calls) {
        const callee = call.callee;
        if (callee !== undefined) add(index.byCallee, canonicalName(callee), call);
        if (call.method) add(index.byMethod, call.method, call);
      }
      this.callIndex = index;
    }
    const calls = use.call ? this.callIndex.byCallee.get(use.call) : use.method ? this.callIndex.byMethod.get(use.method) : undefined;
    return calls ?? [];
  }

  private flowsFrom(arg: SyntaxNode, creation: SyntaxNode): boolean {
    const node = unwrap(arg);
    if (!node) return false;
    if (node.id === creation.id) return true;
    if (node.type !== 'identifier' && node.type !== 'attribute') return false;
    return this.model.valuesOf(node).some((v) => unwrap(v)?.id === creation.id);
  }

  private checkSubclasses(): void {
    // A base class can only resolve to a library's class through an import, so most modules have
    // nothing to look at; the others have their class definitions found in one call into tree-sitter.
    const model = this.model;
    const modules = [...model.imports.map((i) => i.name), ...model.starImports];
    if (!libraryFacts.maySubclass(modules) && !DYNAMIC_IMPORT.test(model.text)) return;
    for (const node of model.root.descendantsOfType('class_definition')) {
      if (!node) continue;
      for (const base of node.childForFieldName('superclasses')?.namedChildren ?? []) {
        if (!base || (base.type !== 'identifier' && base.type !== 'attribute')) continue;
        const q = this.model.qualify(base);
        if (!q) continue;
        const name = canonicalName(q);
        for (const { setting, site } of libraryFacts.subclassSites()) {
          if (site.call !== name) continue;
          if (classCallsAny(node, site.subclass!.unlessCalls)) continue;
          const u = setting.unsafe.find((x) => x.match === 'any');
          const className = node.childForFieldName('name')?.text ?? 'this class';
          if (u) this.add(setting, base, `${className}, a subclass of ${site.call},`, u);
        }
      }
    }
  }

  private add(setting: LibrarySetting, node: SyntaxNode, prefix: string, u: UnsafeValue, protocol?: string): void {
    let message = `${prefix} ${meaningOf(u, protocol)}`;
    const superseded = libraryFacts.supersededBy(setting);
    if (superseded) {
      const subject = setting.parameter ?? setting.calls[0].call;
      message += `; ${subject} is deprecated since ${setting.library.name} ${superseded.version}, use ${superseded.replacement} instead`;
    }
    this.findings.push({ code: setting.rule, node, message: `${message}.` });
  }
}

// ---- shared helpers -------------------------------------------------------------------------

/** Text that may bind a module without an import statement (`x = __import__("twisted")`), as the model reads it. */
const DYNAMIC_IMPORT = /__import__|import_module/;

function sitesOf(call: CallInfo): readonly { setting: LibrarySetting; site: CallSite }[] {
  const callee = call.callee;
  return callee ? libraryFacts.sitesForCall(callee) : [];
}

function attributeSettings(model: ModuleModel, object: SyntaxNode, attribute: string): readonly LibrarySetting[] {
  const type = model.typeOf(object);
  return type ? libraryFacts.settingsForAttribute(`${type}.${attribute}`) : [];
}

function callInfoOf(model: ModuleModel, node: SyntaxNode): CallInfo | undefined {
  return model.calls.find((c) => c.node.id === node.id);
}

function meaningOf(u: UnsafeValue, protocol?: string): string {
  if (u.meaning) return u.meaning;
  if (u.match === 'protocol' && protocol) {
    const p = protocolFacts.protocol(protocol);
    const verb = u.effect === 'caps' ? 'caps the protocol at' : u.effect === 'admits' ? 'admits' : 'selects';
    return `${verb} ${p.label}; ${p.reason}`;
  }
  return 'weakens TLS';
}

/** The text of a plain string literal (no interpolation), or undefined. */
function stringValue(node: SyntaxNode | null | undefined): string | undefined {
  const n = unwrap(node);
  if (n?.type !== 'string') return undefined;
  if (n.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  const start = n.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '';
  if (/[bfBF]/.test(start)) return undefined;
  return n.namedChildren
    .filter((c) => c?.type === 'string_content')
    .map((c) => c!.text)
    .join('');
}

function shortText(node: SyntaxNode): string {
  const text = node.text.replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function functionAlwaysReturnsTrue(fn: SyntaxNode): boolean {
  const body = fn.childForFieldName('body');
  const statements = body?.namedChildren.filter((s): s is SyntaxNode => !!s && s.type !== 'comment') ?? [];
  const last = statements[statements.length - 1];
  if (last?.type !== 'return_statement' || !isTrue(last.namedChild(0) ?? undefined)) return false;
  let ok = true;
  const visit = (node: SyntaxNode) => {
    for (const child of node.namedChildren) {
      if (!child || !ok) continue;
      if (child.type === 'function_definition' || child.type === 'lambda' || child.type === 'class_definition') continue;
      if (child.type === 'raise_statement') ok = false;
      else if (child.type === 'return_statement' && !isTrue(child.namedChild(0) ?? undefined)) ok = false;
      else visit(child);
    }
  };
  if (body) visit(body);
  return ok;
}

function enclosingClassOfDef(fn: SyntaxNode): SyntaxNode | undefined {
  let p = fn.parent;
  if (p?.type === 'decorated_definition') p = p.parent;
  if (p?.type === 'block') p = p.parent;
  return p?.type === 'class_definition' ? p : undefined;
}

/** Does the class body call a method with one of these names (`ctx.set_verify(...)`)? */
function classCallsAny(cls: SyntaxNode, methods: readonly string[]): boolean {
  if (methods.length === 0) return false;
  let found = false;
  walk(cls, (n) => {
    if (found || n.type !== 'call') return;
    const fn = n.childForFieldName('function');
    if (fn?.type === 'attribute' && methods.includes(fn.childForFieldName('attribute')?.text ?? '')) found = true;
  });
  return found;
}

// ---- hover ----------------------------------------------------------------------------------

const RULE_NAMES: Record<LibraryRuleCode, string> = {
  SSL101: 'insecure-protocol',
  SSL201: 'certificate-verification-disabled',
  SSL202: 'hostname-check-disabled',
};

function hoverText(hits: readonly { setting: LibrarySetting; site: CallSite | undefined }[], call: CallInfo | undefined): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const { setting, site } of hits) {
    if (seen.has(setting.id)) continue;
    seen.add(setting.id);
    parts.push(settingHover(setting, site, call));
  }
  return parts.join('\n\n---\n\n');
}

function settingHover(setting: LibrarySetting, site: CallSite | undefined, call: CallInfo | undefined): string {
  const param = site?.parameter ?? setting.parameter;
  const where = site ? `\`${site.call}\`` : setting.attributes.map((a) => `\`${a}\``).join(', ');
  const title = param ? `**${setting.library.name}** · \`${param}\` of ${where}` : `**${setting.library.name}** · ${where}`;
  const lines = [title, '', setting.summary, ''];
  if (site?.inDict) lines.push(`Given as a key of the \`${site.inDict}\` dictionary.`, '');
  if (setting.clientOnly) lines.push('Reported only where the object is used for a client connection.', '');
  lines.push('**Unsafe:**');
  for (const u of setting.unsafe) lines.push(`- ${describeUnsafe(u, param)} (${setting.rule} ${RULE_NAMES[setting.rule]})`);
  if (setting.versions.length) {
    lines.push('', '**Versions:**');
    for (const v of setting.versions) {
      const unreleased = v.released ? '' : ' (unreleased)';
      lines.push(`- ${setting.library.name} ${v.version}${unreleased}, ${v.change}: ${v.text}`);
    }
  }
  if (call && param && site && !site.inDict) {
    const arg = argument(call, param, site.position);
    if (arg) lines.push('', `Here: \`${param}=${shortText(arg)}\`.`);
  }
  lines.push('', `[${setting.library.name} documentation](${setting.docs})`);
  return lines.join('\n');
}

function describeUnsafe(u: UnsafeValue, param: string | null): string {
  const meaning = u.meaning ?? undefined;
  switch (u.match) {
    case 'false':
      return `\`${param}=False\`: ${meaning}`;
    case 'none':
      return `\`${param}=None\`: ${meaning}`;
    case 'missing':
      return `\`${param}\` left out: ${meaning}`;
    case 'any':
      return `using it at all: ${meaning}`;
    case 'names':
      return `${u.names.map((n) => `\`${n}\``).join(', ')}: ${meaning}`;
    case 'strings':
      return `${u.strings.map((s) => `\`"${s}"\``).join(', ')}: ${meaning}`;
    case 'always-true-callback':
      return `a callback that always returns \`True\`: ${meaning}`;
    case 'protocol': {
      const values = [...Object.entries(u.protocolStrings).map(([s, k]) => [`"${s}"`, k]), ...Object.entries(u.protocolNames)]
        .filter(([, k]) => protocolFacts.protocol(k).insecure)
        .map(([v, k]) => `\`${v}\` (${protocolFacts.protocol(k).label})`);
      if (u.standardConstants) values.push('insecure `ssl` / pyOpenSSL protocol constants (SSL101 reports those where they are written)');
      const verb = u.effect === 'caps' ? 'caps the protocol at an insecure version' : u.effect === 'admits' ? 'admits an insecure version' : 'selects an insecure version';
      return `${values.join(', ')}: ${u.meaning ?? verb}`;
    }
  }
}
