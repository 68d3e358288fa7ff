import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssl-lens-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

const INSECURE = 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\nssl._create_unverified_context()\n';

test('concise output, exit status 1 when something is found', () => {
  const dir = project({ 'app.py': INSECURE });
  const r = run(['check', '--format', 'concise', '.'], dir);
  assert.equal(r.code, 1);
  assert.equal(
    r.out,
    'app.py:2:22: SSL101 ssl.PROTOCOL_TLSv1 selects TLS 1.0; TLS 1.0 is deprecated by RFC 8996 (BEAST, CVE-2011-3389; no AEAD suites).\n' +
      'app.py:3:1: SSL201 ssl._create_unverified_context() returns a context that accepts any certificate (CERT_NONE) for any host name.\n' +
      'Found 2 problems.\n',
  );
});

test('exit status 0 when nothing is found, 2 on usage errors', () => {
  const dir = project({ 'ok.py': 'import ssl\nctx = ssl.create_default_context()\n' });
  assert.equal(run(['check', '.'], dir).code, 0);
  assert.equal(run(['check', '.'], dir).out, 'No problems found.\n');
  const bad = run(['check', '--format', 'xml', '.'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--format takes text, concise, json or sarif, not 'xml'/);
  assert.equal(run(['check', 'missing.py'], dir).code, 2);
  assert.equal(run(['check', '--select', 'SSL999', '.'], dir).code, 2);
  assert.equal(run(['frobnicate'], dir).code, 2);
});

test('JSON output: 1-based lines and code-point columns', () => {
  const dir = project({ 'app.py': 'import ssl\nx = "é😀"; ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n' });
  const r = run(['check', '--format', 'json', 'app.py'], dir);
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.out), [
    {
      file: 'app.py',
      line: 2,
      column: 32,
      endLine: 2,
      endColumn: 50,
      code: 'SSL101',
      name: 'insecure-protocol',
      severity: 'error',
      message: 'ssl.PROTOCOL_TLSv1 selects TLS 1.0; TLS 1.0 is deprecated by RFC 8996 (BEAST, CVE-2011-3389; no AEAD suites).',
    },
  ]);
});

