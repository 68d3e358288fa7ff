#!/usr/bin/env node
// Generates the suite table of data/ciphers.json from OpenSSL's own sources.
//
// Usage:
//   node scripts/gen-ciphers.mjs --src 1.0.2=DIR --src 1.1.1=DIR --src 3.0=DIR [--check] [--write]
//
// Each DIR holds that release line's ssl/s3_lib.c, ssl3.h and tls1.h (flat), taken from
// the OpenSSL_1_0_2-stable / OpenSSL_1_1_1-stable / openssl-3.0 sources (for example the
// 1.0.2u, 1.1.1w and 3.0.18 release tags).  Only facts are read from them (names, code
// points, algorithm bits, strength); no OpenSSL code is copied.  The hand-maintained parts
// of data/ciphers.json (aliases, ordering rules, defaults, IANA names OpenSSL does not
// carry) are kept as they are; only "suites" is rewritten.
//
// --check compares the 3.0 table against `openssl ciphers -V -v ALL:COMPLEMENTOFALL:@SECLEVEL=0`
// of the openssl on PATH (when it is a 3.0.x) and reports differences.
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dataPath = join(here, '..', 'data', 'ciphers.json');

const args = process.argv.slice(2);
const srcs = {};
let check = false;
let write = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--src') {
    const [line, dir] = args[++i].split('=');
    srcs[line] = dir;
  } else if (args[i] === '--check') check = true;
  else if (args[i] === '--write') write = true;
  else throw new Error(`unknown argument ${args[i]}`);
}

const LINES = ['1.0.2', '1.1.1', '3.0'];
const SOURCE_REF = {
  '1.0.2': 'openssl/openssl OpenSSL_1_0_2-stable (1.0.2u)',
  '1.1.1': 'openssl/openssl OpenSSL_1_1_1-stable (1.1.1w)',
  '3.0': 'openssl/openssl openssl-3.0 (3.0.18)',
};

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

function readMacros(files) {
  const macros = new Map();
  for (const f of files) {
    let text;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    text = stripComments(text).replace(/\\\n/g, ' ');
    for (const m of text.matchAll(/^\s*#\s*define\s+(\w+)\s+(.+)$/gm)) {
      if (!macros.has(m[1])) macros.set(m[1], m[2].trim());
    }
  }
  return macros;
}

function resolve(macros, token, depth = 0) {
  token = token.trim();
  if (depth > 10) throw new Error(`macro loop at ${token}`);
  const strings = [...token.matchAll(/"((?:[^"\\]|\\.)*)"/g)];
  if (strings.length) return strings.map((m) => m[1]).join('');
  if (/^0x[0-9a-f]+[uUlL]*$/i.test(token)) return parseInt(token, 16);
  if (/^\d+[uUlL]*$/.test(token)) return parseInt(token, 10);
  if (macros.has(token)) return resolve(macros, macros.get(token), depth + 1);
  return token;
}

