// pyOpenSSL knowledge: data/pyopenssl-api.json against its schema and against the other data files, exact facts
// read from pyca/pyopenssl (code first, then CHANGELOG.rst), and the hovers built from it at exact positions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parserReady, position, target } from './helpers';
import { parsePython } from '../src/python/parser';
import { ModuleModel } from '../src/python/model';
import { hoverAt } from '../src/features/hover';
import { pyopensslHover } from '../src/features/pyopenssl-hover';
import {
  allPyopensslEntries,
  comparePyopensslVersions,
  pyopensslEntry,
  pyopensslLatest,
  pyopensslOldest,
  type PyopensslEntry,
} from '../src/facts/pyopenssl-api';
import { schemaErrors } from './schema';

const root = join(__dirname, '..', '..');
const SCHEMA = 'data/schema/pyopenssl-api.schema.json';

function readJson<T = any>(rel: string): T {
  return JSON.parse(readFileSync(join(root, rel), 'utf8')) as T;
}

function entry(name: string): PyopensslEntry {
  const e = pyopensslEntry(name);
  assert.ok(e, `no entry ${name}`);
  return e;
}

// ---------------------------------------------------------------- schema

test('data/pyopenssl-api.json matches data/schema/pyopenssl-api.schema.json', () => {
  const data = readJson('data/pyopenssl-api.json');
  assert.equal(data.$schema, './schema/pyopenssl-api.schema.json');
  const errors = schemaErrors(SCHEMA, data);
  assert.deepEqual(errors.slice(0, 20), [], `${errors.length} schema error(s)`);
});

test('the schema rejects malformed entries', () => {
  const good = readJson('data/pyopenssl-api.json');
  const wrap = (e: object) => ({ oldest: good.oldest, latest: good.latest, entries: [e] });
  const first = good.entries.find((e: PyopensslEntry) => e.name === 'OpenSSL.SSL.Context.set_min_proto_version');
  assert.deepEqual(schemaErrors(SCHEMA, wrap(first)), []);
  const noSources = { ...first };
  delete noSources.sources;
  assert.ok(schemaErrors(SCHEMA, wrap(noSources)).includes("/entries/0 must have required property 'sources'"));
  const rejects = (change: object, field: string) => schemaErrors(SCHEMA, wrap({ ...first, ...change })).some((e) => e.startsWith(`/entries/0/${field} `));
  assert.ok(rejects({ kind: 'attribute' }, 'kind'));
  assert.ok(rejects({ added: '21.0' }, 'added'));
  assert.ok(rejects({ removed: '3.12' }, 'removed'));
  assert.ok(rejects({ name: 'ssl.SSLContext' }, 'name'));
  assert.ok(rejects({ docs: 'https://docs.python.org/3/library/ssl.html' }, 'docs'));
  assert.ok(rejects({ openssl: 'new enough' }, 'openssl'));
  assert.ok(schemaErrors(SCHEMA, wrap({ ...first, extra: 1 })).includes('/entries/0 must NOT have additional properties (extra)'));
});

// ---------------------------------------------------------------- consistency

test('names are unique and every method belongs to a class the data knows', () => {
  const entries = allPyopensslEntries();
  assert.equal(new Set(entries.map((e) => e.name)).size, entries.length);
  for (const e of entries.filter((x) => x.kind === 'method')) {
    const owner = e.name.slice(0, e.name.lastIndexOf('.'));
    assert.equal(pyopensslEntry(owner)?.kind, 'class', `${e.name}: owner ${owner}`);
    assert.ok(e.signature?.startsWith(`${e.name.slice(owner.length + 1)}(`), `${e.name}: signature ${e.signature}`);
  }
});

test('each history is in order: added before deprecated before removed, all within the releases covered', () => {
  const oldest = pyopensslOldest();
  const latest = pyopensslLatest();
  for (const e of allPyopensslEntries()) {
    const added = e.added ?? oldest;
    for (const v of [e.added, e.deprecated, e.removed]) {
      if (v) assert.ok(comparePyopensslVersions(v, latest) <= 0, `${e.name}: ${v} is after ${latest}`);
    }
    if (e.deprecated) assert.ok(comparePyopensslVersions(added, e.deprecated) <= 0, `${e.name}: deprecated before added`);
    if (e.removed) assert.ok(comparePyopensslVersions(added, e.removed) < 0, `${e.name}: removed before added`);
    if (e.deprecated && e.removed) assert.ok(comparePyopensslVersions(e.deprecated, e.removed) < 0, `${e.name}: removed before deprecated`);
  }
});

