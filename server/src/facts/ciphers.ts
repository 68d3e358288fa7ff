// The cipher-string engine: what OpenSSL's SSL_CTX_set_cipher_list makes of a cipher string
// under OpenSSL 1.0.2, 1.1.1 or 3.0, with every fact from data/ciphers.json.
//
// Pure TypeScript (no Node-only API): it runs in the language server, the command line and a
// browser web worker alike.

import { data, lineModel, OPENSSL_LINES, type LineModel, type LineSuite, type OpenSSLLine, type SuiteData } from './cipher/model';
import { CipherList, initialList, processRules, type RuleOutcome } from './cipher/engine';

export type { OpenSSLLine } from './cipher/model';
export { OPENSSL_LINES } from './cipher/model';

export type WeakReason =
  | 'NULL'
  | 'anonymous'
  | 'EXPORT'
  | 'DES'
  | '3DES'
  | 'RC4'
  | 'RC2'
  | 'MD5'
  | 'static RSA'
  | 'static DH'
  | 'IDEA'
  | 'SEED';

export interface CipherSuite {
  /** OpenSSL's name (in the release line the suite was looked up for). */
  name: string;
  /** IANA registry name ('' for OpenSSL's private-use GOST code points). */
  iana: string;
  /** "0x00,0x2F" */
  codePoint: string;
  /** Minimum protocol: SSLv3, TLSv1, TLSv1.2 or TLSv1.3. */
  protocol: string;
  kx: string;
  au: string;
  enc: string;
  /** Strength bits (what @STRENGTH and security levels use). */
  bits: number;
  /** Key bits of the cipher. */
  algBits: number;
  mac: string;
  /** OpenSSL's strength class: HIGH, MEDIUM, LOW, EXPORT or NONE. */
  strength: string;
  weak: WeakReason[];
  /** The release lines that have this suite. */
  lines: OpenSSLLine[];
  /** Build or run-time conditions this suite needs in the line it was looked up for (see data/ciphers.json "requirements"). */
  requires: string[];
  /** What `openssl ciphers -v` prints after the name. */
  description: string;
}

export interface Expansion {
  /** The TLS 1.2-and-below suites a connection may use, in order (the cipher list less what the security level removes). */
  suites: CipherSuite[];
  /** The TLS 1.3 suites (not affected by set_ciphers: the line's default TLS 1.3 suites, less what the security level removes). */
  tls13: CipherSuite[];
  /** Why the string would be rejected, or why nothing is left; empty when OpenSSL accepts it. */
  errors: string[];
  /** Words that are neither an alias nor a suite name (OpenSSL ignores them). */
  unknownKeywords: string[];
  /** Suite names that exist in OpenSSL's tables but not in this release line or build (OpenSSL ignores them too). */
  unavailableSuites: string[];
  /** The cipher list as SSL_CTX_set_cipher_list stores it and `openssl ciphers -v` prints it (before security levels). */
  cipherList: CipherSuite[];
  /** Suites of the cipher list that the security level removes, with the reason. */
  removedBySecurityLevel: { suite: CipherSuite; reason: string }[];
  /** The security level in force (the string's @SECLEVEL, else the option, else the line's default); null for 1.0.2. */
  securityLevel: number | null;
  /** True when OpenSSL would refuse the string (set_ciphers raises SSLError). */
  rejected: boolean;
  openssl: OpenSSLLine;
}

export interface ExpandOptions {
  /** The context's security level when the string has no @SECLEVEL (default: the line's, 1 for 1.1.1 and 3.0). */
  securityLevel?: number;
  /** Build features assumed present (default: the line's "default_features"; see "requirements" in the data). */
  features?: readonly string[];
}

// ---------------------------------------------------------------------------------------------

const suiteObjects = new Map<string, CipherSuite>();

