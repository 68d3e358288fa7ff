import data from '../../../data/libraries.json';
import { memoByName } from './memo';
import { topLevelPackage, typeFacts } from './types';

/** The rule codes a third-party library setting can map to. */
export type LibraryRuleCode = 'SSL101' | 'SSL201' | 'SSL202';

export type MatchKind = 'false' | 'none' | 'missing' | 'any' | 'names' | 'strings' | 'protocol' | 'always-true-callback';

/** One kind of unsafe value for a setting, as data/libraries.json describes it. */
export interface UnsafeValue {
  match: MatchKind;
  /** For `names`: the unsafe qualified names. */
  names: readonly string[];
  /** For `strings`: the unsafe string values. */
  strings: readonly string[];
  /** For `protocol`: qualified names and string values mapped to protocol keys of data/protocols.json. */
  protocolNames: Readonly<Record<string, string>>;
  protocolStrings: Readonly<Record<string, string>>;
  /** For `protocol`: also the ssl and pyOpenSSL constants of data/protocols.json. */
  standardConstants: boolean;
  effect?: 'selects' | 'admits' | 'caps';
  unless?: { parameter: string; position?: number; names: readonly string[] };
  meaning?: string;
  sources: readonly string[];
}

export interface VersionEvent {
  version: string;
  change: 'added' | 'changed' | 'deprecated' | 'removed';
  text: string;
  replacement?: string;
  released: boolean;
  sources: readonly string[];
}

/** One call that takes a setting. */
export interface CallSite {
  call: string;
  /** The parameter's name on this call, or null when the call itself is the setting. */
  parameter: string | null;
  position?: number;
  inDict?: string;
  subclass?: { unlessCalls: readonly string[] };
}

export interface ClientUse {
  call?: string;
  method?: string;
  parameter: string;
  position: number;
}

export interface LibraryInfo {
  id: string;
  name: string;
  docs: string;
  clientUses: readonly ClientUse[];
  settings: readonly LibrarySetting[];
}

export interface LibrarySetting {
  id: string;
  library: LibraryInfo;
  rule: LibraryRuleCode;
  parameter: string | null;
  summary: string;
  calls: readonly CallSite[];
  attributes: readonly string[];
  clientOnly: boolean;
  safeWith: readonly string[];
  onlyWith: readonly string[];
  unsafe: readonly UnsafeValue[];
  versions: readonly VersionEvent[];
  docs: string;
  sources: readonly string[];
}

/** Typed, indexed access to data/libraries.json. */
export const libraryFacts = {
  libraries(): readonly LibraryInfo[] {
    return LIBRARIES;
  },

  /** Every setting a call to `callee` can carry, with the call site that names it. */
  sitesForCall(callee: string): readonly { setting: LibrarySetting; site: CallSite }[] {
    return sitesForCall(callee);
  },

  /** Every setting an assignment to the attribute `Type.attribute` carries. */
  settingsForAttribute(qualified: string): readonly LibrarySetting[] {
    return settingsForAttribute(qualified);
  },

  /** Call sites where subclassing the class counts as using it. */
  subclassSites(): readonly { setting: LibrarySetting; site: CallSite }[] {
    return SUBCLASS_SITES;
  },

  /**
   * Could a module that imports these modules (dotted names, as written) name a class of
   * `subclassSites()`? A qualified name starts with the module of an import, and re-exports are the
   * only way from one top-level package to another, so the top-level packages that lead to those
   * classes are known from the data.
   */
  maySubclass(modules: Iterable<string>): boolean {
    for (const module of modules) if (SUBCLASS_PACKAGES.has(topLevelPackage(module))) return true;
    return false;
  },

  /** The deprecation that supersedes the whole parameter (one with a replacement), if released. */
  supersededBy(setting: LibrarySetting): VersionEvent | undefined {
    return setting.versions.find((v) => v.change === 'deprecated' && v.released && v.replacement);
  },
};

/**
 * A resolved name with its re-exports followed to the end. The resolver applies one step, but a
 * package that re-exports another package's submodule (a vendoring alias) needs two.
 */
export const canonicalName = memoByName((name) => {
  let current = name;
  for (let i = 0; i < 8; i++) {
    const next = typeFacts.canonical(current);
    if (next === current) break;
    current = next;
  }
  return current;
});

/** The names a resolved callee or attribute can be filed under: as written, canonical, and on each base class. */
function candidates(name: string): string[] {
  const canonical = canonicalName(name);
  return [...new Set([name, canonical, ...typeFacts.lookupChain(canonical)])];
}