test('a replacement inside pyOpenSSL names an entry that still exists', () => {
  for (const e of allPyopensslEntries()) {
    if (!e.replacement?.startsWith('OpenSSL.SSL.')) continue;
    const r = pyopensslEntry(e.replacement);
    assert.ok(r, `${e.name}: replacement ${e.replacement} has no entry`);
    assert.equal(r.removed, null, `${e.name}: replacement ${e.replacement} was removed`);
  }
});

test('every pyOpenSSL name used by the other data files has an entry', () => {
  for (const file of ['data/types.json', 'data/protocols.json', 'data/libraries.json']) {
    const names = new Set([...readFileSync(join(root, file), 'utf8').matchAll(/"(OpenSSL\.SSL\.[A-Za-z_][A-Za-z0-9_.]*)"/g)].map((m) => m[1]));
    assert.ok(names.size > 0, file);
    for (const name of names) assert.ok(pyopensslEntry(name), `${file}: ${name}`);
  }
});

// ---------------------------------------------------------------- exact facts

test('protocol selection: TLS_METHOD and min/max versions arrived in 21.0.0; SSLv2/SSLv3 methods left in 22.1.0', () => {
  for (const name of ['TLS_METHOD', 'TLS_CLIENT_METHOD', 'TLS_SERVER_METHOD', 'TLS1_2_VERSION', 'Context.set_min_proto_version', 'Context.set_max_proto_version']) {
    assert.equal(entry(`OpenSSL.SSL.${name}`).added, '21.0.0', name);
  }
  assert.equal(entry('OpenSSL.SSL.Context.set_min_proto_version').openssl, '1.1.0');
  assert.equal(entry('OpenSSL.SSL.TLS1_3_VERSION').openssl, '1.1.1');
  for (const name of ['SSLv2_METHOD', 'SSLv3_METHOD']) {
    const e = entry(`OpenSSL.SSL.${name}`);
    assert.equal(e.added, null);
    assert.equal(e.removed, '22.1.0');
    assert.match(e.security!, /SSL101/);
  }
  assert.match(entry('OpenSSL.SSL.SSLv3_METHOD').security!, /POODLE, CVE-2014-3566/);
  assert.equal(entry('OpenSSL.SSL.TLSv1_METHOD').deprecated, '21.0.0');
  assert.equal(entry('OpenSSL.SSL.TLSv1_METHOD').removed, null);
  assert.equal(entry('OpenSSL.SSL.TLSv1_1_METHOD').added, '0.14');
});

test('OP_ALL includes OP_DONT_INSERT_EMPTY_FRAGMENTS, unlike Python\'s ssl.OP_ALL', () => {
  const e = entry('OpenSSL.SSL.OP_ALL');
  assert.match(e.security!, /^Includes OP_DONT_INSERT_EMPTY_FRAGMENTS/);
  assert.match(e.security!, /CVE-2011-3389/);
  assert.match(e.security!, /SSL403/);
  assert.ok(e.sources.some((s) => s.includes('OP_ALL == 0x80000850')));
  assert.match(entry('OpenSSL.SSL.OP_DONT_INSERT_EMPTY_FRAGMENTS').security!, /BEAST \(CVE-2011-3389\)/);
});

test('verification: VERIFY_NONE is insecure, and nothing in pyOpenSSL checks host names', () => {
  assert.match(entry('OpenSSL.SSL.VERIFY_NONE').security!, /SSL201/);
  assert.equal(entry('OpenSSL.SSL.VERIFY_NONE').replacement, 'OpenSSL.SSL.VERIFY_PEER');
  assert.match(entry('OpenSSL.SSL.Context.set_verify').security!, /VERIFY_NONE/);
  assert.equal(entry('OpenSSL.SSL.Connection.set_verify').added, '22.1.0');
  assert.match(entry('OpenSSL.SSL').security!, /never checks that a certificate matches the host name/);
  assert.match(entry('OpenSSL.SSL.Connection.set_tlsext_host_name').security!, /does not check/);
});

