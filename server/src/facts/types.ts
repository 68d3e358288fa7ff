import types from '../../../data/types.json';
import { memoByName } from './memo';

interface ClassEntry {
  bases: string[];
}
interface ReturnEntry {
  type: string;
  attribute?: boolean;
}

const classes = types.classes as Record<string, ClassEntry>;
const returns = types.returns as Record<string, ReturnEntry>;
const reexports = types.reexports as Record<string, { target: string }>;
const starPrefixes = types.star_import_prefixes as Record<string, string[]>;
const extraMembers = new Map<string, Set<string>>();

/** Facts the resolver uses to infer types: classes, return types, re-exports. */
export const typeFacts = {
  isClass(name: string): boolean {
    return name in classes;
  },

  /** What calling `name` returns: the class itself for a constructor, or the declared return type. */
  returnType(name: string): string | undefined {
    if (name in classes) return name;
    for (const candidate of typeFacts.lookupChain(name)) {
      const r = returns[candidate];
      if (r && !r.attribute) return r.type;
    }
    return undefined;
  },

  /** The type of an instance attribute such as `ssl.SSLSocket.context`. */
  attributeType(name: string): string | undefined {
    for (const candidate of typeFacts.lookupChain(name)) {
      const r = returns[candidate];
      if (r?.attribute) return r.type;
    }
    return undefined;
  },

  /**
   * For "Type.member", the same member looked up on the type and then on each base class in order,
   * so that "smtplib.SMTP_SSL.starttls" also answers to "smtplib.SMTP.starttls".
   */
  lookupChain(name: string): readonly string[] {
    const dot = name.lastIndexOf('.');
    if (dot < 0 || !(name.slice(0, dot) in classes)) return [name];
    return classMemberChain(name);
  },

  /** Does a resolved callee name the given qualified function or method, directly or through inheritance? */
  isCallTo(callee: string | undefined, qualified: string): boolean {
    return callee !== undefined && typeFacts.lookupChain(callee).includes(qualified);
  },

  /** Rewrites re-exported names to the module that defines them ("twisted.internet.ssl.SSL.Context" -> "OpenSSL.SSL.Context"). */
  canonical(name: string): string {
    return canonicalOf(name);
  },

  /**
   * The top-level packages whose names can become names in one of `packages` (those included) by
   * following re-exports: `twisted` leads to `OpenSSL` through "twisted.internet.ssl.SSL".
   */
  packagesLeadingTo(packages: Iterable<string>): Set<string> {
    const out = new Set(packages);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [from, { target }] of Object.entries(reexports)) {
        if (out.has(topLevelPackage(target)) && !out.has(topLevelPackage(from))) {
          out.add(topLevelPackage(from));
          grew = true;
        }
      }
    }
    return out;
  },

  /** Would `from mod import *` bind `name`? */
  isModuleMember(mod: string, name: string): boolean {
    if (extraMembers.get(mod)?.has(name)) return true;
    if (name.startsWith('_')) return false;
    return (starPrefixes[mod] ?? []).some((p) => name === p || (p.endsWith('_') && name.startsWith(p)));
  },

  /** Lets the API knowledge base add the module's full list of public names. */
  registerModuleMembers(mod: string, names: Iterable<string>): void {
    const set = extraMembers.get(mod) ?? new Set<string>();
    for (const n of names) set.add(n);
    extraMembers.set(mod, set);
  },
};

// ---- helpers ----------------------------------------------------------------------------------

/**
 * The re-exports in the order of the data, each with its position: where several re-exported names
 * are prefixes of one name, the first in the data wins.
 */
const reexportIndex = new Map<string, { target: string; order: number }>(Object.entries(reexports).map(([from, { target }], order) => [from, { target, order }]));
const longestReexport = Math.max(0, ...[...reexportIndex.keys()].map((from) => from.length));

/** Chains through the class hierarchy, remembered: `returnType` asks for one on every call of a module. */
const classMemberChain = memoByName((name): readonly string[] => {
  const dot = name.lastIndexOf('.');
  const owner = name.slice(0, dot);
  const member = name.slice(dot + 1);
  const out: string[] = [];
  const queue = [owner];
  const seen = new Set<string>();
  while (queue.length) {
    const c = queue.shift()!;
    if (seen.has(c)) continue;
    seen.add(c);
    out.push(`${c}.${member}`);
    queue.push(...(classes[c]?.bases ?? []));
  }
  return out;
});

/**
 * The name itself and each of its dotted prefixes can be a re-export; the earliest in the data applies.
 * Only prefixes as long as the longest re-exported name are looked up, so a chain thousands of links
 * long costs no more than a short one.
 */
function canonicalOf(name: string): string {
  let best: { target: string; order: number } | undefined;
  let bestLength = 0;
  for (let dot = name.indexOf('.'); ; dot = name.indexOf('.', dot + 1)) {
    const end = dot < 0 ? name.length : dot;
    if (end > longestReexport) break;
    const hit = reexportIndex.get(end === name.length ? name : name.slice(0, end));
    if (hit && (!best || hit.order < best.order)) {
      best = hit;
      bestLength = end;
    }
    if (dot < 0) break;
  }
  return best ? best.target + name.slice(bestLength) : name;
}

/** "twisted" for "twisted.internet.ssl". */
export function topLevelPackage(dotted: string): string {
  const dot = dotted.indexOf('.');
  return dot < 0 ? dotted : dotted.slice(0, dot);
}
