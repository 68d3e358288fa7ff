import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandCipherString, cipherSuite, allCipherSuites, type OpenSSLLine } from '../src/facts/ciphers';
import { runCiphersCommand } from '../src/facts/cipherCommand';
import table from '../../data/ciphers.json';

/**
 * The cipher-string engine against OpenSSL itself.
 *
 * - Live cross-checks: with an OpenSSL 3.0.x `openssl` on PATH, each string's cipher list must be
 *   what `openssl ciphers -v -- STRING` prints (TLS 1.3 suites left out), in the same order, and an
 *   error where openssl refuses the string; and the suites left after the security level must be
 *   what `openssl ciphers -s -psk -srp -v` prints.  Skipped without such an openssl.
 * - Golden tests: the same comparisons against server/test/fixtures/ciphers/openssl-3.0.json,
 *   recorded from OpenSSL 3.0.19, so that CI without openssl still tests the engine.
 * - Facts of OpenSSL 1.0.2 and 1.1.1 from their sources and documentation.
 */

const STRINGS: Record<string, string> = {
  'Python 2.7.9 / 3.4 _DEFAULT_CIPHERS': 'ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:ECDH+HIGH:DH+HIGH:RSA+AESGCM:RSA+AES:RSA+HIGH:!aNULL:!eNULL:!MD5',
  'Python 3.4 _RESTRICTED_SERVER_CIPHERS': 'ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:ECDH+HIGH:DH+HIGH:RSA+AESGCM:RSA+AES:RSA+HIGH:!aNULL:!eNULL:!MD5:!DSS:!RC4',
  'Python 3.6 _DEFAULT_CIPHERS': 'ECDH+CHACHA20:DH+CHACHA20:ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:ECDH+HIGH:DH+HIGH:RSA+AESGCM:RSA+AES:RSA+HIGH:!aNULL:!eNULL:!MD5:!3DES',
  'Python 3.6 _RESTRICTED_SERVER_CIPHERS': 'ECDH+CHACHA20:DH+CHACHA20:ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:ECDH+HIGH:DH+HIGH:RSA+AESGCM:RSA+AES:RSA+HIGH:!aNULL:!eNULL:!MD5:!DSS:!RC4:!3DES',
  'Python 3.7+ default': 'DEFAULT:!aNULL:!eNULL:!MD5:!3DES:!DES:!RC4:!IDEA:!SEED:!aDSS:!SRP:!PSK',
  'Python 3.10+ default': '@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM',
  'Mozilla modern (v4)': 'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256',
  'Mozilla intermediate (v5)': 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305',
  'Mozilla intermediate (v4)': 'ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA:DHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA:ECDHE-ECDSA-DES-CBC3-SHA:ECDHE-RSA-DES-CBC3-SHA:EDH-RSA-DES-CBC3-SHA:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA:!DSS',
  'Mozilla old (v5)': 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA',
  'nginx default': 'HIGH:!aNULL:!MD5',
  'Apache httpd 2.4 ssl.conf': 'HIGH:MEDIUM:!MD5:!RC4:!3DES',
  'urllib3 1.26 DEFAULT_CIPHERS': 'ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:DHE+CHACHA20:ECDH+AESGCM:DH+AESGCM:ECDH+AES:DH+AES:RSA+AESGCM:RSA+AES:!aNULL:!eNULL:!MD5:!DSS',
  'urllib3 1.22 DEFAULT_CIPHERS': 'ECDH+AESGCM:ECDH+CHACHA20:DH+AESGCM:DH+CHACHA20:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:RSA+AESGCM:RSA+AES:!aNULL:!eNULL:!MD5',
  'requests 2.x (urllib3 1.10) DEFAULT_CIPHERS': 'ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:ECDH+HIGH:DH+HIGH:RSA+AESGCM:RSA+AES:RSA+HIGH:!aNULL:!eNULL:!MD5:!DSS:!3DES',
  'DEFAULT': 'DEFAULT',
  'ALL': 'ALL',
  'ALL:COMPLEMENTOFALL': 'ALL:COMPLEMENTOFALL',
  '-ALL:HIGH': '-ALL:HIGH',
  '!aNULL:HIGH': '!aNULL:HIGH',
  'MEDIUM': 'MEDIUM',
  'LOW': 'LOW',
  'ALL:+HIGH:+MEDIUM': 'ALL:+HIGH:+MEDIUM',
  'ALL:@STRENGTH': 'ALL:@STRENGTH',
  'ALL:@SECLEVEL=0': 'ALL:@SECLEVEL=0',
  'space separated': 'ECDH+AESGCM DH+AESGCM !aNULL',
  'comma separated': 'ECDH+AESGCM,DH+AESGCM,!aNULL',
  'semicolon separated': 'HIGH;!aNULL;!SHA1',
  'RC4': 'RC4',
  'eNULL': 'eNULL',
  'NULL:@SECLEVEL=0': 'NULL:@SECLEVEL=0',
  'EXPORT': 'EXPORT',
  'DEFAULT:@SECLEVEL=0': 'DEFAULT:@SECLEVEL=0',
  'FOO': 'FOO',
  'HIGH:FOO': 'HIGH:FOO',
  'empty string': '',
  'COMPLEMENTOFDEFAULT': 'COMPLEMENTOFDEFAULT',
  'ALL:!COMPLEMENTOFDEFAULT:!eNULL': 'ALL:!COMPLEMENTOFDEFAULT:!eNULL',
  'COMPLEMENTOFDEFAULT+HIGH': 'COMPLEMENTOFDEFAULT+HIGH',
  'HIGH+FIPS (no match)': 'HIGH+FIPS',
  'FIPS': 'FIPS',
  'kEECDH+aECDSA+AES256': 'kEECDH+aECDSA+AES256',
  'EECDH:EDH:!aNULL': 'EECDH:EDH:!aNULL',
  'ADH:AECDH': 'ADH:AECDH',
  'PSK': 'PSK',
  'SRP': 'SRP',
  'CHACHA20:ARIA:AESCCM8': 'CHACHA20:ARIA:AESCCM8',
  'CAMELLIA:+AES': 'CAMELLIA:+AES',
  'SHA384:SHA256:SHA1:MD5': 'SHA384:SHA256:SHA1:MD5',
  'aDSS:ECDSA': 'aDSS:ECDSA',
  'kRSA:@STRENGTH': 'kRSA:@STRENGTH',
  'TLSv1.2': 'TLSv1.2',
  'TLSv1 and TLSv1.0': 'TLSv1:TLSv1.0',
  'SSLv3': 'SSLv3',
  'CBC': 'CBC',
  'SUITEB128': 'SUITEB128',
  'DEFAULTX (prefix)': 'DEFAULTX',
  'HIGH:DEFAULT (DEFAULT only as prefix)': 'HIGH:DEFAULT',
  'HIGH!aNULL (operator without separator)': 'HIGH!aNULL',
  'explicit suites then ALL': 'ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:ALL',
  'AES128-SHA+AES256 (no match)': 'AES128-SHA+AES256',
  'IDEA:SEED:RC2:DES:3DES (none in this build)': 'IDEA:SEED:RC2:DES:3DES',
  'invalid: trailing !': 'HIGH:!',
  'invalid: trailing +': 'AES+',
  'invalid: @FOO': 'HIGH:@FOO',
  'invalid: @SECLEVEL=6': '@SECLEVEL=6:HIGH',
  'invalid: underscore': 'HIGH_X',
};

