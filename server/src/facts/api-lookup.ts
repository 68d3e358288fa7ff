import api from '../../../data/ssl-api.json';
import { compareVersions, versionFromData } from './versions';
import type { PyVersion, Target } from '../types';
import { typeFacts } from './types';
import { allPyopensslEntries } from './pyopenssl-api';

/** One entry of data/ssl-api.json. */
export interface ApiEntry {
  name: string;
  kind: string;
  summary: string;
  signature: string | null;
  added: { py2: string | null; py3: string | null };
  deprecated: string | null;
  removed: string | null;
  platform: string | null;
  openssl: string | null;
  replacement: string | null;
  security: string | null;
  docs: string;
  sources: string[];
  observed?: { py2?: string | null; py3?: string | null };
  notes?: string;
}

const entries = (api as unknown as { entries: ApiEntry[] }).entries;
const byName = new Map<string, ApiEntry>(entries.map((e) => [e.name, e]));

typeFacts.registerModuleMembers(
  'ssl',
  entries.filter((e) => /^ssl\.[A-Za-z][A-Za-z0-9_]*$/.test(e.name)).map((e) => e.name.slice(4)),
);

// `from OpenSSL.SSL import *` binds pyOpenSSL's public names that are still released.
typeFacts.registerModuleMembers(
  'OpenSSL.SSL',
  allPyopensslEntries()
    .filter((e) => /^OpenSSL\.SSL\.[A-Za-z][A-Za-z0-9_]*$/.test(e.name) && !e.removed)
    .map((e) => e.name.slice('OpenSSL.SSL.'.length)),
);

export function apiEntry(name: string): ApiEntry | undefined {
  return byName.get(name);
}

export function allApiEntries(): readonly ApiEntry[] {
  return entries;
}

/**
 * The release that added an entry on a major line. `added` already holds the real first release,
 * backports included (checked against interpreters); `observed` only records the earliest installed
 * interpreter seen with the name, so it is a fallback where `added` is unknown.
 */
export function addedOnLine(entry: ApiEntry, major: number): PyVersion | undefined {
  const key = major === 2 ? 'py2' : 'py3';
  const text = entry.added[key] ?? entry.observed?.[key];
  return text ? versionFromData(text) : undefined;
}

/** Is the entry present in release `v`? */
export function presentIn(entry: ApiEntry, v: PyVersion): boolean {
  const added = addedOnLine(entry, v.major);
  if (!added || compareVersions(v, added) < 0) return false;
  if (entry.removed) {
    const removed = versionFromData(entry.removed);
    if (removed.major === v.major && compareVersions(v, removed) >= 0) return false;
    if (removed.major < v.major) return false;
  }
  return true;
}

/** Is the named API present in every targeted release? Unknown names count as available. */
export function apiAvailable(name: string, target: Target): boolean {
  const known = forTarget(availableCache, target);
  let available = known.get(name);
  if (available === undefined) {
    const entry = byName.get(name);
    available = !entry || target.versions.every((v) => presentIn(entry, v));
    known.set(name, available);
  }
  return available;
}

/** Fixes ask for the same few names at every finding; the answers are remembered per target. */
const availableCache = new WeakMap<Target, Map<string, boolean>>();

/**
 * The targeted releases, in the target's order, that come before the entry was added on their line
 * (or whose line never had it): the releases SSL501 is about, before guards narrow them. Remembered
 * per target and entry, since a module uses the same few entries many times.
 */
export function releasesBeforeAdded(entry: ApiEntry, target: Target): readonly PyVersion[] {
  const byEntry = forTarget(beforeAddedCache, target);
  let releases = byEntry.get(entry);
  if (!releases) {
    releases = target.versions.filter((v) => {
      if (presentIn(entry, v)) return false;
      // Versions after a removal belong to SSL502.
      const added = addedOnLine(entry, v.major);
      return !added || compareVersions(v, added) < 0;
    });
    byEntry.set(entry, releases);
  }
  return releases;
}

const beforeAddedCache = new WeakMap<Target, Map<ApiEntry, readonly PyVersion[]>>();

/** The answers remembered for one target (a target's releases never change once it is made). */
function forTarget<K, V>(caches: WeakMap<Target, Map<K, V>>, target: Target): Map<K, V> {
  let cache = caches.get(target);
  if (!cache) {
    cache = new Map();
    caches.set(target, cache);
  }
  return cache;
}
