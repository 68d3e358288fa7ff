import { filter, validRange } from '@renovatebot/pep440';
import pythonVersions from '../../../data/python-versions.json';
import { memoByName } from './memo';
import type { PyVersion, Target } from '../types';

/** Versions read from data, by their text (see `versionFromData`); declared before the releases are built from it. */
const dataVersions = new Map<string, PyVersion>();

/** Every known CPython release, ascending. */
export const KNOWN_RELEASES: readonly PyVersion[] = buildReleases();
/** The same releases as "major.minor.micro", the form a PEP 440 specifier is matched against. */
const KNOWN_RELEASE_TEXTS = KNOWN_RELEASES.map((v) => `${v.major}.${v.minor}.${v.micro}`);

export const DEFAULT_TARGET_SPECIFIER: string = pythonVersions.default_target.specifier;

export function parseVersion(text: string): PyVersion | undefined {
  const m = /^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), micro: Number(m[3] ?? 0) };
}

export function compareVersions(a: PyVersion, b: PyVersion): number {
  return a.major - b.major || a.minor - b.minor || a.micro - b.micro;
}

/** "3.4" for 3.4.0, "2.7.9" otherwise. */
export function formatVersion(v: PyVersion): string {
  return v.micro === 0 ? `${v.major}.${v.minor}` : `${v.major}.${v.minor}.${v.micro}`;
}

/**
 * A version written as "3.4" in data means 3.4.0; a minor-only bound means the whole minor line.
 * The data holds a few hundred distinct strings, read again by every rule for every use, so each is
 * parsed once; callers share the result and never change it.
 */
export function versionFromData(text: string): PyVersion {
  let v = dataVersions.get(text);
  if (!v) {
    v = parseVersion(text);
    if (!v) throw new Error(`bad version in data: ${text}`);
    dataVersions.set(text, v);
  }
  return v;
}

/**
 * Turns what a user wrote into a PEP 440 specifier set.
 * A bare version ("3.8", "py38") means that version and later, as Ruff's target-version does.
 */
export function normaliseSpecifier(text: string): string | undefined {
  const trimmed = text.trim();
  const py = /^py(\d)(\d+)$/i.exec(trimmed);
  if (py) return `>=${py[1]}.${py[2]}`;
  if (parseVersion(trimmed)) return `>=${trimmed}`;
  if (validRange(trimmed)) return trimmed;
  return undefined;
}

/** The target for a specifier; undefined when the specifier is invalid or admits no known release. */
export function targetFromSpecifier(text: string, source: string): Target | undefined {
  const spec = normaliseSpecifier(text);
  if (spec === undefined) return undefined;
  const versions = releasesIn(spec);
  if (versions.length === 0) return undefined;
  return { versions: [...versions], specifier: text.trim(), source };
}

/** The known releases a normalised specifier admits, remembered: they never change. */
const releasesIn = memoByName((spec): readonly PyVersion[] => {
  // filter() parses the specifier once for every release.
  const admitted = new Set(filter(KNOWN_RELEASE_TEXTS, spec));
  return KNOWN_RELEASES.filter((_, i) => admitted.has(KNOWN_RELEASE_TEXTS[i]));
}, 1000);

export function defaultTarget(): Target {
  const t = targetFromSpecifier(DEFAULT_TARGET_SPECIFIER, 'the default target');
  if (!t) throw new Error('the default target admits no release');
  return t;
}

export function lowest(target: Target): PyVersion {
  return target.versions[0];
}

export function highest(target: Target): PyVersion {
  return target.versions[target.versions.length - 1];
}

/** The lowest targeted release on a major line (2 or 3), if the target has one. */
export function lowestOnLine(target: Target, major: number): PyVersion | undefined {
  return target.versions.find((v) => v.major === major);
}

export function highestOnLine(target: Target, major: number): PyVersion | undefined {
  for (let i = target.versions.length - 1; i >= 0; i--) if (target.versions[i].major === major) return target.versions[i];
  return undefined;
}

/** Does the target include any release before `v` on `v`'s major line? */
export function reachesBefore(target: Target, v: PyVersion): boolean {
  const low = lowestOnLine(target, v.major);
  return low !== undefined && compareVersions(low, v) < 0;
}

/** Does the target include any release at or after `v` on `v`'s major line (or on a later line)? */
export function reachesAtOrAfter(target: Target, v: PyVersion): boolean {
  return compareVersions(highest(target), v) >= 0;
}

/** A short description of the target for messages: "3.8–3.13" or "2.7.9". */
export function describeRange(target: Target): string {
  const lo = formatVersion(lowest(target));
  const hi = highest(target);
  const hiText = `${hi.major}.${hi.minor}`;
  return lo === hiText || lo === formatVersion(hi) ? lo : `${lo}–${hiText}`;
}

function buildReleases(): PyVersion[] {
  const out: PyVersion[] = [];
  for (const m of pythonVersions.minors) {
    const base = versionFromData(m.version);
    for (let micro = 0; micro <= m.last_micro; micro++) out.push({ major: base.major, minor: base.minor, micro });
  }
  return out;
}
