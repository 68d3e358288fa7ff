#!/usr/bin/env node
// Compares the knowledge base in data/ with what real Python interpreters report.
//
// For every interpreter found (~/.pyenv/versions/*/bin/python, and python2.7 / python3 / python3.N on PATH)
// it runs scripts/introspect.py (standard library only, no network, nothing from the workspace is imported)
// and checks, per interpreter version V:
//   - data/ssl-api.json: a name is present iff added <= V < removed on V's line (platform limits honoured);
//     names the interpreter reports as deprecated (DeprecationWarning) are deprecated at or before V in the data;
//   - data/defaults.json: the default cipher string and what create_default_context() / SSLContext() set;
//   - data/client-verification.json: the context parameter exists, and the default context a client falls back
//     to verifies certificates exactly when the data says so.
// Differences are classified: "openssl-dependent" (the linked OpenSSL decides; see the entry's openssl field and
// OPENSSL_DEPENDENT below) and "platform" are explained; anything else is unexplained.
// The output is a report: the exit status is 0 unless this script itself fails.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const introspect = path.join(here, 'introspect.py');

/** Names whose presence depends on how OpenSSL was built, even where the data has no openssl note. */
const OPENSSL_DEPENDENT = new Set([
  'ssl.PROTOCOL_SSLv2',
  'ssl.PROTOCOL_SSLv3',
  'ssl.RAND_egd',
  'ssl.OP_IGNORE_UNEXPECTED_EOF',
  'ssl.OP_ENABLE_KTLS',
]);

/** Options OpenSSL itself sets on every new context; their presence says nothing about Python. */
const OPENSSL_OWN_OPTIONS = new Set(['OP_ENABLE_MIDDLEBOX_COMPAT', 'OP_IGNORE_UNEXPECTED_EOF', 'OP_NO_TICKET', 'OP_LEGACY_SERVER_CONNECT']);

function readJson(rel) {
  return JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));
}

