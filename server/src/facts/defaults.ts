import defaults from '../../../data/defaults.json';
import bundled from '../../../data/openssl-bundled.json';
import { compareVersions, versionFromData } from './versions';
import type { PyVersion } from '../types';

export interface CipherDefault {
  line: 'py2' | 'py3';
  from: string;
  until: string | null;
  value: string | null;
}

export interface BundledRelease {
  python: string[];
  windows: string | null;
  macos: string | null;
}

/** Python's default cipher string per version range (data/defaults.json). */
export function defaultCipherHistory(): CipherDefault[] {
  return defaults.default_ciphers as CipherDefault[];
}

/** The default cipher string of one Python release, or null where Python left it to OpenSSL. */
export function defaultCiphersFor(v: PyVersion): string | null | undefined {
  const line = v.major === 2 ? 'py2' : 'py3';
  const r = defaultCipherHistory().find(
    (d) => d.line === line && compareVersions(v, versionFromData(d.from)) >= 0 && (!d.until || compareVersions(v, versionFromData(d.until)) < 0),
  );
  return r ? r.value : undefined;
}

/** OpenSSL in the python.org installers per release (data/openssl-bundled.json). */
export function bundledOpenssl(): BundledRelease[] {
  return bundled.releases as BundledRelease[];
}

/** The first Python release whose SSLContext refuses TLS 1.0 and 1.1 by default. */
export function protocolFloorFrom(): PyVersion {
  return versionFromData(defaults.protocol_floor.tls1_2_from);
}
