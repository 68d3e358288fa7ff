import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './helpers';
import { parseDirectives } from '../src/suppressions';

const codes = async (text: string) => (await check(text)).map((f) => `${f.range.start.line + 1} ${f.code}`);

test('a bare noqa silences every rule on the line', async () => {
  assert.deepEqual(await codes('import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # noqa\n'), []);
});

test('noqa with our code, a Ruff code, or free text after the codes', async () => {
  assert.deepEqual(await codes('import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # noqa: SSL101\n'), []);
  assert.deepEqual(await codes('import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # noqa: S502\n'), []);
  assert.deepEqual(await codes('import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # noqa: E501, SSL101 legacy device firmware\n'), []);
});

test('noqa for another code does not silence', async () => {
  assert.deepEqual(await codes('import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # noqa: SSL201\n'), ['2 SSL101']);
  assert.deepEqual(await codes('import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # noqa: S501\n'), ['2 SSL101']);
});

test('nosec, bare and with Bandit codes', async () => {
  assert.deepEqual(await codes('import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # nosec\n'), []);
  assert.deepEqual(await codes('import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # nosec B502\n'), []);
  assert.deepEqual(await codes('import ssl\nctx = ssl._create_unverified_context()  # nosec: B323\n'), []);
  assert.deepEqual(await codes('import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # nosec B323\n'), ['2 SSL101']);
});

test('a comment anywhere on a multi-line statement counts for the whole statement', async () => {
  const text = 'import ssl\nctx = ssl.SSLContext(\n    ssl.PROTOCOL_TLSv1,\n)  # noqa: SSL101\n';
  assert.deepEqual(await codes(text), []);
  const first = 'import ssl\nctx = ssl.SSLContext(  # noqa: SSL101\n    ssl.PROTOCOL_TLSv1,\n)\n';
  assert.deepEqual(await codes(first), []);
});

test('a comment on the next statement does not count', async () => {
  const text = 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\nother = 1  # noqa: SSL101\n';
  assert.deepEqual(await codes(text), ['2 SSL101']);
});

test('a comment inside a compound statement body does not silence its header', async () => {
  const text = 'import ssl\nif ssl.PROTOCOL_TLSv1:\n    pass  # noqa: SSL101\n';
  assert.deepEqual(await codes(text), ['2 SSL101']);
});

test('directives are read from comment text', () => {
  assert.deepEqual(parseDirectives('# noqa: SSL101,S502 because').map((d) => d.codes), [['SSL101', 'S502']]);
  assert.deepEqual(parseDirectives('# nosec B502 B503').map((d) => d.codes), [['B502', 'B503']]);
  assert.deepEqual(parseDirectives('# NOQA').map((d) => d.codes), ['all']);
  assert.deepEqual(parseDirectives('# type: ignore  # noqa:SSL201').map((d) => d.codes), [['SSL201']]);
  assert.deepEqual(parseDirectives('# a note about noqa-like words: knoqa'), []);
});