function parseVersion(text) {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(String(text).trim());
  if (!m) throw new Error(`bad version: ${text}`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

function cmp(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

function lineOf(version) {
  return version[0] === 2 ? 'py2' : 'py3';
}

/** Is V inside [from, until) on its line? until null means open-ended. */
function inRange(v, from, until) {
  if (from == null) return false;
  const f = parseVersion(from);
  if (f[0] !== v[0]) return false;
  if (cmp(v, f) < 0) return false;
  if (until != null) {
    const u = parseVersion(until);
    if (u[0] === v[0] && cmp(v, u) >= 0) return false;
  }
  return true;
}

// ------------------------------------------------------------------ interpreters

function findInterpreters() {
  const candidates = [];
  const pyenv = path.join(os.homedir(), '.pyenv', 'versions');
  if (fs.existsSync(pyenv)) {
    for (const d of fs.readdirSync(pyenv).sort()) {
      const exe = path.join(pyenv, d, 'bin', 'python');
      if (fs.existsSync(exe)) candidates.push(exe);
    }
  }
  const names = ['python2.7', 'python3'];
  for (let minor = 0; minor <= 20; minor++) names.push(`python3.${minor}`);
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    if (dir.split(path.sep).includes('shims')) continue; // pyenv shims re-dispatch to the versions found above
    for (const n of names) {
      const exe = path.join(dir, n);
      if (fs.existsSync(exe)) candidates.push(exe);
    }
  }
  return candidates;
}

function runIntrospect(exe) {
  const attempts = [['-I'], ['-E', '-s']]; // -I needs Python 3.4+; Python 2 gets -E -s
  let lastError = '';
  for (const flags of attempts) {
    const r = spawnSync(exe, [...flags, introspect], {
      cwd: os.tmpdir(),
      encoding: 'utf8',
      timeout: 120_000,
      env: { PATH: process.env.PATH ?? '', HOME: os.homedir(), LANG: 'C.UTF-8' },
    });
    if (r.status === 0 && r.stdout.trim().startsWith('{')) {
      try {
        return JSON.parse(r.stdout);
      } catch (e) {
        lastError = String(e);
      }
    } else {
      lastError = (r.stderr || String(r.error ?? '')).trim().split('\n').slice(-1)[0];
    }
  }
  return { error: lastError };
}

// ------------------------------------------------------------------ presence

function setOf(list) {
  return new Set(Array.isArray(list) ? list : []);
}

/** true / false / null (cannot tell from this interpreter). */
function presence(entry, info) {
  const name = entry.name;
  if (entry.kind === 'module') return info.modules?.[name] ?? null;
  if (entry.kind === 'call') {
    const c = info.calls?.[name];
    return c ? c.result === 'ok' : null;
  }
  if (entry.kind === 'parameter') {
    const m = /^(.*)\((\w+)\)$/.exec(name);
    if (!m) return null;
    const callable = m[1].replace(/^asyncio\.loop\./, 'asyncio.BaseEventLoop.');
    if (!(callable in (info.present ?? {}))) return null;
    if (!info.present[callable]) return false;
    const sig = info.signatures?.[callable];
    if (!sig) return null;
    return sig.some((p) => p[0] === m[2]);
  }
  if (!name.startsWith('ssl.')) return null;
  const parts = name.slice(4).split('.');
  const module = setOf(info.module);
  if (parts.length === 1) return module.has(parts[0]);
  if (parts.length === 2) {
    const [cls, member] = parts;
    if (!module.has(cls)) return false;
    if (setOf(info.classes?.[cls]).has(member)) return true;
    if (info.instances?.[cls]) return setOf(info.instances[cls]).has(member);
    return info.classes?.[cls] ? null : null;
  }
  return null;
}

function opensslVersion(info) {
  const m = /OpenSSL (\d+)\.(\d+)\.(\d+)([a-z]*)/.exec(info.openssl_version ?? '');
  if (!m) return null;
  const letter = m[4] ? m[4].charCodeAt(0) - 96 : 0;
  return [Number(m[1]), Number(m[2]), Number(m[3]), letter];
}

/** Does this interpreter's OpenSSL meet the entry's requirement? null when the note names a build option. */
function opensslSatisfies(requirement, info) {
  const m = /^\s*(<|>=)?\s*(\d+)\.(\d+)\.(\d+)([a-z]?)/.exec(requirement);
  const have = opensslVersion(info);
  if (!m || !have) return null;
  const want = [Number(m[2]), Number(m[3]), Number(m[4]), m[5] ? m[5].charCodeAt(0) - 96 : 0];
  const ok = m[1] === '<' ? cmp(have, want) < 0 : cmp(have, want) >= 0;
  return ok;
}

function platformMatches(platform, info) {
  if (!platform) return true;
  const p = String(info.platform ?? '');
  if (platform === 'windows') return p === 'win32';
  if (platform === 'macos') return p === 'darwin';
  if (platform === 'linux') return p.startsWith('linux');
  return p.startsWith(platform);
}

// ------------------------------------------------------------------ report

const report = { checks: 0, agree: 0, explained: 0, unexplained: 0, skipped: 0, skippedPairs: [], byClass: {} };
const lines = [];

function record(outcome, klass, message) {
  report.checks++;
  if (outcome === 'agree') {
    report.agree++;
    return;
  }
  if (outcome === 'explained') {
    report.explained++;
    report.byClass[klass] = (report.byClass[klass] ?? 0) + 1;
    lines.push(`  explained (${klass}): ${message}`);
    return;
  }
  report.unexplained++;
  lines.push(`  UNEXPLAINED: ${message}`);
}

function checkApi(api, interps) {
  const checkedNames = new Set();
  for (const [label, info] of interps) {
    const v = parseVersion(info.version);
    lines.push(`${label} (${info.openssl_version}):`);
    for (const entry of api.entries) {
      const observed = presence(entry, info);
      if (observed === null) {
        report.skipped++;
        report.skippedPairs.push(`${entry.name} on ${info.version}`);
        continue;
      }
      checkedNames.add(entry.name);
      const line = lineOf(v);
      const expectedByVersion = inRange(v, entry.added[line], entry.removed);
      const expected = expectedByVersion && platformMatches(entry.platform, info);
      if (observed === expected) {
        record('agree');
        continue;
      }
      const what = `${label}: ${entry.name} is ${observed ? 'present' : 'absent'}, data says ${describeRange(entry, line)}`;
      let klass = null;
      if (entry.openssl) {
        const sat = opensslSatisfies(entry.openssl, info);
        if (sat === null || (!observed && sat === false)) klass = 'openssl-dependent';
        else if (!observed && OPENSSL_DEPENDENT.has(entry.name)) klass = 'openssl-dependent';
      } else if (OPENSSL_DEPENDENT.has(entry.name)) {
        klass = 'openssl-dependent';
      }
      if (klass) record('explained', klass, `${what} [openssl: ${entry.openssl ?? 'build-dependent'}]`);
      else record('unexplained', null, what);
    }
    // Deprecations the interpreter announces must be known to the data.
    for (const [name, d] of Object.entries(info.deprecations ?? {})) {
      const entry = api.entries.find((e) => e.name === name);
      if (!entry) continue;
      const warns = (d.warnings ?? []).includes('DeprecationWarning');
      const line = lineOf(v);
      const inData = deprecatedBy(entry, v);
      if (!warns) {
        record('agree');
        continue;
      }
      if (inData) record('agree');
      else record('unexplained', null, `${label}: ${name} emits DeprecationWarning, data says deprecated ${entry.deprecated ?? 'never'} (${line})`);
    }
    const sslWarn = info.calls?.['ssl.SSLContext()'];
    if (sslWarn) {
      const entry = api.entries.find((e) => e.name === 'ssl.SSLContext()');
      const warns = (sslWarn.warnings ?? []).includes('DeprecationWarning');
      if (entry && warns) {
        const ok = deprecatedBy(entry, v);
        record(ok ? 'agree' : 'unexplained', null, `SSLContext() warns on ${info.version}, data says deprecated ${entry.deprecated}`);
      }
    }
  }
  return checkedNames;
}

/** Is the entry deprecated at or before V (on V's line)? */
function deprecatedBy(entry, v) {
  if (entry.deprecated == null) return false;
  const d = parseVersion(entry.deprecated);
  return d[0] === v[0] && cmp(v, d) >= 0;
}

function describeRange(entry, line) {
  const added = entry.added[line];
  if (added == null) return `never on ${line}`;
  return `added ${added}${entry.removed ? `, removed ${entry.removed}` : ''}${entry.platform ? `, ${entry.platform} only` : ''}`;
}

function recordFor(records, v, line) {
  return records.find((r) => r.line === line && inRange(v, r.from, r.until));
}

/**
 * A distributor that configures Python with --with-ssl-default-suites=openssl (Debian and Ubuntu do) keeps
 * OpenSSL's cipher list and protocol floor: differences in those two are explained by the build.
 */
function customSuites(info) {
  const s = info.build?.ssl_default_suites;
  return s && s !== 'python' ? s : null;
}

function recordDefault(info, ok, message) {
  if (ok) record('agree');
  else if (customSuites(info)) record('explained', 'build-option', `${message} [built with --with-ssl-default-suites=${customSuites(info)}]`);
  else record('unexplained', null, message);
}

function checkDefaults(defaults, interps) {
  lines.push('defaults:');
  for (const [label, info] of interps) {
    const v = parseVersion(info.version);
    const line = lineOf(v);
    const ciphers = recordFor(defaults.default_ciphers ?? [], v, line);
    const actual = info.constants?._DEFAULT_CIPHERS;
    if (ciphers && typeof actual === 'string') {
      recordDefault(info, ciphers.value === actual, `${label}: _DEFAULT_CIPHERS is "${actual}", data says "${ciphers.value}"`);
    }
    const server = recordFor(defaults.restricted_server_ciphers ?? [], v, line);
    const actualServer = info.constants?._RESTRICTED_SERVER_CIPHERS;
    if (server && typeof actualServer === 'string') {
      const want = server.same_as_default ? ciphers?.value : server.value;
      if (want != null) recordDefault(info, want === actualServer, `${label}: _RESTRICTED_SERVER_CIPHERS is "${actualServer}", data says "${want}"`);
    }
    for (const [key, ctxName] of [
      ['create_default_context', 'create_default_context()'],
      ['plain_context', 'SSLContext(PROTOCOL_SSLv23)'],
      ['tls_client_context', 'SSLContext(PROTOCOL_TLS_CLIENT)'],
      ['stdlib_context', '_create_stdlib_context()'],
    ]) {
      const rec = recordFor(defaults[key] ?? [], v, line);
      const ctx = info.contexts?.[ctxName];
      if (!rec || !ctx || ctx.error) continue;
      compareContext(label, key, rec, ctx, info);
    }
  }
  const floor = defaults.protocol_floor;
  if (floor) {
    for (const [label, info] of interps) {
      const v = parseVersion(info.version);
      const ctx = info.contexts?.['SSLContext(PROTOCOL_SSLv23)'];
      if (!ctx || ctx.minimum_version_name === undefined) continue;
      const floorApplies = v[0] === 3 && cmp(v, parseVersion(floor.tls1_2_from)) >= 0;
      const isFloor = ctx.minimum_version_name === 'TLSv1_2';
      recordDefault(info, floorApplies === isFloor,
        `${label}: plain SSLContext minimum_version is ${ctx.minimum_version_name}, protocol_floor says TLS 1.2 from ${floor.tls1_2_from}`);
    }
  }
}

function compareContext(label, key, rec, ctx, info) {
  const where = `${label} ${key}`;
  if (rec.verify_mode != null && ctx.verify_mode_name !== undefined) {
    record(rec.verify_mode === ctx.verify_mode_name ? 'agree' : 'unexplained', null,
      `${where}: verify_mode ${ctx.verify_mode_name}, data says ${rec.verify_mode}`);
  } else if (rec.verify_mode != null) {
    const names = { 0: 'CERT_NONE', 1: 'CERT_OPTIONAL', 2: 'CERT_REQUIRED' };
    record(rec.verify_mode === names[ctx.verify_mode] ? 'agree' : 'unexplained', null,
      `${where}: verify_mode ${names[ctx.verify_mode]}, data says ${rec.verify_mode}`);
  }
  if (rec.check_hostname != null) {
    record(rec.check_hostname === ctx.check_hostname ? 'agree' : 'unexplained', null,
      `${where}: check_hostname ${ctx.check_hostname}, data says ${rec.check_hostname}`);
  }
  if (rec.minimum_version != null && ctx.minimum_version_name !== undefined) {
    recordDefault(info, rec.minimum_version === ctx.minimum_version_name,
      `${where}: minimum_version ${ctx.minimum_version_name}, data says ${rec.minimum_version}`);
  }
  if (Array.isArray(rec.verify_flags) && Array.isArray(ctx.verify_flags_flags)) {
    const have = new Set(ctx.verify_flags_flags);
    const want = new Set(rec.verify_flags);
    const missing = [...want].filter((f) => !have.has(f));
    const extra = [...have].filter((f) => !want.has(f));
    record(missing.length === 0 && extra.length === 0 ? 'agree' : 'unexplained', null,
      `${where}: verify_flags ${[...have].join('|') || '0'}, data says ${[...want].join('|') || '0'}`);
  }
  if (Array.isArray(rec.options) && Array.isArray(ctx.options_flags)) {
    const have = new Set(ctx.options_flags);
    // OP_NO_SSLv2 and the single-use flags are 0 on OpenSSL 1.1.0+, so they never show up as bits.
    const zeroOnModernOpenSSL = new Set(['OP_NO_SSLv2', 'OP_SINGLE_DH_USE', 'OP_SINGLE_ECDH_USE']);
    const missing = rec.options.filter((f) => !have.has(f) && !zeroOnModernOpenSSL.has(f));
    const extra = [...have].filter((f) => !rec.options.includes(f));
    const extraFromOpenSSL = extra.filter((f) => OPENSSL_OWN_OPTIONS.has(f));
    const extraOther = extra.filter((f) => !OPENSSL_OWN_OPTIONS.has(f));
    if (missing.length === 0 && extraOther.length === 0) {
      if (extraFromOpenSSL.length) record('explained', 'openssl-dependent', `${where}: options also has ${extraFromOpenSSL.join('|')} (set by OpenSSL or the build)`);
      else record('agree');
    } else {
      record('unexplained', null, `${where}: options ${[...have].join('|')}, data says ${rec.options.join('|')}`);
    }
  }
}

function checkClients(clients, interps) {
  lines.push('client verification:');
  const factories = {
    'ssl._create_stdlib_context': '_create_stdlib_context()',
    'ssl._create_default_https_context': '_create_default_https_context()',
    'ssl.create_default_context': 'create_default_context()',
  };
  for (const [label, info] of interps) {
    const v = parseVersion(info.version);
    const line = lineOf(v);
    for (const c of clients.clients) {
      const callable = c.call.replace(/^asyncio\.loop\./, 'asyncio.BaseEventLoop.');
      const exists = info.present?.[callable];
      if (exists === undefined) {
        report.skipped++;
        report.skippedPairs.push(`${c.call} on ${info.version}`);
        continue;
      }
      const expectExists = inRange(v, c.call_added?.[line] ?? null, c.removed);
      if (exists !== expectExists) {
        record('unexplained', null, `${label}: ${c.call} ${exists ? 'exists' : 'is absent'}, data says added ${c.call_added?.[line] ?? 'never'} on ${line}${c.removed ? `, removed ${c.removed}` : ''}`);
        continue;
      }
      record('agree');
      if (!exists) continue;
      const sig = info.signatures?.[callable];
      if (sig && c.context_parameter) {
        const has = sig.some((p) => p[0] === c.context_parameter);
        const expectParam = (c.context_parameter_added?.[line] != null) && inRange(v, c.context_parameter_added[line], null);
        record(has === expectParam ? 'agree' : 'unexplained', null,
          `${label}: ${c.call}(${c.context_parameter}) ${has ? 'exists' : 'is absent'}, data says added ${c.context_parameter_added?.[line] ?? 'never'} on ${line}`);
      }
      const factoryName = line === 'py2' && c.default_context_py2 !== undefined ? c.default_context_py2 : c.default_context;
      const factory = factories[factoryName];
      const ctx = factory ? info.contexts?.[factory] : undefined;
      if (ctx && !ctx.error) {
        const verifies = ctx.verify_mode === 2 && (c.hostname_checked_by_context === false || ctx.check_hostname === true);
        const dataSays = (c.verifies_by_default ?? []).some((r) => r.line === line && inRange(v, r.from, r.until));
        record(verifies === dataSays ? 'agree' : 'unexplained', null,
          `${label}: ${c.call} falls back to ${factoryName}(), which ${verifies ? 'verifies' : 'does not verify'}; data says ${dataSays ? 'verifies' : 'does not verify'}`);
      }
    }
  }
}

// ------------------------------------------------------------------ main

function main() {
  const api = readJson('data/ssl-api.json');
  const defaults = readJson('data/defaults.json');
  const clients = readJson('data/client-verification.json');

  const seen = new Map();
  const failures = [];
  for (const exe of findInterpreters()) {
    let real;
    try {
      real = fs.realpathSync(exe);
    } catch {
      continue;
    }
    const info = runIntrospect(exe);
    if (info.error) {
      failures.push(`${path.basename(exe)} in ${path.dirname(exe)}: ${info.error}`);
      continue;
    }
    const key = `${info.version} ${info.openssl_version}`;
    if (seen.has(key)) continue;
    seen.set(key, { info, exe: real });
  }
  const interps = [...seen.values()]
    .sort((a, b) => cmp(parseVersion(a.info.version), parseVersion(b.info.version)))
    .map(({ info }) => [`Python ${info.version}`, info]);

  console.log(`verify-data: ${interps.length} interpreter(s): ${interps.map(([, i]) => i.version).join(', ') || 'none'}`);
  for (const f of failures) console.log(`  could not introspect ${f}`);
  if (interps.length === 0) {
    console.log('No Python interpreter found; nothing to compare.');
    return;
  }

  const checkedNames = checkApi(api, interps);
  checkDefaults(defaults, interps);
  checkClients(clients, interps);

  for (const l of lines) console.log(l);
  const explainedBy = Object.entries(report.byClass)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  console.log('');
  console.log('Summary');
  console.log(`Interpreters checked: ${interps.length} (${interps.map(([, i]) => i.version).join(', ')}).`);
  const unobserved = api.entries.length - checkedNames.size;
  console.log(`Names checked: ${checkedNames.size} of ${api.entries.length} ssl-api entries${unobserved ? ` (${unobserved} cannot be observed on these interpreters)` : ''}.`);
  console.log(`Checks made: ${report.checks} (${report.skipped} name/interpreter pairs could not be observed and were skipped).`);
  if (report.skippedPairs.length) console.log(`Not observable: ${report.skippedPairs.join('; ')}.`);
  console.log(`Agreements: ${report.agree}.`);
  console.log(`Explained differences: ${report.explained}${explainedBy ? ` (${explainedBy})` : ''}.`);
  console.log(`Unexplained differences: ${report.unexplained}.`);
}

try {
  main();
  process.exitCode = 0;
} catch (e) {
  console.error(`verify-data failed: ${e instanceof Error ? e.stack : e}`);
  process.exitCode = 1;
}
