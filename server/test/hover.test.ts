import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parserReady, position, target } from './helpers';
import { parsePython } from '../src/python/parser';
import { ModuleModel } from '../src/python/model';
import { hoverAt } from '../src/features/hover';
import { LspClient } from './lsp-client';

const TEXT = [
  'import ssl',
  'import ssl as tls',
  'ctx = ssl.create_default_context()',
  'ctx.load_default_certs()',
  'cert = ssl.get_server_certificate(("example.com", 443), timeout=5)',
  'x = ssl._DEFAULT_CIPHERS  # noqa: SSL101, S502',
  'print(tls.OPENSSL_VERSION)',
  'proto = ssl.PROTOCOL_TLSv1',
  '"ssl.PROTOCOL_SSLv3 in a string"',
  '',
].join('\n');

async function hover(needle: string, occurrence = 1, spec = '>=3.3') {
  await parserReady;
  const model = new ModuleModel(parsePython(TEXT), TEXT);
  return hoverAt(model, position(TEXT, needle, occurrence), target(spec, 'requires-python in pyproject.toml'));
}

test('a method of an inferred receiver: timeline and verdict for the targets', async () => {
  const h = await hover('load_default_certs');
  assert.deepEqual(h?.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 22 } });
  assert.equal(
    h?.markdown,
    [
      '**ssl.SSLContext.load_default_certs** · method',
      '```python\nload_default_certs(purpose=Purpose.SERVER_AUTH)\n```',
      "Loads the system's default CA certificates for a purpose.",
      '| | Python 2 | Python 3 |\n|---|---|---|\n| Added | 2.7.9 | 3.4 |\n| Deprecated | — | — |\n| Removed | — | — |',
      '**This file** targets Python 3.3–3.14 (`>=3.3` from requires-python in pyproject.toml): missing on 3.3–3.3.7.',
      '[Python documentation](https://docs.python.org/3/library/ssl.html#ssl.SSLContext.load_default_certs)',
    ].join('\n\n'),
  );
});

test('the verdict follows the target', async () => {
  const h = await hover('load_default_certs', 1, '>=3.8');
  assert.match(h!.markdown, /targets Python 3\.8–3\.14 \(`>=3\.8` from requires-python in pyproject\.toml\): available on every targeted version\./);
});

test('a keyword parameter shows the parameter\'s own history', async () => {
  const h = await hover('timeout');
  assert.match(h!.markdown, /^\*\*ssl\.get_server_certificate\(timeout=\)\*\* · parameter/);
  assert.match(h!.markdown, /\| Added \| never \| 3\.10 \|/);
  assert.match(h!.markdown, /missing on 3\.3–3\.9\.\d+\./);
});

test('a module alias resolves, and OPENSSL_VERSION shows the installers\' OpenSSL', async () => {
  const h = await hover('OPENSSL_VERSION');
  assert.match(h!.markdown, /^\*\*ssl\.OPENSSL_VERSION\*\* · constant/);
  assert.match(h!.markdown, /\| Python \| Windows \| macOS \|/);
  assert.match(h!.markdown, /\| 2\.7\.9 \| 1\.0\.1j \| 1\.0\.1j \|/);
  assert.match(h!.markdown, /\| 3\.6\.1 \| 1\.0\.2k \|/);
});

