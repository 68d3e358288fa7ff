import data from '../../../data/pyopenssl-api.json';

/** One entry of data/pyopenssl-api.json: a pyOpenSSL name and its history across pyOpenSSL releases. */
export interface PyopensslEntry {
  name: string;
  kind: 'module' | 'class' | 'exception' | 'function' | 'method' | 'constant';
  summary: string;
  signature: string | null;
  /** First pyOpenSSL release with the name; null when it is already in the oldest source (`pyopensslOldest()`). */
  added: string | null;
  deprecated: string | null;
  /** First pyOpenSSL release without the name. */
  removed: string | null;
  /** OpenSSL requirement: "1.1.1" (at least), "<1.1.0" (below), either optionally followed by text, or "built with ...". */
  openssl: string | null;
  replacement: string | null;
  security: string | null;
  docs: string;
  sources: string[];
  notes?: string;
}

interface PyopensslData {
  oldest: string;
  latest: string;
  entries: PyopensslEntry[];
}

const file = data as unknown as PyopensslData;
const byName = new Map<string, PyopensslEntry>(file.entries.map((e) => [e.name, e]));

/** The entry for a qualified name such as "OpenSSL.SSL.Context.set_verify", if pyOpenSSL has (or had) it. */
export function pyopensslEntry(name: string): PyopensslEntry | undefined {
  return byName.get(name);
}

export function allPyopensslEntries(): readonly PyopensslEntry[] {
  return file.entries;
}

/** The oldest pyOpenSSL source the data covers: a null `added` means "this release or earlier". */
export function pyopensslOldest(): string {
  return file.oldest;
}

/** The newest pyOpenSSL release the data was checked against. */
export function pyopensslLatest(): string {
  return file.latest;
}

/** Compares two pyOpenSSL versions ("0.15.1", "21.0.0") numerically. */
export function comparePyopensslVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