// Every call of a module asks for its settings, and every attribute write for its own.
const sitesForCall = memoByName((callee) => {
  const out: { setting: LibrarySetting; site: CallSite }[] = [];
  for (const name of candidates(callee)) out.push(...(BY_CALL.get(name) ?? []));
  return out;
});

const settingsForAttribute = memoByName((qualified) => {
  const out = new Set<LibrarySetting>();
  for (const name of candidates(qualified)) for (const s of BY_ATTRIBUTE.get(name) ?? []) out.add(s);
  return [...out];
});

// ---- loading -------------------------------------------------------------------------------

interface RawUnsafe {
  match: MatchKind;
  names?: string[] | Record<string, string>;
  strings?: string[] | Record<string, string>;
  standard_constants?: boolean;
  effect?: 'selects' | 'admits' | 'caps';
  unless?: { parameter: string; position?: number; names: string[] };
  meaning?: string;
  sources: string[];
}

interface RawSetting {
  id: string;
  rule: LibraryRuleCode;
  parameter: string | null;
  summary: string;
  calls: { call: string; parameter?: string; position?: number; in_dict?: string; subclass?: { unless_calls: string[] } }[];
  attributes?: string[];
  client_only?: boolean;
  safe_with?: string[];
  only_with?: string[];
  unsafe: RawUnsafe[];
  versions: { version: string; change: VersionEvent['change']; text: string; replacement?: string; released?: boolean; sources: string[] }[];
  docs: string;
  sources: string[];
}

interface RawLibrary {
  id: string;
  name: string;
  docs: string;
  client_uses?: { call?: string; method?: string; parameter: string; position: number }[];
  settings: RawSetting[];
}

const LIBRARIES: LibraryInfo[] = (data.libraries as unknown as RawLibrary[]).map(loadLibrary);
const BY_CALL = new Map<string, { setting: LibrarySetting; site: CallSite }[]>();
const BY_ATTRIBUTE = new Map<string, LibrarySetting[]>();
const SUBCLASS_SITES: { setting: LibrarySetting; site: CallSite }[] = [];

for (const library of LIBRARIES) {
  for (const setting of library.settings) {
    for (const site of setting.calls) {
      const list = BY_CALL.get(site.call) ?? [];
      list.push({ setting, site });
      BY_CALL.set(site.call, list);
      if (site.subclass) SUBCLASS_SITES.push({ setting, site });
    }
    for (const attribute of setting.attributes) {
      const list = BY_ATTRIBUTE.get(attribute) ?? [];
      list.push(setting);
      BY_ATTRIBUTE.set(attribute, list);
    }
  }
}

/** The top-level packages through which a module can name a class of SUBCLASS_SITES. */
const SUBCLASS_PACKAGES = typeFacts.packagesLeadingTo(SUBCLASS_SITES.map(({ site }) => topLevelPackage(site.call)));

function loadLibrary(raw: RawLibrary): LibraryInfo {
  const library: LibraryInfo = {
    id: raw.id,
    name: raw.name,
    docs: raw.docs,
    clientUses: (raw.client_uses ?? []).map((u) => ({ call: u.call, method: u.method, parameter: u.parameter, position: u.position })),
    settings: [],
  };
  library.settings = raw.settings.map((s) => loadSetting(s, library));
  return library;
}

function loadSetting(raw: RawSetting, library: LibraryInfo): LibrarySetting {
  return {
    id: raw.id,
    library,
    rule: raw.rule,
    parameter: raw.parameter,
    summary: raw.summary,
    calls: raw.calls.map((c) => ({
      call: c.call,
      parameter: c.parameter ?? raw.parameter,
      position: c.position,
      inDict: c.in_dict,
      subclass: c.subclass ? { unlessCalls: c.subclass.unless_calls } : undefined,
    })),
    attributes: raw.attributes ?? [],
    clientOnly: raw.client_only ?? false,
    safeWith: raw.safe_with ?? [],
    onlyWith: raw.only_with ?? [],
    unsafe: raw.unsafe.map(loadUnsafe),
    versions: raw.versions.map((v) => ({ ...v, released: v.released ?? true })),
    docs: raw.docs,
    sources: raw.sources,
  };
}

function loadUnsafe(raw: RawUnsafe): UnsafeValue {
  const list = (v: string[] | Record<string, string> | undefined) => (Array.isArray(v) ? v : []);
  const map = (v: string[] | Record<string, string> | undefined) => (v && !Array.isArray(v) ? v : {});
  return {
    match: raw.match,
    names: list(raw.names),
    strings: list(raw.strings),
    protocolNames: map(raw.names),
    protocolStrings: map(raw.strings),
    standardConstants: raw.standard_constants ?? false,
    effect: raw.effect,
    unless: raw.unless,
    meaning: raw.meaning,
    sources: raw.sources,
  };
}