test('_DEFAULT_CIPHERS shows the default string of each targeted version range', async () => {
  const h = await hover('_DEFAULT_CIPHERS', 1, '>=3.8');
  assert.match(h!.markdown, /Python's default cipher string on the targeted versions \(3\.8–3\.14\):/);
  assert.match(h!.markdown, /\| Python 3 3\.7–3\.10 \| `DEFAULT:!aNULL:!eNULL:!MD5:!3DES:!DES:!RC4:!IDEA:!SEED:!aDSS:!SRP:!PSK` \|/);
  assert.match(h!.markdown, /\| Python 3 3\.10\+ \| `@SECLEVEL=2:ECDH\+AESGCM/);
  assert.doesNotMatch(h!.markdown, /\| Python 2 2\./);
});

test('a rule code in a noqa comment shows that rule\'s documentation; a peer code too', async () => {
  const own = await hover('SSL101');
  assert.match(own!.markdown, /^# insecure-protocol \(SSL101\)\n\n## What it does/);
  assert.deepEqual(own?.range, { start: { line: 5, character: 34 }, end: { line: 5, character: 40 } });
  const peer = await hover('S502');
  assert.match(peer!.markdown, /^# insecure-protocol \(SSL101\)/);
});

test('a variable shows its inferred type; strings show nothing', async () => {
  assert.equal((await hover('ctx', 2))?.markdown, '`ctx`: `ssl.SSLContext` (inferred in this module)');
  assert.equal(await hover('PROTOCOL_SSLv3'), undefined);
});

test('hover over LSP', async () => {
  const client = await LspClient.start();
  try {
    const uri = 'file:///project/hover.py';
    client.open(uri, TEXT);
    await client.waitForDiagnostics(uri);
    const h: any = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: position(TEXT, 'load_default_certs') });
    assert.equal(h.contents.kind, 'markdown');
    assert.match(h.contents.value, /^\*\*ssl\.SSLContext\.load_default_certs\*\* · method/);
    assert.match(h.contents.value, /targets Python 3\.10–3\.14 \(`>=3\.10` from the default target\): available on every targeted version\./);
  } finally {
    await client.stop();
  }
});

test('a cipher string shows its expansion, weak suites marked, and the difference from Python\'s default', async () => {
  await parserReady;
  const text = 'import ssl\nctx = ssl.create_default_context()\nctx.set_ciphers("ECDHE+AESGCM:AES256-SHA")\n';
  const model = new ModuleModel(parsePython(text), text);
  const h = hoverAt(model, position(text, 'AES256-SHA'), target('>=3.12', 'requires-python in pyproject.toml'));
  assert.deepEqual(h?.range, { start: { line: 2, character: 16 }, end: { line: 2, character: 41 } });
  const md = h!.markdown.split('\n\n');
  assert.equal(md[0], '**Cipher string** `ECDHE+AESGCM:AES256-SHA`');
  assert.equal(md[1], 'Under OpenSSL 3.0 (Python 3.12–3.14) it selects **5** suites for TLS 1.2 and below, **1 weak**; TLS 1.3 suites are not affected by this string.');
  assert.equal(
    md[2],
    [
      '| Suite | Protocol | Kx | Au | Enc | MAC | Weak |',
      '|---|---|---|---|---|---|---|',
      '| ECDHE-ECDSA-AES256-GCM-SHA384 | TLSv1.2 | ECDH | ECDSA | AESGCM(256) | AEAD | — |',
      '| ECDHE-RSA-AES256-GCM-SHA384 | TLSv1.2 | ECDH | RSA | AESGCM(256) | AEAD | — |',
      '| ECDHE-ECDSA-AES128-GCM-SHA256 | TLSv1.2 | ECDH | ECDSA | AESGCM(128) | AEAD | — |',
      '| ECDHE-RSA-AES128-GCM-SHA256 | TLSv1.2 | ECDH | RSA | AESGCM(128) | AEAD | — |',
      '| ⚠ AES256-SHA | SSLv3 | RSA | RSA | AES(256) | SHA1 | static RSA |',
    ].join('\n'),
  );
  assert.match(md[3], /^Compared with Python 3\.14's default \(`@SECLEVEL=2:ECDH\+AESGCM:ECDH\+CHACHA20:ECDH\+AES:DHE\+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM`\): adds AES256-SHA; drops /);
});

test('a string that is not a cipher string gets no cipher hover', async () => {
  await parserReady;
  const text = 'import ssl\nlabel = "ECDHE+AESGCM"\n';
  const model = new ModuleModel(parsePython(text), text);
  assert.equal(hoverAt(model, position(text, 'AESGCM'), target('>=3.12')), undefined);
});