test('SARIF 2.1.0 with one rule entry per code and help text', () => {
  const dir = project({ 'app.py': INSECURE });
  const r = run(['check', '--format', 'sarif', '.'], dir);
  assert.equal(r.code, 1);
  const log = JSON.parse(r.out);
  assert.equal(log.version, '2.1.0');
  const driver = log.runs[0].tool.driver;
  assert.equal(driver.name, 'ssl-lens');
  assert.deepEqual(driver.rules.map((x: any) => x.id).slice(0, 6), ['SSL101', 'SSL102', 'SSL103', 'SSL201', 'SSL202', 'SSL203']);
  assert.match(driver.rules[0].help.markdown, /## Why is this bad\?/);
  assert.deepEqual(
    log.runs[0].results.map((x: any) => [x.ruleId, x.level, x.locations[0].physicalLocation.artifactLocation.uri, x.locations[0].physicalLocation.region.startLine, x.locations[0].physicalLocation.region.startColumn]),
    [
      ['SSL101', 'error', 'app.py', 2, 22],
      ['SSL201', 'error', 'app.py', 3, 1],
    ],
  );
});

test('--select and --ignore accept our codes and the peers\' codes', () => {
  const dir = project({ 'app.py': INSECURE });
  const only = JSON.parse(run(['check', '--format', 'json', '--select', 'S502', '.'], dir).out);
  assert.deepEqual(only.map((f: any) => f.code), ['SSL101']);
  const ignored = JSON.parse(run(['check', '--format', 'json', '--ignore', 'SSL101,B323', '.'], dir).out);
  assert.deepEqual(ignored.map((f: any) => f.code), []);
});

test('--target overrides discovery; without it, requires-python is read', () => {
  const files = { 'pyproject.toml': '[project]\nrequires-python = ">=3.6"\n', 'pkg/app.py': 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS)\n' };
  const dir = project(files);
  const discovered = JSON.parse(run(['check', '--format', 'json', '.'], dir).out);
  assert.deepEqual(discovered.map((f: any) => f.code), ['SSL103', 'SSL503']);
  assert.match(discovered[0].message, /Python 3\.6–3\.14 \(>=3\.6 from requires-python in pyproject\.toml\) includes 3\.6/);
  // From 3.10 the default floor is TLS 1.2, so only the deprecation of PROTOCOL_TLS remains.
  const overridden = JSON.parse(run(['check', '--format', 'json', '--target', '3.10', '.'], dir).out);
  assert.deepEqual(overridden.map((f: any) => f.code), ['SSL503']);
  assert.equal(run(['check', '--target', 'banana', '.'], dir).code, 2);
});

test('directories are walked, skipping .git, node_modules, virtual environments and excluded globs', () => {
  const dir = project({
    'src/app.py': INSECURE,
    '.git/hooks/x.py': INSECURE,
    'node_modules/pkg/x.py': INSECURE,
    'env/pyvenv.cfg': 'home = /usr/bin\n',
    'env/lib/x.py': INSECURE,
    'build/gen.py': INSECURE,
    'notes.txt': INSECURE,
  });
  const r = JSON.parse(run(['check', '--format', 'json', '--exclude', 'build', '.'], dir).out);
  assert.deepEqual([...new Set(r.map((f: any) => f.file))], ['src/app.py']);
});

test('an undecodable or unreadable file is reported on stderr and the run goes on', () => {
  const dir = project({
    'a_bad.py': Buffer.from([0x69, 0x6d, 0x70, 0x6f, 0x72, 0x74, 0x20, 0x73, 0x73, 0x6c, 0x0a, 0xff, 0xfe, 0x0a]),
    'b_nul.py': Buffer.from('import ssl\n\u0000\n'),
    'c_latin1.py': Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nimport ssl\nname = "'), Buffer.from([0xe9]), Buffer.from('"; ssl._create_unverified_context()\n')]),
    'd_locked.py': INSECURE,
    'e_good.py': INSECURE,
  });
  chmodSync(join(dir, 'd_locked.py'), 0o000);
  const r = run(['check', '--format', 'json', '.'], dir);
  assert.equal(r.code, 1);
  assert.match(r.err, /a_bad\.py: is not valid UTF-8 \(byte 11\) and declares no other encoding; skipped/);
  assert.match(r.err, /b_nul\.py: contains NUL bytes, so it is not Python source; skipped/);
  const files = JSON.parse(r.out).map((f: any) => `${f.file}:${f.line}:${f.column} ${f.code}`);
  assert.ok(files.includes('c_latin1.py:3:13 SSL201'), files.join());
  assert.ok(files.includes('e_good.py:2:22 SSL101'), files.join());
  // Root can read any file, so the locked file is only reported when the tests do not run as root.
  if (process.getuid?.() !== 0) assert.match(r.err, /d_locked\.py: cannot be read/);
});

test('files that never mention TLS are skipped without parsing, unless --no-prefilter', () => {
  // This file has a finding only through names the pre-filter looks for, so it proves nothing alone;
  // instead check that a file with no mention yields no output and a broken one is not even parsed.
  const dir = project({ 'plain.py': 'def f(:\n  return 1\n' });
  assert.equal(run(['check', '.'], dir).out, 'No problems found.\n');
  assert.equal(run(['check', '--no-prefilter', '.'], dir).out, 'No problems found.\n');
});

test('--help lists every option', () => {
  const r = run(['--help'], tmpdir());
  assert.equal(r.code, 0);
  for (const opt of ['--format', '--target', '--select', '--ignore', '--exclude', '--no-prefilter', '--output-file', '--exit-zero', '--stdio']) assert.ok(r.out.includes(opt), opt);
});

test('ciphers: the suites a string selects, as text and JSON; exit 2 when nothing matches', () => {
  const json = run(['ciphers', 'ECDHE+AESGCM:AES256-SHA', '--format', 'json'], tmpdir());
  assert.equal(json.code, 0);
  const suites = JSON.parse(json.out);
  assert.deepEqual(suites.map((s: any) => s.name), ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'AES256-SHA']);
  assert.deepEqual(suites[4], { name: 'AES256-SHA', iana: 'TLS_RSA_WITH_AES_256_CBC_SHA', protocol: 'SSLv3', kx: 'RSA', au: 'RSA', enc: 'AES', bits: 256, mac: 'SHA1', weak: ['static RSA'] });
  const old = run(['ciphers', 'RC4', '--openssl', '1.0.2'], tmpdir());
  assert.equal(old.code, 0);
  assert.match(old.out, /^OpenSSL 1\.0\.2: \d+ suites for TLS 1\.2 and below, in order\n/);
  assert.match(old.out, /\nRC4-SHA +SSLv3 +RSA +RSA +RC4\(128\) +SHA1 +RC4, static RSA\n/);
  const none = run(['ciphers', 'FOO'], tmpdir());
  assert.equal(none.code, 2);
  assert.match(none.err, /'FOO' selects no TLS 1\.2-and-below suite under OpenSSL 3\.0: no cipher match/);
});

test('--diff prints the safe fixes and writes nothing; --fix writes them; --unsafe-fixes adds the rest', () => {
  const original = 'import ssl\nctx = ssl.create_default_context()\nctx.verify_mode = ssl.CERT_NONE\nctx.set_ciphers("HIGH:!aNULL")\n';
  const dir = project({ 'app.py': original });
  const diff = run(['check', '--diff', '.'], dir);
  assert.equal(diff.code, 1);
  assert.equal(
    diff.out,
    [
      '===================================================================',
      '--- a/app.py',
      '+++ b/app.py',
      '@@ -1,4 +1,4 @@',
      ' import ssl',
      ' ctx = ssl.create_default_context()',
      ' ctx.verify_mode = ssl.CERT_NONE',
      '-ctx.set_ciphers("HIGH:!aNULL")',
      '+ctx.set_ciphers("HIGH:!aNULL:!kRSA:!kRSAPSK")',
      '',
    ].join('\n'),
  );
  assert.equal(readFileSync(join(dir, 'app.py'), 'utf8'), original);

  const fixed = run(['check', '--fix', '--format', 'json', '.'], dir);
  assert.match(fixed.err, /applied 1 fix\n/);
  assert.deepEqual(JSON.parse(fixed.out).map((f: any) => f.code), ['SSL201']);
  assert.equal(readFileSync(join(dir, 'app.py'), 'utf8'), original.replace('HIGH:!aNULL', 'HIGH:!aNULL:!kRSA:!kRSAPSK'));

  const unsafe = run(['check', '--fix', '--unsafe-fixes', '.'], dir);
  assert.equal(unsafe.code, 0);
  assert.equal(readFileSync(join(dir, 'app.py'), 'utf8'), 'import ssl\nctx = ssl.create_default_context()\nctx.verify_mode = ssl.CERT_REQUIRED\nctx.set_ciphers("HIGH:!aNULL:!kRSA:!kRSAPSK")\n');
  assert.equal(run(['check', '--fix', '--diff', '.'], dir).code, 2);
});