function toCipherSuite(s: LineSuite | SuiteData, line?: OpenSSLLine): CipherSuite {
  const d: SuiteData = 'data' in s ? s.data : s;
  const name = 'data' in s ? s.name : d.name;
  const key = `${d.code_point}|${line ?? ''}`;
  let out = suiteObjects.get(key);
  if (!out) {
    const facts = line ? d.openssl[line] : undefined;
    out = Object.freeze({
      name,
      iana: d.iana,
      codePoint: d.code_point,
      protocol: d.protocol,
      kx: d.kx,
      au: d.au,
      enc: d.enc,
      bits: facts?.bits ?? d.bits,
      algBits: d.alg_bits,
      mac: d.mac,
      strength: d.strength,
      weak: Object.freeze([...d.weak]) as WeakReason[],
      lines: Object.freeze([...d.lines]) as OpenSSLLine[],
      requires: Object.freeze([...(facts?.requires ?? [])]) as string[],
      description: facts?.description ?? d.description,
    }) as CipherSuite;
    suiteObjects.set(key, out);
  }
  return out;
}

/** The available suites of a line under a set of build features, with the list in its initial order. */
interface Prepared {
  model: LineModel;
  byName: Map<string, LineSuite>;
  initial: CipherList;
  tls13: LineSuite[];
}

const prepared = new Map<string, Prepared>();

function prepare(line: OpenSSLLine, features: readonly string[]): Prepared {
  const key = `${line}|${[...features].sort().join(',')}`;
  let p = prepared.get(key);
  if (!p) {
    const model = lineModel(line);
    const has = (s: LineSuite) => s.requires.every((r) => features.includes(r));
    const available = model.suites.filter(has);
    const byName = new Map<string, LineSuite>();
    for (const s of available) if (!byName.has(s.name)) byName.set(s.name, s);
    const tls13 = model.config.tls13_default
      .map((n) => model.tls13.find((s) => s.name === n))
      .filter((s): s is LineSuite => s !== undefined && has(s));
    p = { model, byName, initial: initialList(model, available), tls13 };
    prepared.set(key, p);
  }
  return p;
}

/** Every name any line gives any suite, for telling "unavailable here" from "unknown". */
let allNames: Map<string, SuiteData> | undefined;
function suiteByAnyName(): Map<string, SuiteData> {
  if (!allNames) {
    allNames = new Map();
    for (const s of [...data.suites, ...data.tls13]) {
      allNames.set(s.name, s);
      for (const facts of Object.values(s.openssl)) if (facts.name) allNames.set(facts.name, s);
    }
    for (const s of [...data.suites, ...data.tls13]) if (s.iana && !allNames.has(s.iana)) allNames.set(s.iana, s);
  }
  return allNames;
}

/** Why a security level removes a suite, or undefined when it keeps it. */
function securityVerdict(model: LineModel, s: LineSuite, level: number, tls13: boolean): string | undefined {
  const cfg = model.config.security_levels;
  if (!cfg || level <= 0) return undefined;
  const minBits = cfg.min_bits[level] ?? 0;
  for (const rule of model.securityRules) {
    if (level < rule.fromLevel) continue;
    if (tls13 && rule.exceptTls13) continue;
    if (rule.dropBits) {
      if (s.bits < minBits) return `${s.bits} strength bits is below the ${minBits} that security level ${level} requires`;
      continue;
    }
    const m = rule.drop ?? rule.keepOnly!;
    const hit =
      (m.mkey !== 0 && (m.mkey & s.mkey) !== 0) ||
      (m.auth !== 0 && (m.auth & s.auth) !== 0) ||
      (m.enc !== 0 && (m.enc & s.enc) !== 0) ||
      (m.mac !== 0 && (m.mac & s.mac) !== 0);
    if (rule.drop ? hit : !hit) return `security level ${level}: ${rule.reason}`;
  }
  return undefined;
}