/** Splits the ssl3_ciphers / tls13_ciphers initialiser into entries with the #if guards around each. */
function parseTable(text, tableName) {
  const start = text.search(new RegExp(`${tableName}\\s*\\[\\s*\\]\\s*=\\s*\\{`));
  if (start < 0) return [];
  const lines = text.slice(text.indexOf('{', start) + 1).split('\n');
  const guards = [];
  const entries = [];
  let depth = 0;
  let current = '';
  let inComment = false;
  for (const rawLine of lines) {
    const pp = rawLine.match(/^\s*#\s*(if|ifdef|ifndef|else|elif|endif)\b\s*(.*)$/);
    if (pp && !inComment) {
      const cond = stripComments(pp[2]).trim();
      if (pp[1] === 'ifdef') guards.push(`defined(${cond})`);
      else if (pp[1] === 'ifndef') guards.push(`!defined(${cond})`);
      else if (pp[1] === 'if') guards.push(cond);
      else if (pp[1] === 'else') guards.push(`!(${guards.pop()})`);
      else if (pp[1] === 'elif') {
        guards.pop();
        guards.push(cond);
      } else guards.pop();
      continue;
    }
    let line = rawLine;
    // strip comments, keeping track of multi-line ones
    let out = '';
    for (let i = 0; i < line.length; i++) {
      if (inComment) {
        if (line[i] === '*' && line[i + 1] === '/') {
          inComment = false;
          i++;
        }
        continue;
      }
      if (line[i] === '/' && line[i + 1] === '*') {
        inComment = true;
        i++;
        continue;
      }
      if (line[i] === '/' && line[i + 1] === '/') break;
      out += line[i];
    }
    for (const ch of out) {
      if (ch === '{') {
        depth++;
        if (depth === 1) {
          current = '';
          entries.push({ guards: [...guards], fields: null });
          continue;
        }
      } else if (ch === '}') {
        if (depth === 0) return entries; // end of table
        depth--;
        if (depth === 0) {
          entries[entries.length - 1].fields = current.split(',').map((s) => s.trim()).filter((s) => s !== '');
          continue;
        }
      }
      if (depth >= 1) current += ch;
    }
  }
  return entries;
}

const bitNames = (expr) =>
  expr
    .split('|')
    .map((s) => s.trim().replace(/^\(|\)$/g, '').trim())
    .filter((s) => s && s !== '0')
    .map((s) => s.replace(/^SSL_/, ''));

const VERSION_NAMES = {
  SSL3_VERSION: 'SSLv3',
  TLS1_VERSION: 'TLSv1',
  TLS1_1_VERSION: 'TLSv1.1',
  TLS1_2_VERSION: 'TLSv1.2',
  TLS1_3_VERSION: 'TLSv1.3',
};

function normaliseBit(b) {
  // 1.0.2 spells some bits differently; use the 1.1.1+ names.
  return { kEDH: 'kDHE', kEECDH: 'kECDHE', SSLV3: 'SSLv3', TLSV1: 'SSLv3', TLSV1_2: 'TLSv1.2', SSLV2: 'SSLv2' }[b] ?? b;
}

function readLine(line, dir) {
  const s3 = readFileSync(join(dir, 's3_lib.c'), 'utf8');
  const macros = readMacros([join(dir, 'ssl3.h'), join(dir, 'tls1.h'), join(dir, 'ssl.h'), join(dir, 's3_lib.c')]);
  const out = [];
  const tables = line === '1.0.2' ? ['ssl3_ciphers'] : ['tls13_ciphers', 'ssl3_ciphers'];
  for (const table of tables) {
    const entries = parseTable(s3, table);
    entries.forEach((e, index) => {
      const f = e.fields;
      if (!f) return;
      const r = { table, index, guards: e.guards };
      let k = 0;
      r.valid = resolve(macros, f[k++]);
      r.name = resolve(macros, f[k++]);
      if (line !== '1.0.2') r.stdname = resolve(macros, f[k++]);
      r.id = resolve(macros, f[k++]);
      r.mkey = bitNames(f[k++]).map(normaliseBit);
      r.auth = bitNames(f[k++]).map(normaliseBit);
      r.enc = bitNames(f[k++]).map(normaliseBit);
      r.mac = bitNames(f[k++]).map(normaliseBit);
      if (line === '1.0.2') {
        r.ssl = bitNames(f[k++]).map(normaliseBit);
        r.min_tls = r.ssl[0];
      } else {
        r.min_tls = VERSION_NAMES[f[k++]] ?? 'none';
        r.max_tls = VERSION_NAMES[f[k++]] ?? 'none';
        k += 2; // DTLS versions
      }
      r.strength = bitNames(f[k++]);
      k++; // algorithm2 (PRF / handshake digest)
      r.bits = resolve(macros, f[k++]);
      r.alg_bits = resolve(macros, f[k++]);
      if (typeof r.id !== 'number') throw new Error(`${line}: unresolved id ${f[3]} for ${r.name}`);
      if (typeof r.name !== 'string' || /^[A-Z0-9_]+$/.test(r.name) && r.name.includes('_TXT_'))
        throw new Error(`${line}: unresolved name ${r.name}`);
      out.push(r);
    });
  }
  return out;
}

/** Expands an algorithm-bit expression ("SSL_AES | SSL_kDHE", "~SSL_eNULL") into base bit names. */
function makeBitResolver(localMacros) {
  const cache = new Map();
  const base = (name, depth = 0) => {
    if (cache.has(name)) return cache.get(name);
    if (depth > 10) throw new Error(`bit macro loop at ${name}`);
    const value = localMacros.get(`SSL_${name}`);
    let out;
    if (value === undefined) out = [name];
    else {
      const v = value.replace(/\b0X/g, '0x').trim();
      if (/^\(?\s*0x[0-9a-f]+[uUlL]*\s*\)?$/i.test(v)) out = parseInt(v.replace(/[()\s]/g, ''), 16) === 0 ? [] : [name];
      else {
        out = [];
        for (const m of v.matchAll(/SSL_(\w+)/g)) out.push(...base(m[1], depth + 1));
      }
    }
    cache.set(name, out);
    return out;
  };
  return (expr) => {
    expr = expr.trim();
    if (expr === '0' || expr === '') return [];
    const negate = expr.startsWith('~');
    const names = [];
    for (const m of expr.matchAll(/SSL_(\w+)/g)) for (const b of base(m[1])) if (!names.includes(b)) names.push(b);
    const norm = names.map(normaliseBit);
    return negate ? [{ not: norm }] : norm;
  };
}

const VERSION_BY_VALUE = { SSL3_VERSION: 'SSLv3', TLS1_VERSION: 'TLSv1', TLS1_1_VERSION: 'TLSv1.1', TLS1_2_VERSION: 'TLSv1.2', TLS1_3_VERSION: 'TLSv1.3' };

function readAliases(line, dir, bits) {
  const text = stripComments(readFileSync(join(dir, 'ssl_ciph.c'), 'utf8'));
  const macros = readMacros([join(dir, 'ssl.h'), join(dir, 'ssl3.h'), join(dir, 'tls1.h')]);
  const start = text.search(/cipher_aliases\s*\[\s*\]\s*=\s*\{/);
  const body = text.slice(text.indexOf('{', start) + 1, text.indexOf('};', start));
  const out = [];
  for (const m of body.matchAll(/\{([^{}]*)\}/g)) {
    const f = m[1].split(',').map((s) => s.trim());
    while (f.length < 16) f.push('0');
    let k = 0;
    const a = {};
    k++; // valid (0 for aliases)
    a.name = resolve(macros, f[k++]);
    if (line !== '1.0.2') k++; // stdname
    k++; // id
    const fields = ['mkey', 'auth', 'enc', 'mac'];
    for (const fld of fields) {
      const v = bits(f[k++]);
      if (v.length) a[fld] = v;
    }
    if (line === '1.0.2') {
      const v = bits(f[k++]);
      if (v.length) a.ssl = v;
    } else {
      const v = f[k++];
      if (v !== '0') a.min_tls = VERSION_BY_VALUE[v] ?? v;
      k += 3;
    }
    const st = bits(f[k++]);
    if (st.length) a.strength = st;
    if (typeof a.name !== 'string') throw new Error(`${line}: alias name ${f[1]}`);
    out.push(a);
  }
  return out;
}

function readLineFacts(line, dir) {
  const localMacros = readMacros([join(dir, 'ssl_local.h')]);
  const bits = makeBitResolver(localMacros);
  const s3 = readFileSync(join(dir, 's3_lib.c'), 'utf8');
  const macros = readMacros([join(dir, 'ssl3.h'), join(dir, 'tls1.h'), join(dir, 'ssl.h')]);
  const suites = [];
  const tables = line === '1.0.2' ? ['ssl3_ciphers'] : ['tls13_ciphers', 'ssl3_ciphers'];
  for (const table of tables) {
    parseTable(s3, table).forEach((e, index) => {
      const f = e.fields;
      if (!f) return;
      let k = 0;
      const r = { table, index, guards: e.guards };
      r.valid = resolve(macros, f[k++]);
      r.name = resolve(macros, f[k++]);
      if (line !== '1.0.2') r.stdname = resolve(macros, f[k++]);
      r.id = resolve(macros, f[k++]);
      r.mkey = bits(f[k++]);
      r.auth = bits(f[k++]);
      r.enc = bits(f[k++]);
      r.mac = bits(f[k++]);
      if (line === '1.0.2') {
        const raw = f[k++];
        r.ssl = bits(raw);
        r.protocol = { SSL_SSLV3: 'SSLv3', SSL_TLSV1: 'TLSv1', SSL_TLSV1_2: 'TLSv1.2', SSL_SSLV2: 'SSLv2' }[raw.trim()] ?? raw;
        r.printed_protocol = r.ssl.includes('TLSv1.2') ? 'TLSv1.2' : 'SSLv3';
      } else {
        r.min_tls = VERSION_BY_VALUE[f[k++]] ?? 'none';
        r.max_tls = VERSION_BY_VALUE[f[k++]] ?? 'none';
        k += 2; // DTLS versions
        r.protocol = r.min_tls;
        r.printed_protocol = r.min_tls;
      }
      r.strength = bits(f[k++]);
      k++; // algorithm2
      r.bits = resolve(macros, f[k++]);
      r.alg_bits = resolve(macros, f[k++]);
      if (typeof r.id !== 'number') throw new Error(`${line}: unresolved id for ${r.name}`);
      if (typeof r.name !== 'string') throw new Error(`${line}: unresolved name ${f[1]}`);
      suites.push(r);
    });
  }
  return { suites, aliases: readAliases(line, dir, bits) };
}

// ---------------------------------------------------------------------------------------------
// Which compiled-in suites a release line offers, and under which build or run-time condition.

function requirements(line, r) {
  const req = [];
  for (const g of r.guards.flatMap((x) => x.split('&&').map((y) => y.trim()))) {
    if (g === '!defined(OPENSSL_NO_WEAK_SSL_CIPHERS)') req.push('enable-weak-ssl-ciphers');
    else if (g === '!defined(OPENSSL_NO_KRB5)') req.push('krb5');
    else if (g === '!defined(OPENSSL_NO_GOST)') {
      /* compiled in, but see below */
    } else if (/^!defined\(OPENSSL_NO_(IDEA|SEED|CAMELLIA|ECDH|EC|DH|PSK|SRP|CHACHA|POLY1305|ARIA|RSA|DSA)\)$/.test(g)) {
      /* enabled in default builds */
    } else return null; // "#if 0", experimental, debug-only: never offered
  }
  if (!r.valid) return null;
  const uses = (list, names) => list.some((b) => names.includes(b));
  if (uses(r.mkey, ['kGOST', 'kGOST18']) || uses(r.auth, ['aGOST94', 'aGOST01', 'aGOST12'])) req.push('gost-engine');
  if (uses(r.mkey, ['kKRB5']) && !req.includes('krb5')) req.push('krb5');
  // OpenSSL 3.0 fetches each cipher from a provider; these live only in the legacy provider.
  if (line === '3.0' && uses(r.enc, ['IDEA', 'SEED', 'RC4', 'RC2', 'DES'])) req.push('legacy-provider');
  return req;
}

// ---------------------------------------------------------------------------------------------
// What `openssl ciphers -v` prints (SSL_CIPHER_description), per release line.

const KX = { kRSA: 'RSA', kDHE: 'DH', kECDHE: 'ECDH', kPSK: 'PSK', kRSAPSK: 'RSAPSK', kECDHEPSK: 'ECDHEPSK', kDHEPSK: 'DHEPSK', kSRP: 'SRP', kGOST: 'GOST', kGOST18: 'GOST18', kDHr: 'DH/RSA', kDHd: 'DH/DSS', kKRB5: 'KRB5', kECDHr: 'ECDH/RSA', kECDHe: 'ECDH/ECDSA' };
const AU = { aRSA: 'RSA', aDSS: 'DSS', aNULL: 'None', aECDSA: 'ECDSA', aPSK: 'PSK', aSRP: 'SRP', aGOST01: 'GOST01', aGOST12: 'GOST12', aDH: 'DH', aKRB5: 'KRB5', aECDH: 'ECDH', aGOST94: 'GOST94' };
const ENC = { DES: 'DES(56)', '3DES': '3DES(168)', RC4: 'RC4(128)', RC2: 'RC2(128)', IDEA: 'IDEA(128)', eNULL: 'None', AES128: 'AES(128)', AES256: 'AES(256)', AES128GCM: 'AESGCM(128)', AES256GCM: 'AESGCM(256)', AES128CCM: 'AESCCM(128)', AES256CCM: 'AESCCM(256)', AES128CCM8: 'AESCCM8(128)', AES256CCM8: 'AESCCM8(256)', CAMELLIA128: 'Camellia(128)', CAMELLIA256: 'Camellia(256)', ARIA128GCM: 'ARIAGCM(128)', ARIA256GCM: 'ARIAGCM(256)', SEED: 'SEED(128)', eGOST2814789CNT: 'GOST89(256)', eGOST2814789CNT12: 'GOST89(256)', MAGMA: 'MAGMA', KUZNYECHIK: 'KUZNYECHIK', CHACHA20POLY1305: 'CHACHA20/POLY1305(256)' };
const MAC = { MD5: 'MD5', SHA1: 'SHA1', SHA256: 'SHA256', SHA384: 'SHA384', AEAD: 'AEAD', GOST89MAC: 'GOST89', GOST89MAC12: 'GOST89', GOST94: 'GOST94', GOST12_256: 'GOST2012', GOST12_512: 'GOST2012', MAGMAOMAC: 'MAGMAOMAC', KUZNYECHIKOMAC: 'KUZNYECHIKOMAC' };

function describe(r) {
  const exp = r.strength.includes('EXPORT');
  const exp40 = r.strength.includes('EXP40');
  let kx = r.mkey.length === 0 ? 'any' : r.mkey.map((b) => KX[b] ?? b).join('/');
  if (exp && r.mkey[0] === 'kRSA') kx = exp40 ? 'RSA(512)' : 'RSA(1024)';
  if (exp && r.mkey[0] === 'kDHE') kx = exp40 ? 'DH(512)' : 'DH(1024)';
  let au = r.auth.length === 0 ? 'any' : r.auth.includes('aGOST12') ? 'GOST12' : r.auth.map((b) => AU[b] ?? b).join('/');
  let enc = ENC[r.enc[0]] ?? r.enc.join('/');
  if (exp) {
    const kl = exp40 ? 40 : 56;
    if (r.enc[0] === 'DES') enc = exp40 ? 'DES(40)' : 'DES(56)';
    if (r.enc[0] === 'RC4') enc = `RC4(${kl})`;
    if (r.enc[0] === 'RC2') enc = `RC2(${kl})`;
  }
  const mac = MAC[r.mac[0]] ?? r.mac.join('/');
  return { kx, au, enc, mac };
}

function strengthClass(flags) {
  for (const c of ['EXPORT', 'HIGH', 'MEDIUM', 'LOW']) if (flags.includes(c)) return c;
  return 'NONE';
}

/** Why a suite is weak; see the "weak_reasons" section of the data file for the definitions. */
function weakReasons(r) {
  const out = [];
  if (r.enc.includes('eNULL')) out.push('NULL');
  if (r.auth.includes('aNULL')) out.push('anonymous');
  if (r.strength.includes('EXPORT')) out.push('EXPORT');
  if (r.enc.includes('DES')) out.push('DES');
  if (r.enc.includes('3DES')) out.push('3DES');
  if (r.enc.includes('RC4')) out.push('RC4');
  if (r.enc.includes('RC2')) out.push('RC2');
  if (r.enc.includes('IDEA')) out.push('IDEA');
  if (r.enc.includes('SEED')) out.push('SEED');
  if (r.mac.includes('MD5')) out.push('MD5');
  if (r.mkey.includes('kRSA') || r.mkey.includes('kRSAPSK')) out.push('static RSA');
  if (['kDHr', 'kDHd', 'kECDHr', 'kECDHe'].some((b) => r.mkey.includes(b))) out.push('static DH');
  return out;
}

// IANA names (IANA "TLS Cipher Suites" registry) for suites that only OpenSSL 1.0.2 carries;
// 1.1.1 and later name every suite they have themselves (the stdname field of s3_lib.c).
// 0x0080 and 0x0082 were never registered; their names are those of draft-chudov-cryptopro-cptls.
const IANA_1_0_2 = {
  '0x00,0x03': 'TLS_RSA_EXPORT_WITH_RC4_40_MD5', '0x00,0x06': 'TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5',
  '0x00,0x08': 'TLS_RSA_EXPORT_WITH_DES40_CBC_SHA', '0x00,0x09': 'TLS_RSA_WITH_DES_CBC_SHA',
  '0x00,0x0B': 'TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA', '0x00,0x0C': 'TLS_DH_DSS_WITH_DES_CBC_SHA',
  '0x00,0x0D': 'TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA', '0x00,0x0E': 'TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA',
  '0x00,0x0F': 'TLS_DH_RSA_WITH_DES_CBC_SHA', '0x00,0x10': 'TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA',
  '0x00,0x11': 'TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA', '0x00,0x12': 'TLS_DHE_DSS_WITH_DES_CBC_SHA',
  '0x00,0x14': 'TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA', '0x00,0x15': 'TLS_DHE_RSA_WITH_DES_CBC_SHA',
  '0x00,0x17': 'TLS_DH_anon_EXPORT_WITH_RC4_40_MD5', '0x00,0x19': 'TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA',
  '0x00,0x1A': 'TLS_DH_anon_WITH_DES_CBC_SHA', '0x00,0x1E': 'TLS_KRB5_WITH_DES_CBC_SHA',
  '0x00,0x1F': 'TLS_KRB5_WITH_3DES_EDE_CBC_SHA', '0x00,0x20': 'TLS_KRB5_WITH_RC4_128_SHA',
  '0x00,0x21': 'TLS_KRB5_WITH_IDEA_CBC_SHA', '0x00,0x22': 'TLS_KRB5_WITH_DES_CBC_MD5',
  '0x00,0x23': 'TLS_KRB5_WITH_3DES_EDE_CBC_MD5', '0x00,0x24': 'TLS_KRB5_WITH_RC4_128_MD5',
  '0x00,0x25': 'TLS_KRB5_WITH_IDEA_CBC_MD5', '0x00,0x26': 'TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA',
  '0x00,0x27': 'TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA', '0x00,0x28': 'TLS_KRB5_EXPORT_WITH_RC4_40_SHA',
  '0x00,0x29': 'TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5', '0x00,0x2A': 'TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5',
  '0x00,0x2B': 'TLS_KRB5_EXPORT_WITH_RC4_40_MD5', '0x00,0x30': 'TLS_DH_DSS_WITH_AES_128_CBC_SHA',
  '0x00,0x31': 'TLS_DH_RSA_WITH_AES_128_CBC_SHA', '0x00,0x36': 'TLS_DH_DSS_WITH_AES_256_CBC_SHA',
  '0x00,0x37': 'TLS_DH_RSA_WITH_AES_256_CBC_SHA', '0x00,0x3E': 'TLS_DH_DSS_WITH_AES_128_CBC_SHA256',
  '0x00,0x3F': 'TLS_DH_RSA_WITH_AES_128_CBC_SHA256', '0x00,0x42': 'TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA',
  '0x00,0x43': 'TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA', '0x00,0x68': 'TLS_DH_DSS_WITH_AES_256_CBC_SHA256',
  '0x00,0x69': 'TLS_DH_RSA_WITH_AES_256_CBC_SHA256', '0x00,0x80': 'TLS_GOSTR341094_WITH_28147_CNT_IMIT',
  '0x00,0x82': 'TLS_GOSTR341094_WITH_NULL_GOSTR3411', '0x00,0x85': 'TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA',
  '0x00,0x86': 'TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA', '0x00,0x97': 'TLS_DH_DSS_WITH_SEED_CBC_SHA',
  '0x00,0x98': 'TLS_DH_RSA_WITH_SEED_CBC_SHA', '0x00,0xA0': 'TLS_DH_RSA_WITH_AES_128_GCM_SHA256',
  '0x00,0xA1': 'TLS_DH_RSA_WITH_AES_256_GCM_SHA384', '0x00,0xA4': 'TLS_DH_DSS_WITH_AES_128_GCM_SHA256',
  '0x00,0xA5': 'TLS_DH_DSS_WITH_AES_256_GCM_SHA384', '0xC0,0x01': 'TLS_ECDH_ECDSA_WITH_NULL_SHA',
  '0xC0,0x02': 'TLS_ECDH_ECDSA_WITH_RC4_128_SHA', '0xC0,0x03': 'TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA',
  '0xC0,0x04': 'TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA', '0xC0,0x05': 'TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA',
  '0xC0,0x0B': 'TLS_ECDH_RSA_WITH_NULL_SHA', '0xC0,0x0C': 'TLS_ECDH_RSA_WITH_RC4_128_SHA',
  '0xC0,0x0D': 'TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA', '0xC0,0x0E': 'TLS_ECDH_RSA_WITH_AES_128_CBC_SHA',
  '0xC0,0x0F': 'TLS_ECDH_RSA_WITH_AES_256_CBC_SHA', '0xC0,0x25': 'TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256',
  '0xC0,0x26': 'TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384', '0xC0,0x29': 'TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256',
  '0xC0,0x2A': 'TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384', '0xC0,0x2D': 'TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256',
  '0xC0,0x2E': 'TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384', '0xC0,0x31': 'TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256',
  '0xC0,0x32': 'TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384',
  // RFC 9189 (GOST R 34.12-2015 suites); OpenSSL 3.0 leaves their stdname empty.
  '0xC1,0x00': 'TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC', '0xC1,0x01': 'TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC',
  '0xC1,0x02': 'TLS_GOSTR341112_256_WITH_28147_CNT_IMIT',
  // Private-use code points OpenSSL gave the pre-standard GOST 2012 suites: no IANA name.
  '0xFF,0x85': '', '0xFF,0x87': '',
};

const codePoint = (id) => `0x${((id >> 8) & 0xff).toString(16).toUpperCase().padStart(2, '0')},0x${(id & 0xff).toString(16).toUpperCase().padStart(2, '0')}`;

const facts = {};
for (const line of LINES) {
  if (!srcs[line]) throw new Error(`--src ${line}=DIR is required`);
  facts[line] = readLineFacts(line, srcs[line]);
}

if (process.env.DUMP) {
  for (const line of LINES) for (const r of facts[line].suites) console.log(line, JSON.stringify(r));
  for (const line of LINES) for (const a of facts[line].aliases) console.log(line, 'ALIAS', JSON.stringify(a));
  process.exit(0);
}

// Merge the three tables into one entry per code point.
const byId = new Map();
for (const line of LINES) {
  for (const r of facts[line].suites) {
    const req = requirements(line, r);
    if (req === null) continue;
    if (!byId.has(r.id)) byId.set(r.id, {});
    byId.get(r.id)[line] = { r, req };
  }
}

const suites = [];
const tls13 = [];
for (const [id, perLine] of byId) {
  const lines = LINES.filter((l) => perLine[l]);
  const newest = perLine[lines[lines.length - 1]].r;
  const cp = codePoint(id);
  const iana = newest.stdname && newest.stdname !== 'NULL' ? newest.stdname : IANA_1_0_2[cp];
  if (iana === undefined) throw new Error(`no IANA name for ${cp} ${newest.name}`);
  const d = describe(newest);
  const entry = {
    name: newest.name,
    iana,
    code_point: cp,
    protocol: newest.protocol,
    kx: d.kx,
    au: d.au,
    enc: d.enc.replace(/\(\d+\)$/, ''),
    bits: newest.bits,
    alg_bits: newest.alg_bits,
    mac: d.mac,
    strength: strengthClass(newest.strength),
    lines,
    default_excluded: newest.strength.includes('NOT_DEFAULT') || undefined,
    weak: weakReasons(newest),
    algorithms: { mkey: newest.mkey, auth: newest.auth, enc: newest.enc, mac: newest.mac },
    openssl: {},
    sources: [],
  };
  const top = entry.algorithms;
  const topDescription = (() => {
    const dn = describe(newest);
    return `${newest.printed_protocol} Kx=${dn.kx} Au=${dn.au} Enc=${dn.enc} Mac=${dn.mac}`;
  })();
  const where = [];
  if (!entry.default_excluded) delete entry.default_excluded;
  for (const l of lines) {
    const { r, req } = perLine[l];
    const o = {};
    if (r.name !== newest.name) o.name = r.name;
    o.index = r.index;
    for (const k of ['mkey', 'auth', 'enc', 'mac']) if (r[k].join() !== top[k].join()) o[k] = r[k];
    if (l === '1.0.2') o.ssl = r.ssl;
    else o.min_tls = r.min_tls;
    o.flags = r.strength;
    if (r.bits !== newest.bits) o.bits = r.bits;
    const dl = describe(r);
    const description = `${r.printed_protocol} Kx=${dl.kx} Au=${dl.au} Enc=${dl.enc} Mac=${dl.mac}`;
    if (description !== topDescription) o.description = description;
    if (req.length) o.requires = req;
    entry.openssl[l] = o;
    where.push(`${SOURCE_REF[l].replace(/^.*\((.*)\)$/, '$1')} ${r.table}[${r.index}]`);
  }
  entry.description = topDescription;
  entry.sources.push(`openssl/openssl ssl/s3_lib.c: ${where.join(', ')}`);
  if (!newest.stdname || newest.stdname === 'NULL') entry.sources.push(iana ? 'IANA TLS Cipher Suites registry' : 'private-use code point, not in the IANA registry');
  (newest.table === 'tls13_ciphers' ? tls13 : suites).push(entry);
}
const cpKey = (e) => parseInt(e.code_point.replace(/0x|,/g, ''), 16);
suites.sort((a, b) => cpKey(a) - cpKey(b));
tls13.sort((a, b) => cpKey(a) - cpKey(b));

const aliases = {};
for (const line of LINES) aliases[line] = facts[line].aliases;

const { hand } = await import('./gen-ciphers.facts.mjs');
const doc = {
  $schema: './schema/ciphers.schema.json',
  description: hand.description,
  generated_by: 'scripts/gen-ciphers.mjs',
  weak_reasons: hand.weak_reasons,
  requirements: hand.requirements,
  lines: Object.fromEntries(LINES.map((l) => [l, { ...hand.lines[l], aliases: aliases[l] }])),
  tls13,
  suites,
};

if (check) {
  let out;
  try {
    out = execFileSync('openssl', ['ciphers', '-V', '-stdname', '-v', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'], { encoding: 'utf8' });
  } catch (e) {
    console.error(`cannot run openssl: ${e.message}`);
    process.exit(1);
  }
  const seen = new Set();
  let problems = 0;
  for (const row of out.trim().split('\n')) {
    const m = row.trim().match(/^(0x..,0x..) - (\S+)\s+- (\S+)\s+(\S+)\s+Kx=(\S+)\s+Au=(\S+)\s+Enc=(\S+)\s+Mac=(\S+)/);
    if (!m) continue;
    const [, cp, std, name, proto, kx, au, enc, mac] = m;
    const e = [...suites, ...tls13].find((s) => s.code_point === cp);
    seen.add(cp);
    const o = e?.openssl['3.0'];
    const want = `${proto} Kx=${kx} Au=${au} Enc=${enc} Mac=${mac}`;
    if (!e || !o) {
      console.error(`missing ${cp} ${name}`);
      problems++;
    } else if ((o.name ?? e.name) !== name || e.iana !== std || (o.description ?? e.description) !== want) {
      console.error(`differs ${cp}: openssl "${name} ${std} ${want}" table "${o.name ?? e.name} ${e.iana} ${o.description ?? e.description}"`);
      problems++;
    }
  }
  for (const e of suites) {
    const o = e.openssl['3.0'];
    if (o && !o.requires && !seen.has(e.code_point)) {
      console.error(`not offered by this openssl: ${e.code_point} ${e.name}`);
      problems++;
    }
  }
  console.error(`${seen.size} suites checked against openssl, ${problems} problems`);
  if (problems) process.exitCode = 1;
}

/** JSON with one line per flat object or array, so that each suite reads as a short block. */
function format(value, indent = '') {
  const flat = (v) => v === null || typeof v !== 'object' || (Array.isArray(v) ? v.every((x) => x === null || typeof x !== 'object' || (!Array.isArray(x) && Object.values(x).every((y) => typeof y !== 'object' || (Array.isArray(y) && y.every((z) => typeof z !== 'object'))))) : Object.values(value).every((x) => x === null || typeof x !== 'object' || (Array.isArray(x) && x.every((y) => typeof y !== 'object' || (y && !Array.isArray(y) && Object.values(y).every((z) => typeof z !== 'object' || Array.isArray(z)))))));
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const one = JSON.stringify(value);
  if (flat(value) && one.length <= 400) return one.replace(/\},\{/g, '}, {').replace(/","/g, '", "').replace(/,"/g, ', "').replace(/":/g, '": ');
  const inner = indent + '  ';
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + format(v, inner)).join(',\n')}\n${indent}]`;
  return `{\n${Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`).join(',\n')}\n${indent}}`;
}
const json = `${format(doc)}\n`;
if (write) writeFileSync(dataPath, json);
else process.stdout.write(json);
