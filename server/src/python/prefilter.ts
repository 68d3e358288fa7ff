import { importedNames } from './imports';
import { allApiEntries } from '../facts/api-lookup';
import { CLIENTS } from '../facts/clients';
import { libraryFacts } from '../facts/libraries';
import { typeFacts } from '../facts/types';
import protocols from '../../../data/protocols.json';
import options from '../../../data/options.json';
import types from '../../../data/types.json';

/**
 * Can this module have a finding at all? Answers false only when it cannot: names resolve only
 * through imports (the resolver never guesses from spelling), so a module that imports nothing the
 * facts know about can only be reported for the patterns that need no resolved name: `check_hostname`
 * turned off on an object of unknown type, and a cipher string.
 *
 * An import of a package whose known names lie deeper (`import asyncio` for
 * `asyncio.loop.create_connection`) counts only when the last part of one of those names is written
 * somewhere in the text, since the code must spell it to reach it (through a receiver of known type
 * or an attribute chain).
 */
export function mayHaveFindings(text: string): boolean {
  if (NO_IMPORT_NEEDED.test(text)) return true;
  const names = importedNames(text);
  if (names === undefined) return true;
  return names.some((name) => isRelevant(name, text) || isRelevant(typeFacts.canonical(name), text));
}

/**
 * The patterns that need no resolved name: `x.check_hostname = False` (or 0) on an object of unknown
 * type, and a cipher string given to `set_ciphers()`, `set_cipher_list()` or `ciphers=`, or assigned to
 * a `*_CIPHERS` name. Spaces, parentheses, comments and line continuations may come between the parts.
 */
const NO_IMPORT_NEEDED = new RegExp(
  [
    String.raw`check_hostname\s*(?:\\\r?\n\s*)*=(?!=)(?:\s|\(|\\|#[^\n]*)*(?:False|0)`,
    String.raw`\bset_cipher(?:s|_list)\b`,
    String.raw`\bciphers\s*(?:\\\r?\n\s*)*=(?!=)`,
    String.raw`CIPHERS\s*(?::[^=\n]*)?(?:\\\r?\n\s*)*=(?!=)`,
  ].join('|'),
);

function isRelevant(name: string, text: string): boolean {
  const { known, deeper } = relevance();
  for (let prefix = name; ; ) {
    if (known.has(prefix)) return true;
    const dot = prefix.lastIndexOf('.');
    if (dot < 0) break;
    prefix = prefix.slice(0, dot);
  }
  const lastParts = deeper.get(name);
  if (!lastParts) return false;
  let re = mentionCache.get(name);
  if (!re) {
    re = new RegExp(`\\b(?:${[...lastParts].join('|')})\\b`);
    mentionCache.set(name, re);
  }
  return re.test(text);
}

const mentionCache = new Map<string, RegExp>();

let computed: { known: Set<string>; deeper: Map<string, Set<string>> } | undefined;

/**
 * Every qualified name a rule can report on or through, from the facts: the ssl API history, the
 * standard-library clients, the third-party library settings, protocol and option constants; then,
 * until nothing changes, the names whose type, base class or re-export target is one of those.
 * `deeper` maps each proper prefix of a known name to the last parts of the names below it.
 */
function relevance(): { known: Set<string>; deeper: Map<string, Set<string>> } {
  if (computed) return computed;
  const known = new Set<string>();
  const add = (name: string | null | undefined) => {
    const bare = name?.split('(')[0];
    if (bare) known.add(bare);
  };
  for (const e of allApiEntries()) add(e.name);
  for (const c of CLIENTS) add(c.call);
  for (const lib of libraryFacts.libraries()) {
    for (const s of lib.settings) {
      for (const site of s.calls) add(site.call);
      for (const a of s.attributes) add(a);
    }
  }
  for (const table of [protocols.names, protocols.disabling_options, protocols.protocol_parameters, options.options]) {
    for (const name of Object.keys(table)) add(name);
  }
  const isKnown = (name: string) => {
    for (let p = name; ; ) {
      if (known.has(p)) return true;
      const dot = p.lastIndexOf('.');
      if (dot < 0) return false;
      p = p.slice(0, dot);
    }
  };
  const returns = types.returns as Record<string, { type: string }>;
  const classes = types.classes as Record<string, { bases: string[] }>;
  const reexports = types.reexports as Record<string, { target: string }>;
  for (let size = -1; size !== known.size; ) {
    size = known.size;
    for (const [name, r] of Object.entries(returns)) if (isKnown(r.type)) add(name);
    for (const [name, c] of Object.entries(classes)) if (c.bases.some(isKnown)) add(name);
    for (const [name, r] of Object.entries(reexports)) if (isKnown(r.target)) add(name);
  }
  const deeper = new Map<string, Set<string>>();
  for (const name of known) {
    const parts = name.split('.');
    const last = parts[parts.length - 1];
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      let set = deeper.get(prefix);
      if (!set) deeper.set(prefix, (set = new Set()));
      set.add(last);
    }
  }
  computed = { known, deeper };
  return computed;
}