const fixturePath = join(__dirname, 'fixtures', 'ciphers', 'openssl-3.0.json');

const names = (list: readonly { name: string }[]) => list.map((s) => s.name).join(':');

function run(args: string[]): string | null {
  try {
    return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/** The version line of an OpenSSL 3.0.x on PATH, or why there is none. */
const opensslVersion = ((): { ok: boolean; text: string } => {
  const v = run(['version']);
  if (v === null) return { ok: false, text: 'openssl not available' };
  if (!/^OpenSSL 3\.0\./.test(v)) return { ok: false, text: `openssl not available (need OpenSSL 3.0.x, found ${v.trim()})` };
  return { ok: true, text: v.trim() };
})();

/** TLS 1.2-and-below names `openssl ciphers` prints, or 'error'. */
function opensslList(args: string[], text: string): string {
  const out = run(['ciphers', ...args, '--', text]);
  if (out === null) return 'error';
  return out
    .trim()
    .split('\n')
    .map((l) => l.split(/\s+/)[0]!)
    .filter((n) => n && !n.startsWith('TLS_'))
    .join(':');
}

/** The strings of the security-level comparisons: each with an explicit level, so that the build's default does not matter. */
function withLevel(text: string): string | undefined {
  if (!text || text.startsWith('SUITEB')) return undefined;
  return text.includes('@SECLEVEL') ? text : `${text}:@SECLEVEL=1`;
}

// UPDATE_GOLDEN=1 re-records the fixture from the openssl on PATH.
if (process.env.UPDATE_GOLDEN && opensslVersion.ok) {
  const cipherList: Record<string, string> = {};
  const supported: Record<string, string> = {};
  for (const text of Object.values(STRINGS)) {
    cipherList[text] = opensslList(['-v'], text);
    const t = withLevel(text);
    if (t) supported[t] = opensslList(['-s', '-psk', '-srp', '-v'], t);
  }
  const doc = {
    description:
      'What `openssl ciphers -v -- STRING` (cipher_list) and `openssl ciphers -s -psk -srp -v -- STRING` (supported, with the security level in the string) printed for TLS 1.2 and below; TLS 1.3 suites left out. "error" means OpenSSL refused the string. Re-record with UPDATE_GOLDEN=1.',
    openssl: opensslVersion.text,
    cipher_list: cipherList,
    supported,
  };
  writeFileSync(fixturePath, `${JSON.stringify(doc, null, 1)}\n`);
}

const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as {
  openssl: string;
  cipher_list: Record<string, string>;
  supported: Record<string, string>;
};

function engineList(text: string): string {
  const e = expandCipherString(text, '3.0');
  return e.rejected ? 'error' : names(e.cipherList);
}

function engineSupported(text: string): string {
  const e = expandCipherString(text, '3.0');
  if (e.rejected) return 'error';
  return names(e.suites);
}

// ---------------------------------------------------------------------------------------------
// Live cross-checks

for (const [label, text] of Object.entries(STRINGS)) {
  test(`openssl ciphers cross-check: ${label}`, (t) => {
    if (!opensslVersion.ok) {
      t.skip(opensslVersion.text);
      return;
    }
    assert.equal(engineList(text), opensslList(['-v'], text), `cipher list of '${text}'`);
  });
}

for (const [label, text] of Object.entries(STRINGS)) {
  const leveled = withLevel(text);
  if (!leveled) continue;
  test(`openssl ciphers -s cross-check (security level): ${label}`, (t) => {
    if (!opensslVersion.ok) {
      t.skip(opensslVersion.text);
      return;
    }
    assert.equal(engineSupported(leveled), opensslList(['-s', '-psk', '-srp', '-v'], leveled), `suites of '${leveled}'`);
  });
}

test('openssl ciphers -s cross-check: every security level 0-5', (t) => {
  if (!opensslVersion.ok) {
    t.skip(opensslVersion.text);
    return;
  }
  for (let level = 0; level <= 5; level++) {
    for (const base of ['ALL:COMPLEMENTOFALL', 'DEFAULT', 'HIGH:MEDIUM:LOW:eNULL:aNULL']) {
      const text = `${base}:@SECLEVEL=${level}`;
      assert.equal(engineSupported(text), opensslList(['-s', '-psk', '-srp', '-v'], text), text);
    }
  }
});

test("openssl ciphers -s cross-check: strings without @SECLEVEL at this build's default level", (t) => {
  if (!opensslVersion.ok) {
    t.skip(opensslVersion.text);
    return;
  }
  // Distributions change the default (Debian builds with level 2); find the level(s) this one behaves as.
  const plain = opensslList(['-s', '-psk', '-srp', '-v'], 'ALL:COMPLEMENTOFALL');
  const levels = [0, 1, 2, 3, 4, 5].filter((n) => opensslList(['-s', '-psk', '-srp', '-v'], `ALL:COMPLEMENTOFALL:@SECLEVEL=${n}`) === plain);
  assert.ok(levels.length > 0, 'the default security level is one of 0-5');
  for (const text of ['DEFAULT', 'ALL:COMPLEMENTOFALL', 'HIGH:!aNULL:!MD5', STRINGS['Python 3.7+ default']!]) {
    const e = expandCipherString(text, '3.0', { securityLevel: levels[0] });
    assert.equal(names(e.suites), opensslList(['-s', '-psk', '-srp', '-v'], text), text);
  }
});

test('openssl ciphers cross-check: the suite table matches `openssl ciphers -V -stdname -v`', (t) => {
  if (!opensslVersion.ok) {
    t.skip(opensslVersion.text);
    return;
  }
  const out = run(['ciphers', '-V', '-stdname', '-v', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'])!;
  let rows = 0;
  for (const line of out.trim().split('\n')) {
    const m = line.trim().match(/^(0x..,0x..) - (\S+)\s+- (\S+)\s+(\S+)\s+Kx=(\S+)\s+Au=(\S+)\s+Enc=(\S+)\s+Mac=(\S+)/);
    assert.ok(m, line);
    const [, cp, iana, name, proto, kx, au, enc, mac] = m;
    const s = cipherSuite(name!);
    assert.ok(s, name);
    assert.equal(s.codePoint, cp);
    assert.equal(s.iana, iana);
    assert.equal(s.description, `${proto} Kx=${kx} Au=${au} Enc=${enc} Mac=${mac}`);
    rows++;
  }
  assert.ok(rows > 150);
});

// ---------------------------------------------------------------------------------------------
// Golden tests (no openssl needed)

test('golden: fixture was recorded from OpenSSL 3.0', () => {
  assert.match(fixture.openssl, /^OpenSSL 3\.0\./);
  assert.ok(Object.keys(fixture.cipher_list).length >= 60);
});

for (const [text, expected] of Object.entries(fixture.cipher_list)) {
  test(`golden cipher list: '${text}'`, () => {
    assert.equal(engineList(text), expected);
  });
}

for (const [text, expected] of Object.entries(fixture.supported)) {
  test(`golden suites after security level: '${text}'`, () => {
    assert.equal(engineSupported(text), expected);
  });
}

test('golden: Python 3.10 default under OpenSSL 3.0', () => {
  const e = expandCipherString(STRINGS['Python 3.10+ default']!, '3.0');
  assert.equal(e.securityLevel, 2);
  assert.deepEqual(e.errors, []);
  assert.equal(
    names(e.suites),
    'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:' +
      'ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:' +
      'ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:' +
      'DHE-RSA-AES256-SHA256:DHE-RSA-AES128-SHA256',
  );
  assert.deepEqual(e.tls13.map((s) => s.name), ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256']);
  assert.ok(e.suites.every((s) => s.weak.length === 0));
});

test('unknown keywords are ignored and reported; a string of only unknown words matches nothing', () => {
  const e = expandCipherString('HIGH:FOO:!BAR+aNULL', '3.0');
  assert.deepEqual(e.unknownKeywords, ['FOO', 'BAR']);
  assert.deepEqual(e.errors, []);
  assert.ok(e.suites.length > 0);
  const f = expandCipherString('FOO', '3.0');
  assert.equal(f.suites.length, 0);
  assert.deepEqual(f.errors, ['no cipher match']);
  assert.deepEqual(f.unknownKeywords, ['FOO']);
  assert.equal(f.rejected, true);
});

test('suites missing from a build are reported apart from unknown keywords', () => {
  const e = expandCipherString('DES-CBC3-SHA:RC4-SHA:AES128-SHA', '3.0');
  assert.deepEqual(e.unavailableSuites, ['DES-CBC3-SHA', 'RC4-SHA']);
  assert.deepEqual(e.unknownKeywords, []);
  assert.equal(names(e.cipherList), 'AES128-SHA');
  // with the build option OpenSSL 3.0 has them again
  const w = expandCipherString('DES-CBC3-SHA:AES128-SHA', '3.0', { features: ['enable-weak-ssl-ciphers'] });
  assert.equal(names(w.cipherList), 'DES-CBC3-SHA:AES128-SHA');
  assert.deepEqual(w.suites.find((s) => s.name === 'DES-CBC3-SHA')?.weak, ['3DES', 'static RSA']);
});

test('invalid strings are refused whole', () => {
  for (const text of ['HIGH:!', 'AES+', 'HIGH:@FOO', '@SECLEVEL=6:HIGH', 'HIGH_X', '@STRENGTHX']) {
    const e = expandCipherString(text, '3.0');
    assert.equal(e.rejected, true, text);
    assert.equal(e.suites.length, 0, text);
    assert.ok(e.errors.length > 0 && e.errors[0]!.startsWith('invalid command'), `${text}: ${e.errors.join()}`);
  }
});

test('security levels: what each level removes (OpenSSL 3.0 defaults to 1)', () => {
  const at = (level: number) => expandCipherString('ALL:COMPLEMENTOFALL', '3.0', { securityLevel: level });
  assert.equal(at(0).securityLevel, 0);
  assert.equal(expandCipherString('ALL', '3.0').securityLevel, 1);
  assert.equal(at(0).suites.length, at(0).cipherList.length);
  const l1 = at(1);
  assert.ok(!l1.suites.some((s) => s.weak.includes('NULL') || s.weak.includes('anonymous') || s.weak.includes('MD5')));
  assert.ok(l1.removedBySecurityLevel.some((r) => r.suite.name === 'ADH-AES128-SHA' && /unauthenticated/.test(r.reason)));
  assert.ok(at(3).suites.every((s) => !s.weak.includes('static RSA') && !['RSA', 'PSK', 'RSAPSK', 'SRP'].includes(s.kx)));
  assert.ok(at(4).suites.every((s) => s.mac !== 'SHA1' && s.bits >= 192));
  assert.ok(at(5).suites.every((s) => s.bits >= 256));
  // the string's @SECLEVEL wins over the option
  assert.equal(expandCipherString('ALL:@SECLEVEL=3', '3.0', { securityLevel: 0 }).securityLevel, 3);
  // nothing left after the level: an error, although OpenSSL accepts the list itself
  const n = expandCipherString('eNULL', '3.0');
  assert.equal(n.cipherList.length, 18);
  assert.equal(n.suites.length, 0);
  assert.deepEqual(n.errors, ['no suite is left at security level 1']);
  assert.equal(n.rejected, false);
  // TLS 1.3 suites: 128-bit AES goes at level 4
  assert.deepEqual(at(4).tls13.map((s) => s.name), ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']);
});

// ---------------------------------------------------------------------------------------------
// OpenSSL 1.0.2 and 1.1.1, from their sources (ssl/ssl_ciph.c, ssl/s3_lib.c, ssl.h) and docs

test('1.0.2: ALL has RC4, EXPORT and DES suites; DEFAULT is ALL:!EXPORT:!LOW:!aNULL:!eNULL:!SSLv2', () => {
  const all = expandCipherString('ALL', '1.0.2');
  const allNames = all.suites.map((s) => s.name);
  for (const n of ['RC4-SHA', 'RC4-MD5', 'ECDHE-RSA-RC4-SHA', 'EXP-RC4-MD5', 'EXP-DES-CBC-SHA', 'DES-CBC-SHA', 'DES-CBC3-SHA', 'IDEA-CBC-SHA', 'SEED-SHA', 'ADH-AES128-SHA', 'DH-RSA-AES128-SHA', 'ECDH-ECDSA-AES128-SHA'])
    assert.ok(allNames.includes(n), n);
  assert.equal(all.securityLevel, null);
  const def = expandCipherString('DEFAULT', '1.0.2').suites;
  assert.ok(def.some((s) => s.name === 'RC4-SHA'), 'RC4 is in 1.0.2 DEFAULT');
  assert.ok(!def.some((s) => s.weak.includes('EXPORT') || s.weak.includes('anonymous') || s.weak.includes('DES') || s.weak.includes('NULL')));
  assert.equal(names(def), names(expandCipherString('ALL:!EXPORT:!LOW:!aNULL:!eNULL:!SSLv2', '1.0.2').suites));
  // 1.0.2's well-known `openssl ciphers` order starts like this
  assert.equal(
    names(def.slice(0, 13)),
    'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA384:' +
      'ECDHE-RSA-AES256-SHA:ECDHE-ECDSA-AES256-SHA:SRP-DSS-AES-256-CBC-SHA:SRP-RSA-AES-256-CBC-SHA:SRP-AES-256-CBC-SHA:' +
      'DH-DSS-AES256-GCM-SHA384:DHE-DSS-AES256-GCM-SHA384:DH-RSA-AES256-GCM-SHA384:DHE-RSA-AES256-GCM-SHA384',
  );
});

test('1.0.2: EXPORT, EXP40, LOW and DES select the export and single-DES suites', () => {
  const exp = expandCipherString('EXPORT', '1.0.2').suites;
  assert.equal(exp.length, 7);
  assert.ok(exp.every((s) => s.strength === 'EXPORT' && s.weak.includes('EXPORT') && s.bits === 40));
  assert.equal(names(expandCipherString('EXP', '1.0.2').suites), names(exp));
  assert.equal(expandCipherString('EXPORT56', '1.0.2').suites.length, 0, 'the 56-bit export suites are experimental, never compiled');
  assert.ok(expandCipherString('LOW', '1.0.2').suites.every((s) => s.weak.includes('DES') && s.bits === 56));
  assert.equal(expandCipherString('DES', '1.0.2').suites.length, 10);
  // a build without weak ciphers (1.0.2g and later by default)
  const modern = expandCipherString('EXPORT', '1.0.2', { features: [] });
  assert.deepEqual(modern.errors, ['no cipher match']);
});

test('1.0.2: no @SECLEVEL; TLSv1 means the SSLv3 bit; ECDH and DH include fixed-key suites; names match by algorithms', () => {
  const e = expandCipherString('@SECLEVEL=2:HIGH', '1.0.2');
  assert.equal(e.rejected, true);
  assert.match(e.errors[0]!, /invalid command/);
  assert.equal(names(expandCipherString('TLSv1', '1.0.2').suites), names(expandCipherString('SSLv3', '1.0.2').suites));
  assert.ok(expandCipherString('ECDH+AESGCM', '1.0.2').suites.some((s) => s.name === 'ECDH-RSA-AES128-GCM-SHA256'));
  assert.ok(expandCipherString('DH+AES', '1.0.2').suites.some((s) => s.name === 'DH-RSA-AES128-SHA'));
  assert.ok(!expandCipherString('ECDH+AESGCM', '3.0').suites.some((s) => s.kx.includes('/')));
  // the old EDH- spelling is the suite's own name in 1.0.2
  assert.equal(names(expandCipherString('EDH-RSA-DES-CBC3-SHA', '1.0.2').suites), 'EDH-RSA-DES-CBC3-SHA');
  assert.deepEqual(expandCipherString('ALL', '1.0.2').tls13, []);
});

test('1.1.1: DEFAULT, no EXPORT/DES/RC4/3DES in default builds, TLS 1.3 defaults', () => {
  const def = expandCipherString('DEFAULT', '1.1.1');
  assert.deepEqual(def.tls13.map((s) => s.name), ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256']);
  assert.equal(names(def.suites.slice(0, 6)), 'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-CHACHA20-POLY1305');
  assert.ok(def.suites.every((s) => s.weak.every((w) => w === 'static RSA')));
  assert.deepEqual(expandCipherString('EXPORT', '1.1.1').unknownKeywords, ['EXPORT']);
  assert.deepEqual(expandCipherString('DES', '1.1.1').unknownKeywords, ['DES'], 'the DES alias is gone after 1.0.2');
  for (const text of ['RC4', '3DES', 'LOW', 'EXPORT']) assert.equal(expandCipherString(text, '1.1.1').suites.length, 0, text);
  // IDEA and SEED are still compiled in 1.1.1 (3.0 moved them to the legacy provider)
  assert.ok(expandCipherString('ALL', '1.1.1', { securityLevel: 0 }).suites.some((s) => s.name === 'IDEA-CBC-SHA'));
  assert.equal(expandCipherString('IDEA', '3.0').suites.length, 0);
  assert.equal(expandCipherString('ALL', '1.1.1').securityLevel, 1);
});

test('DEFAULT differs by line: 1.0.2 admits RC4 and 3DES, 1.1.1 and 3.0 do not', () => {
  const weak = (line: OpenSSLLine) => new Set(expandCipherString('DEFAULT', line).suites.flatMap((s) => s.weak));
  assert.ok(weak('1.0.2').has('RC4') && weak('1.0.2').has('3DES'));
  for (const line of ['1.1.1', '3.0'] as const) {
    assert.ok(!weak(line).has('RC4') && !weak(line).has('3DES'), line);
  }
  assert.equal(names(expandCipherString('DEFAULT', '1.1.1').suites), names(expandCipherString('DEFAULT', '3.0').suites));
});

// ---------------------------------------------------------------------------------------------
// The table and the lookups

test('the data matches its JSON Schema', async (t) => {
  let Ajv2020: (new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } }) | undefined;
  try {
    Ajv2020 = ((await import('ajv/dist/2020' as string)) as { default: typeof Ajv2020 }).default;
  } catch {
    t.skip('ajv not installed');
    return;
  }
  const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'data', 'schema', 'ciphers.schema.json'), 'utf8'));
  const validate = new Ajv2020!({ allErrors: true, strict: false }).compile(schema);
  assert.ok(validate(table), JSON.stringify(validate.errors));
});

test('cipherSuite finds suites by any OpenSSL spelling or IANA name', () => {
  const a = cipherSuite('AES128-SHA')!;
  assert.equal(a.iana, 'TLS_RSA_WITH_AES_128_CBC_SHA');
  assert.equal(a.codePoint, '0x00,0x2F');
  assert.equal(a.protocol, 'SSLv3');
  assert.deepEqual(a.weak, ['static RSA']);
  assert.deepEqual(a.lines, ['1.0.2', '1.1.1', '3.0']);
  assert.equal(cipherSuite('TLS_RSA_WITH_AES_128_CBC_SHA'), a);
  assert.equal(cipherSuite('EDH-RSA-DES-CBC3-SHA')?.name, 'DHE-RSA-DES-CBC3-SHA');
  const exp = cipherSuite('EXP-RC4-MD5')!;
  assert.deepEqual([exp.iana, exp.strength, exp.bits, exp.algBits], ['TLS_RSA_EXPORT_WITH_RC4_40_MD5', 'EXPORT', 40, 128]);
  assert.deepEqual(exp.lines, ['1.0.2']);
  assert.equal(cipherSuite('NOPE'), undefined);
});

test('the data: unique names and code points per line, known weakness reasons, sources everywhere', () => {
  const reasons = new Set(Object.keys(table.weak_reasons));
  const cps = new Set<string>();
  for (const s of [...table.suites, ...table.tls13]) {
    assert.ok(!cps.has(s.code_point), s.code_point);
    cps.add(s.code_point);
    assert.ok(s.sources.length > 0, s.name);
    for (const w of s.weak) assert.ok(reasons.has(w), w);
    assert.match(s.code_point, /^0x[0-9A-F]{2},0x[0-9A-F]{2}$/);
    for (const [line, facts] of Object.entries(s.openssl)) {
      assert.ok((s.lines as string[]).includes(line));
      for (const r of (facts as { requires?: string[] }).requires ?? []) assert.ok(r in table.requirements, r);
    }
  }
  for (const line of ['1.0.2', '1.1.1', '3.0'] as const) {
    const seen = new Set<string>();
    for (const s of allCipherSuites(line)) {
      assert.ok(!seen.has(s.name), `${line} ${s.name}`);
      seen.add(s.name);
    }
  }
  const kinds = new Set(table.suites.flatMap((s) => s.weak));
  for (const k of ['NULL', 'anonymous', 'EXPORT', 'DES', '3DES', 'RC4', 'RC2', 'MD5', 'static RSA', 'IDEA', 'SEED'])
    assert.ok(kinds.has(k), k);
  for (const n of ['PSK-AES128-CBC-SHA', 'SRP-AES-128-CBC-SHA', 'CAMELLIA128-SHA', 'ARIA128-GCM-SHA256', 'ECDHE-RSA-CHACHA20-POLY1305', 'AES128-CCM', 'GOST2001-GOST89-GOST89'])
    assert.ok(cipherSuite(n), n);
});

// ---------------------------------------------------------------------------------------------
// Speed: called on every keystroke for every cipher string of a file

test('expansions are fast and cached', () => {
  const t0 = performance.now();
  for (let i = 0; i < 300; i++) expandCipherString(`HIGH:!aNULL:!MD5:!SHA${i}`, '3.0');
  const cold = (performance.now() - t0) / 300;
  assert.ok(cold < 5, `${cold.toFixed(2)} ms per uncached expansion`);
  const text = STRINGS['Mozilla intermediate (v4)']!;
  const first = expandCipherString(text, '3.0');
  const t1 = performance.now();
  for (let i = 0; i < 10000; i++) expandCipherString(text, '3.0');
  const warm = (performance.now() - t1) / 10000;
  assert.ok(warm < 0.05, `${warm.toFixed(4)} ms per cached expansion`);
  assert.equal(expandCipherString(text, '3.0'), first);
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.suites));
});