test('deprecations and removals from the changelog', () => {
  for (const name of ['Context.set_npn_advertise_callback', 'Context.set_npn_select_callback', 'Connection.get_next_proto_negotiated']) {
    const e = entry(`OpenSSL.SSL.${name}`);
    assert.deepEqual([e.added, e.deprecated, e.removed], ['0.15', '19.1.0', '20.0.0'], name);
  }
  assert.deepEqual([entry('OpenSSL.SSL.ContextType').deprecated, entry('OpenSSL.SSL.ContextType').removed], ['17.1.0', '19.1.0']);
  assert.equal(entry('OpenSSL.SSL.Context.set_passwd_cb').deprecated, '26.3.0');
  assert.equal(entry('OpenSSL.SSL.Context.set_client_ca_list').deprecated, '26.3.0');
  assert.equal(entry('OpenSSL.SSL.SSLeay_version').deprecated, '22.1.0');
  assert.equal(entry('OpenSSL.SSL.SSLeay_version').replacement, 'OpenSSL.SSL.OpenSSL_version');
  assert.equal(entry('OpenSSL.SSL.OpenSSL_version').added, '22.1.0');
  assert.equal(entry('OpenSSL.SSL.SSL_ST_INIT').removed, '20.0.0');
  assert.equal(entry('OpenSSL.tsafe').removed, '20.0.0');
  assert.deepEqual([entry('OpenSSL.rand.egd').deprecated, entry('OpenSSL.rand.egd').removed], ['16.0.0', '17.1.0']);
  assert.deepEqual([entry('OpenSSL.rand.bytes').added, entry('OpenSSL.rand.bytes').removed], ['0.10', '17.3.0']);
  assert.deepEqual([entry('OpenSSL.rand.add').deprecated, entry('OpenSSL.rand.add').removed], ['24.3.0', null]);
});

test('the code wins over docstrings and documentation', () => {
  // The docstring says "versionadded:: 21.1", a release that never existed; the method first shipped in 22.0.0.
  assert.equal(entry('OpenSSL.SSL.Connection.set_ciphertext_mtu').added, '22.0.0');
  // The documentation still lists SSL.FILETYPE_ASN1, but the module lost it when it was rewritten in Python.
  assert.equal(entry('OpenSSL.SSL.FILETYPE_ASN1').removed, '0.14');
  // A commit proposing OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION never reached a release.
  assert.equal(pyopensslEntry('OpenSSL.SSL.OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION'), undefined);
  assert.equal(entry('OpenSSL.SSL.OP_LEGACY_SERVER_CONNECT').added, '23.3.0');
  // Names from the C extension carry the release that first had them.
  assert.equal(entry('OpenSSL.SSL.Connection.get_peer_cert_chain').added, '0.13');
  assert.equal(entry('OpenSSL.SSL.Context.set_default_verify_paths').added, '0.9');
  assert.equal(entry('OpenSSL.SSL.Context.set_verify').added, null);
  assert.equal(pyopensslOldest(), '0.6');
  assert.equal(pyopensslLatest(), '26.4.0');
});

// ---------------------------------------------------------------- hovers

const TEXT = [
  'from OpenSSL import SSL',
  'from OpenSSL.SSL import Context as Ctx',
  'import OpenSSL.rand',
  'ctx = SSL.Context(SSL.TLS_METHOD)',
  'ctx.set_verify(SSL.VERIFY_PEER, check)',
  'ctx.set_options(SSL.OP_ALL)',
  'ctx.set_npn_select_callback(pick)',
  'conn = SSL.Connection(ctx, sock)',
  'conn.set_tlsext_host_name(b"example.com")',
  'conn.get_context().load_verify_locations(b"ca.pem")',
  'conn.frobnicate()',
  'legacy = SSL.SSLv3_METHOD',
  'OpenSSL.rand.add(b"seed", 4)',
  'label = "SSL.TLS_METHOD"',
  'def peer(c: SSL.Connection):',
  '    return c.get_peer_certificate()',
  'def local(SSL):',
  '    return SSL.OP_ALL',
  '',
].join('\n');

async function hover(needle: string, occurrence = 1) {
  await parserReady;
  const model = new ModuleModel(parsePython(TEXT), TEXT);
  return hoverAt(model, position(TEXT, needle, occurrence), target('>=3.9', 'requires-python in pyproject.toml'));
}

test('a method of an inferred Connection: signature, history, OpenSSL, security and docs', async () => {
  const h = await hover('set_tlsext_host_name');
  assert.deepEqual(h?.range, { start: { line: 8, character: 5 }, end: { line: 8, character: 25 } });
  assert.equal(
    h?.markdown,
    [
      '**OpenSSL.SSL.Connection.set_tlsext_host_name** · method · pyOpenSSL',
      '```python\nset_tlsext_host_name(name)\n```',
      'On a client, sets the SNI host name sent in the ClientHello (bytes).',
      '| | pyOpenSSL |\n|---|---|\n| Added | 0.13 |\n| Deprecated | — |\n| Removed | — |',
      'Needs OpenSSL 0.9.8f or later.',
      '**Security:** It only sends the name; it does not check that the certificate matches it.',
      '[pyOpenSSL documentation](https://www.pyopenssl.org/en/latest/api/ssl.html#OpenSSL.SSL.Connection.set_tlsext_host_name)',
    ].join('\n\n'),
  );
});

