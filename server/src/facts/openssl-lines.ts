import { bundledOpenssl } from './defaults';
import { compareVersions, formatVersion, versionFromData } from './versions';
import type { OpenSSLLine } from './ciphers';
import type { PyVersion, Target } from '../types';

/**
 * The OpenSSL release lines the targeted Pythons ship with, from the python.org installers
 * (data/openssl-bundled.json): each targeted release takes the newest installer record at or before
 * it, and the OpenSSL version maps to the line whose rules it follows (1.0.1 and 1.0.2 to 1.0.2,
 * 1.1.0 and 1.1.1 to 1.1.1, 3.x to 3.0). Cipher strings are judged under every line found.
 */
export function opensslLinesFor(target: Target): { line: OpenSSLLine; pythons: PyVersion[] }[] {
  const records = bundledRecords();
  const byLine = new Map<OpenSSLLine, PyVersion[]>();
  for (const v of target.versions) {
    let found: { version: string } | undefined;
    for (const r of records) {
      if (r.python.major === v.major && compareVersions(r.python, v) <= 0) found = r;
    }
    const line = found ? lineOf(found.version) : v.major === 2 ? '1.0.2' : '3.0';
    const list = byLine.get(line) ?? [];
    list.push(v);
    byLine.set(line, list);
  }
  return [...byLine.entries()].map(([line, pythons]) => ({ line, pythons }));
}

/** "Python 3.8–3.10" style text for the releases of one line. */
export function pythonSpan(pythons: PyVersion[]): string {
  const first = pythons[0];
  const last = pythons[pythons.length - 1];
  const lastMinor = `${last.major}.${last.minor}`;
  if (compareVersions(first, last) === 0) return `Python ${formatVersion(first)}`;
  if (first.major === last.major && first.minor === last.minor && first.micro === 0) return `Python ${lastMinor}`;
  return `Python ${formatVersion(first)}–${lastMinor}`;
}

function lineOf(openssl: string): OpenSSLLine {
  if (/^3\./.test(openssl)) return '3.0';
  if (/^1\.1\./.test(openssl)) return '1.1.1';
  return '1.0.2';
}

let cached: { python: PyVersion; version: string }[] | undefined;

/** Installer records, one per Python release, sorted; Windows first, macOS where Windows is unknown. */
function bundledRecords(): { python: PyVersion; version: string }[] {
  if (!cached) {
    const out: { python: PyVersion; version: string }[] = [];
    for (const r of bundledOpenssl()) {
      const version = r.windows ?? r.macos;
      if (!version) continue;
      for (const p of r.python) out.push({ python: versionFromData(p), version });
    }
    cached = out.sort((a, b) => compareVersions(a.python, b.python));
  }
  return cached;
}