test('long strings are handled iteratively', () => {
  const text = Array.from({ length: 20000 }, (_, i) => (i % 3 ? 'AES+SHA1' : '!MD5')).join(':');
  const e = expandCipherString(text, '3.0');
  assert.ok(e.suites.length > 0);
});

// ---------------------------------------------------------------------------------------------
// ssl-lens ciphers

function cli(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCiphersCommand(args, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

test('ssl-lens ciphers: text table in order with weaknesses', () => {
  const r = cli(['RSA+AES128:RC4', '--openssl', '1.0.2']);
  assert.equal(r.code, 0);
  const lines = r.out.split('\n');
  assert.match(lines[0]!, /^OpenSSL 1\.0\.2: \d+ suites for TLS 1\.2 and below/);
  assert.match(lines[1]!, /^SUITE\s+PROTOCOL\s+KX\s+AU\s+ENC\(BITS\)\s+MAC\s+WEAK$/);
  assert.match(r.out, /\nRC4-MD5\s+SSLv3\s+RSA\s+RSA\s+RC4\(128\)\s+MD5\s+RC4, MD5, static RSA\n/);
  assert.match(r.out, /suites are weak/);
});

test('ssl-lens ciphers: --format json prints the TLS 1.2-and-below suites', () => {
  const r = cli(['--format', 'json', 'ECDHE+AESGCM:AES128-SHA']);
  assert.equal(r.code, 0);
  const rows = JSON.parse(r.out) as { name: string; weak: string[] }[];
  assert.deepEqual(Object.keys(rows[0]!), ['name', 'iana', 'protocol', 'kx', 'au', 'enc', 'bits', 'mac', 'weak']);
  assert.deepEqual(rows.map((x) => x.name), [...expandCipherString('ECDHE+AESGCM:AES128-SHA', '3.0').suites.map((s) => s.name)]);
  assert.deepEqual(rows.at(-1), { name: 'AES128-SHA', iana: 'TLS_RSA_WITH_AES_128_CBC_SHA', protocol: 'SSLv3', kx: 'RSA', au: 'RSA', enc: 'AES', bits: 128, mac: 'SHA1', weak: ['static RSA'] });
});

test('ssl-lens ciphers: exit 2 when nothing is selected or on bad usage', () => {
  const none = cli(['FOO']);
  assert.equal(none.code, 2);
  assert.match(none.err, /selects no TLS 1\.2-and-below suite under OpenSSL 3\.0: no cipher match/);
  assert.match(none.err, /unknown keywords \(ignored by OpenSSL\): FOO/);
  assert.equal(cli(['EXPORT', '--openssl', '3.0']).code, 2);
  assert.equal(cli(['EXPORT', '--openssl=1.0.2']).code, 0);
  assert.equal(cli([]).code, 2);
  assert.equal(cli(['HIGH', '--openssl', '2.0']).code, 2);
  assert.equal(cli(['HIGH', '--format', 'xml']).code, 2);
  assert.equal(cli(['HIGH', 'MEDIUM']).code, 2);
  assert.equal(cli(['HIGH', '--bogus']).code, 2);
  assert.equal(cli(['--', '-ALL:HIGH']).code, 0);
  assert.equal(cli(['eNULL', '--seclevel', '0']).code, 0);
  assert.equal(cli(['eNULL']).code, 2);
});