test('a constant through the module alias: OP_ALL and its empty-fragments fact', async () => {
  const h = await hover('OP_ALL');
  assert.deepEqual(h?.range, { start: { line: 5, character: 20 }, end: { line: 5, character: 26 } });
  const md = h!.markdown.split('\n\n');
  assert.equal(md[0], '**OpenSSL.SSL.OP_ALL** · constant · pyOpenSSL');
  assert.equal(md[2], '| | pyOpenSSL |\n|---|---|\n| Added | 0.6 or earlier |\n| Deprecated | — |\n| Removed | — |');
  assert.match(md[3], /^\*\*Security:\*\* Includes OP_DONT_INSERT_EMPTY_FRAGMENTS, so set_options\(OP_ALL\) drops the empty-fragment countermeasure/);
  assert.equal(md.at(-1), '[pyOpenSSL documentation](https://www.pyopenssl.org/en/latest/api/ssl.html#module-OpenSSL.SSL)');
});

test('the module name, a removed method and a removed constant', async () => {
  const mod = await hover('SSL.OP_ALL');
  assert.match(mod!.markdown, /^\*\*OpenSSL\.SSL\*\* · module · pyOpenSSL\n\n/);
  assert.deepEqual(mod?.range, { start: { line: 5, character: 16 }, end: { line: 5, character: 19 } });

  const npn = (await hover('set_npn_select_callback'))!.markdown;
  assert.match(npn, /\| Added \| 0\.15 \|\n\| Deprecated \| 19\.1\.0 \|\n\| Removed \| 20\.0\.0 \|/);
  assert.match(npn, /\*\*Use instead:\*\* `OpenSSL\.SSL\.Context\.set_alpn_protos`/);
  assert.match(npn, /\[pyOpenSSL changelog\]\(https:\/\/www\.pyopenssl\.org\/en\/latest\/changelog\.html\)$/);

  const sslv3 = (await hover('SSLv3_METHOD'))!.markdown;
  assert.match(sslv3, /\| Removed \| 22\.1\.0 \|/);
  assert.match(sslv3, /Needs an OpenSSL built with SSLv3 \(disabled in default OpenSSL 1\.1\.0\+ builds\)\./);
  assert.match(sslv3, /\*\*Security:\*\* SSL 3\.0 is broken \(POODLE, CVE-2014-3566\) \(SSL101\)\./);
});

test('receivers: an import alias, a return type, an annotated parameter', async () => {
  assert.match((await hover('Ctx'))!.markdown, /^\*\*OpenSSL\.SSL\.Context\*\* · class · pyOpenSSL\n\n```python\nContext\(method\)\n```/);
  assert.match((await hover('load_verify_locations'))!.markdown, /^\*\*OpenSSL\.SSL\.Context\.load_verify_locations\*\* · method/);
  assert.match((await hover('get_peer_certificate'))!.markdown, /^\*\*OpenSSL\.SSL\.Connection\.get_peer_certificate\*\* · method[^]*```python\nget_peer_certificate\(\*, as_cryptography=False\)\n```/);
  assert.match((await hover('VERIFY_PEER'))!.markdown, /^\*\*OpenSSL\.SSL\.VERIFY_PEER\*\* · constant/);
  const rand = (await hover('add'))!.markdown;
  assert.match(rand, /^\*\*OpenSSL\.rand\.add\*\* · function · pyOpenSSL/);
  assert.match(rand, /\| Deprecated \| 24\.3\.0 \|/);
});

test('the provider itself answers where an earlier provider speaks first', async () => {
  await parserReady;
  const model = new ModuleModel(parsePython(TEXT), TEXT);
  const at = position(TEXT, 'TLS_METHOD');
  const node = model.root.descendantForPosition({ row: at.line, column: at.character })!;
  const h = pyopensslHover(model, node, target('>=3.9'));
  assert.match(h!.markdown, /^\*\*OpenSSL\.SSL\.TLS_METHOD\*\* · constant · pyOpenSSL/);
  assert.match(h!.markdown, /\| Added \| 21\.0\.0 \|/);
  assert.match(h!.markdown, /Needs OpenSSL 1\.1\.0 or later\./);
});

test('what is not a pyOpenSSL name gets no pyOpenSSL hover', async () => {
  // A variable keeps the core's inferred-type hover.
  assert.equal((await hover('conn', 1))?.markdown, '`conn`: `OpenSSL.SSL.Connection` (inferred in this module)');
  assert.equal(await hover('frobnicate'), undefined);
  assert.equal(await hover('TLS_METHOD', 2), undefined);
  // A parameter that happens to be called SSL is not the module.
  assert.equal(await hover('OP_ALL', 2), undefined);
});