function compute(text: string, line: OpenSSLLine, options: ExpandOptions): Expansion {
  const model = lineModel(line);
  const features = options.features ?? model.config.default_features;
  const p = prepare(line, features);
  const outcome: RuleOutcome = { ok: true, errors: [], unknown: [] };
  const list = p.initial.clone();

  let rules = text;
  for (const sb of model.config.suiteb ?? []) {
    if (rules.startsWith(sb.prefix)) {
      rules = sb.replacement;
      break;
    }
  }
  let ok = true;
  if (rules.startsWith('DEFAULT')) {
    ok = processRules(model, list, model.config.default_cipher_list, p.byName, outcome);
    rules = rules.slice(7);
    if (rules.startsWith(':')) rules = rules.slice(1);
  }
  if (ok && rules.length > 0) ok = processRules(model, list, rules, p.byName, outcome);

  const known = suiteByAnyName();
  const unknownKeywords: string[] = [];
  const unavailableSuites: string[] = [];
  for (const w of outcome.unknown) {
    const target = known.has(w) ? unavailableSuites : unknownKeywords;
    if (!target.includes(w)) target.push(w);
  }

  const levels = model.config.security_levels;
  const securityLevel = levels ? (outcome.securityLevel ?? options.securityLevel ?? levels.default) : null;
  const cipherList = ok ? list.activeSuites() : [];
  const suites: CipherSuite[] = [];
  const removedBySecurityLevel: Expansion['removedBySecurityLevel'] = [];
  for (const s of cipherList) {
    const why = securityLevel === null ? undefined : securityVerdict(model, s, securityLevel, false);
    if (why) removedBySecurityLevel.push({ suite: toCipherSuite(s, line), reason: why });
    else suites.push(toCipherSuite(s, line));
  }
  const tls13 = p.tls13
    .filter((s) => securityLevel === null || !securityVerdict(model, s, securityLevel, true))
    .map((s) => toCipherSuite(s, line));

  const errors = [...outcome.errors];
  if (ok && cipherList.length === 0) errors.push('no cipher match');
  else if (ok && cipherList.length > 0 && suites.length === 0)
    errors.push(`no suite is left at security level ${securityLevel}`);
  if (!ok && errors.length === 0) errors.push('invalid cipher string');

  return {
    suites,
    tls13,
    errors,
    unknownKeywords,
    unavailableSuites,
    cipherList: cipherList.map((s) => toCipherSuite(s, line)),
    removedBySecurityLevel,
    securityLevel,
    rejected: !ok || cipherList.length === 0,
    openssl: line,
  };
}

// Expansions are cached: the editor asks again on every keystroke for every string in a file.
const CACHE_LIMIT = 1000;
const cache = new Map<string, Expansion>();

/**
 * Expands a cipher string as SSL_CTX_set_cipher_list (Python's SSLContext.set_ciphers) would
 * under the given OpenSSL release line.  `suites` empty with a non-empty string means OpenSSL
 * rejects it ("no cipher match") or nothing survives the security level; `errors` says which.
 */
export function expandCipherString(text: string, openssl: OpenSSLLine, options: ExpandOptions = {}): Expansion {
  const key = `${openssl}\u0000${options.securityLevel ?? ''}\u0000${options.features?.join(',') ?? '*'}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const result = compute(text, openssl, options);
  deepFreeze(result);
  cache.set(key, result);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return result;
}

function deepFreeze(e: Expansion): void {
  Object.freeze(e.suites);
  Object.freeze(e.tls13);
  Object.freeze(e.errors);
  Object.freeze(e.unknownKeywords);
  Object.freeze(e.unavailableSuites);
  Object.freeze(e.cipherList);
  Object.freeze(e.removedBySecurityLevel);
  Object.freeze(e);
}

/** A suite by OpenSSL name (any release line's spelling) or IANA name. */
export function cipherSuite(name: string): CipherSuite | undefined {
  const d = suiteByAnyName().get(name);
  return d ? toCipherSuite(d) : undefined;
}

/** Every suite of the table (TLS 1.2 and below), or those a release line has. */
export function allCipherSuites(openssl?: OpenSSLLine): CipherSuite[] {
  const list = openssl ? data.suites.filter((s) => s.openssl[openssl]) : data.suites;
  return list.map((s) => (openssl ? toCipherSuite(lineModel(openssl).suites.find((x) => x.data === s)!, openssl) : toCipherSuite(s)));
}

/** The meaning of each weakness reason. */
export function weakReasonText(reason: WeakReason): string {
  return data.weak_reasons[reason] ?? reason;
}

/** The release lines the data knows, newest last. */
export function openSSLLines(): readonly OpenSSLLine[] {
  return OPENSSL_LINES;
}
