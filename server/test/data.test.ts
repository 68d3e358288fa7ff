// Checks the knowledge base in data/: that its schemas reject broken entries (data-schemas.test.ts
// validates every file against its schema), the internal consistency of version ranges and of what the
// schemas cannot express, and a handful of exact facts. Needs no Python interpreter (scripts/verify-data.mjs
// is the cross-check against real interpreters).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaErrors } from './schema';

const root = join(__dirname, '..', '..');

function readJson<T = any>(rel: string): T {
  return JSON.parse(readFileSync(join(root, rel), 'utf8')) as T;
}

// ---------------------------------------------------------------- schemas
// Every data file is validated against the schema it names by data-schemas.test.ts; these check that
// the schemas are not vacuous: a broken entry is rejected, and the error says where and why.

test('the ssl-api schema rejects a broken entry', () => {
  const schema = 'data/schema/ssl-api.schema.json';
  const good = readJson('data/ssl-api.json');
  const wrap = (e: object) => ({ entries: [e] });
  assert.deepEqual(schemaErrors(schema, wrap(good.entries[0])), []);
  const entry = { ...good.entries[0] };
  delete entry.sources;
  assert.ok(schemaErrors(schema, wrap(entry)).includes("/entries/0 must have required property 'sources'"));
  assert.ok(schemaErrors(schema, wrap({ ...good.entries[0], kind: 'macro' })).some((e) => e.startsWith('/entries/0/kind ')));
  assert.ok(schemaErrors(schema, wrap({ ...good.entries[0], docs: 'http://example.org/' })).some((e) => e.startsWith('/entries/0/docs ')));
  assert.ok(schemaErrors(schema, wrap({ ...good.entries[0], added: { py2: '3.4', py3: null } })).some((e) => e.startsWith('/entries/0/added/py2 ')));
  assert.ok(schemaErrors(schema, wrap({ ...good.entries[0], extra: 1 })).includes('/entries/0 must NOT have additional properties (extra)'));
});

test('the schemas of types, protocols, options, python-versions and cipher-hardening reject broken entries', () => {
  const types = readJson('data/types.json');
  const cls = types.classes['ssl.SSLSocket'];
  const withClass = (c: object) => ({ ...types, classes: { ...types.classes, 'ssl.SSLSocket': c } });
  assert.ok(schemaErrors('data/schema/types.schema.json', withClass({ bases: cls.bases, sources: [] })).includes('/classes/ssl.SSLSocket/sources must NOT have fewer than 1 items'));
  assert.ok(schemaErrors('data/schema/types.schema.json', withClass({ bases: ['not a name'], sources: cls.sources })).some((e) => e.startsWith('/classes/ssl.SSLSocket/bases/0 must match pattern')));

  const protocols = readJson('data/protocols.json');
  const withName = (n: object) => ({ ...protocols, names: { ...protocols.names, 'ssl.PROTOCOL_TLSv1': n } });
  const pinned = protocols.names['ssl.PROTOCOL_TLSv1'];
  assert.ok(schemaErrors('data/schema/protocols.schema.json', withName({ ...pinned, protocol: 'TLSv1.0' })).some((e) => e.startsWith('/names/ssl.PROTOCOL_TLSv1/protocol must be equal to one of the allowed values')));
  assert.ok(schemaErrors('data/schema/protocols.schema.json', withName({ kind: 'pinned', sources: pinned.sources })).includes("/names/ssl.PROTOCOL_TLSv1 must have required property 'protocol'"));
  assert.ok(schemaErrors('data/schema/protocols.schema.json', withName({ ...pinned, kind: 'pinning' })).some((e) => e.startsWith('/names/ssl.PROTOCOL_TLSv1/kind ')));
  assert.ok(schemaErrors('data/schema/protocols.schema.json', withName({ ...pinned, kind: 'negotiating' })).includes('/names/ssl.PROTOCOL_TLSv1/protocol must not be present'));
  assert.ok(schemaErrors('data/schema/protocols.schema.json', withName({ ...pinned, role: 'client' })).includes('/names/ssl.PROTOCOL_TLSv1/role must not be present'));
  const sslv3 = protocols.protocols.SSLv3;
  const withSslv3 = (p: object) => ({ ...protocols, protocols: { ...protocols.protocols, SSLv3: p } });
  assert.ok(schemaErrors('data/schema/protocols.schema.json', withSslv3({ ...sslv3, reason: '' })).some((e) => e.startsWith('/protocols/SSLv3/reason ')));

  const options = readJson('data/options.json');
  const withOption = (o: object) => ({ ...options, options: { ...options.options, 'ssl.OP_NO_COMPRESSION': o } });
  const compression = options.options['ssl.OP_NO_COMPRESSION'];
  assert.ok(schemaErrors('data/schema/options.schema.json', withOption({ ...compression, unsafe_when: 'toggled' })).some((e) => e.startsWith('/options/ssl.OP_NO_COMPRESSION/unsafe_when ')));
  assert.ok(schemaErrors('data/schema/options.schema.json', withOption({ ...compression, rule: null })).some((e) => e.startsWith('/options/ssl.OP_NO_COMPRESSION/rule must be string')));
  assert.ok(schemaErrors('data/schema/options.schema.json', withOption({ ...compression, reason: 'ends with a full stop.' })).some((e) => e.startsWith('/options/ssl.OP_NO_COMPRESSION/reason must match pattern')));

  const versions = readJson('data/python-versions.json');
  assert.ok(schemaErrors('data/schema/python-versions.schema.json', { ...versions, minors: [{ version: '3.x', last_micro: 1 }] }).some((e) => e.startsWith('/minors/0/version must match pattern')));
  assert.ok(schemaErrors('data/schema/python-versions.schema.json', { ...versions, default_target: { specifier: 'py310', reason: 'x' } }).some((e) => e.startsWith('/default_target/specifier must match pattern')));
  assert.ok(schemaErrors('data/schema/python-versions.schema.json', { ...versions, sources: [] }).includes('/sources must NOT have fewer than 1 items'));

  const hardening = readJson('data/cipher-hardening.json');
  const { RC4: _rc4, ...withoutRc4 } = hardening.exclusions;
  assert.ok(schemaErrors('data/schema/cipher-hardening.schema.json', { ...hardening, exclusions: withoutRc4 }).includes("/exclusions must have required property 'RC4'"));
  assert.ok(schemaErrors('data/schema/cipher-hardening.schema.json', { ...hardening, exclusions: { ...hardening.exclusions, RC4: { append: ['RC4'], sources: ['x y z'] } } }).some((e) => e.startsWith('/exclusions/RC4/append/0 must match pattern')));
});

// ---------------------------------------------------------------- versions

function parseVersion(text: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text);
  assert.ok(m, `bad version ${text}`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

function cmp(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

interface Entry {
  name: string;
  kind: string;
  added: { py2: string | null; py3: string | null };
  deprecated: string | null;
  removed: string | null;
  platform: string | null;
  docs: string;
  sources: string[];
  observed?: { py2?: string; py3?: string };
}

const api = readJson<{ entries: Entry[] }>('data/ssl-api.json');
const byName = new Map(api.entries.map((e) => [e.name, e]));

function entry(name: string): Entry {
  const e = byName.get(name);
  assert.ok(e, `no entry ${name}`);
  return e;
}

test('ssl-api: names are unique', () => {
  assert.equal(byName.size, api.entries.length);
});

test('ssl-api: version strings parse and sit on the right line', () => {
  for (const e of api.entries) {
    if (e.added.py2) assert.equal(parseVersion(e.added.py2)[0], 2, e.name);
    if (e.added.py3) assert.equal(parseVersion(e.added.py3)[0], 3, e.name);
    assert.ok(e.added.py2 || e.added.py3, `${e.name} was never added`);
    for (const v of [e.deprecated, e.removed]) if (v) parseVersion(v);
  }
});

test('ssl-api: added <= deprecated < removed on each line', () => {
  for (const e of api.entries) {
    for (const v of [e.deprecated, e.removed]) {
      if (!v) continue;
      const added = parseVersion(v)[0] === 2 ? e.added.py2 : e.added.py3;
      assert.ok(added, `${e.name}: ${v} on a line where it was never added`);
      assert.ok(cmp(added, v) <= 0, `${e.name}: added ${added} after ${v}`);
    }
    if (e.deprecated && e.removed && parseVersion(e.deprecated)[0] === parseVersion(e.removed)[0]) {
      assert.ok(cmp(e.deprecated, e.removed) < 0, `${e.name}: deprecated ${e.deprecated} not before removed ${e.removed}`);
    }
    if (e.removed) assert.ok(cmp(e.removed, '3.15') <= 0, `${e.name}: removal beyond the covered range`);
  }
});

test('ssl-api: observed versions are interpreters at or after the recorded addition', () => {
  for (const e of api.entries) {
    for (const line of ['py2', 'py3'] as const) {
      const o = e.observed?.[line];
      if (!o) continue;
      const added = e.added[line];
      assert.ok(added, `${e.name}: observed on ${line} but never added there`);
      assert.ok(cmp(added, o) <= 0, `${e.name}: observed ${o} before added ${added}`);
    }
  }
});

test('ssl-api: docs point at docs.python.org and every entry cites sources', () => {
  for (const e of api.entries) {
    assert.match(e.docs, /^https:\/\/docs\.python\.org\/[23](\.\d+)?\/\S+$/, e.name);
    assert.ok(e.sources.length > 0 && e.sources.every((s) => s.trim().length > 0), e.name);
  }
});

test('no absolute path of a machine in the data', () => {
  const names = readdirSync(join(root, 'data')).filter((f) => f.endsWith('.json'));
  assert.ok(names.includes('ssl-api.json'));
  for (const name of names) {
    const text = readFileSync(join(root, 'data', name), 'utf8');
    assert.doesNotMatch(text, /\/(root|home|Users)\/|[A-Z]:\\\\/, name);
  }
});

test('ssl-api: exact facts', () => {
  assert.deepEqual(entry('ssl.SSLContext.load_default_certs').added, { py2: '2.7.9', py3: '3.4' });
  assert.equal(entry('ssl.wrap_socket').removed, '3.12');
  assert.equal(entry('ssl.wrap_socket').deprecated, '3.7');
  assert.equal(entry('ssl.match_hostname').removed, '3.12');
  assert.deepEqual(entry('ssl.PROTOCOL_TLS_CLIENT').added, { py2: null, py3: '3.6' });
  assert.equal(entry('ssl.TLSVersion').added.py3, '3.7');
  assert.equal(entry('ssl.TLSVersion').added.py2, null);
  assert.equal(entry('ssl.SSLContext()').kind, 'call');
  assert.equal(entry('ssl.SSLContext()').deprecated, '3.10');
  assert.deepEqual(entry('ssl.create_default_context').added, { py2: '2.7.9', py3: '3.4' });
  assert.deepEqual(entry('ssl._create_unverified_context').added, { py2: '2.7.9', py3: '3.4.3' });
  assert.deepEqual(entry('ssl._https_verify_certificates').added, { py2: '2.7.12', py3: null });
  assert.equal(entry('ssl.RAND_pseudo_bytes').removed, '3.12');
  assert.equal(entry('ssl.enum_certificates').platform, 'windows');
  assert.equal(entry('nntplib').removed, '3.13');
  assert.equal(entry('http.client.HTTPSConnection(key_file)').removed, '3.12');
  assert.equal(entry('http.client.HTTPSConnection(key_file)').deprecated, '3.6');
  assert.equal(entry('urllib.request.urlopen(cafile)').removed, '3.13');
  assert.equal(entry('ssl.get_server_certificate(timeout)').added.py3, '3.10');
  assert.equal(entry('ssl.VERIFY_X509_TRUSTED_FIRST').added.py3, '3.4.4');
  assert.equal(entry('ssl.OP_NO_TLSv1_3').added.py2, '2.7.15');
  // Documented as new in 3.8, but the interpreters have it earlier (backported to 3.6.7 / 3.7.1).
  assert.ok(entry('ssl.SSLContext.post_handshake_auth').observed?.py3);
  assert.ok(cmp(entry('ssl.SSLContext.post_handshake_auth').added.py3!, '3.8') < 0);
});

test('ssl-api: covers every PROTOCOL_, OP_, CERT_, VERIFY_, HAS_ and ALERT_DESCRIPTION_ family member', () => {
  const names = [...byName.keys()];
  for (const prefix of ['PROTOCOL_', 'OP_', 'CERT_', 'VERIFY_', 'HAS_', 'OPENSSL_', 'ALERT_DESCRIPTION_', 'SSL_ERROR_', 'RAND_']) {
    assert.ok(names.filter((n) => n.startsWith(`ssl.${prefix}`)).length >= 2, prefix);
  }
  for (const n of ['ssl.PROTOCOL_SSLv2', 'ssl.PROTOCOL_SSLv3', 'ssl.PROTOCOL_TLSv1_2', 'ssl.OP_NO_COMPRESSION', 'ssl.HAS_TLSv1_3',
    'ssl.ALERT_DESCRIPTION_HANDSHAKE_FAILURE', 'ssl.CHANNEL_BINDING_TYPES', 'ssl._DEFAULT_CIPHERS', 'ssl._RESTRICTED_SERVER_CIPHERS',
    'ssl._create_default_https_context', 'ssl._create_stdlib_context', 'ssl.MemoryBIO.write_eof', 'ssl.SSLSession.has_ticket',
    'ssl.Purpose.SERVER_AUTH', 'ssl.TLSVersion.TLSv1_3', 'ssl.SSLObject.version']) {
    assert.ok(byName.has(n), n);
  }
});

// ---------------------------------------------------------------- defaults

interface RangeRecord {
  line: 'py2' | 'py3';
  from: string;
  until: string | null;
  [k: string]: unknown;
}

const defaults = readJson<Record<string, any>>('data/defaults.json');

function assertContiguous(records: RangeRecord[], what: string): void {
  for (const line of ['py2', 'py3'] as const) {
    const rs = records.filter((r) => r.line === line);
    for (let i = 0; i < rs.length; i++) {
      const r = rs[i];
      assert.equal(parseVersion(r.from)[0], line === 'py2' ? 2 : 3, `${what}: ${r.from}`);
      if (r.until) assert.ok(cmp(r.from, r.until) < 0, `${what}: empty range ${r.from}-${r.until}`);
      if (i > 0) assert.equal(rs[i - 1].until, r.from, `${what} (${line}): ranges must follow each other`);
    }
    if (rs.length) assert.equal(rs[rs.length - 1].until, null, `${what} (${line}): last range must be open`);
  }
}

function at(records: RangeRecord[], version: string): RangeRecord | undefined {
  const line = parseVersion(version)[0] === 2 ? 'py2' : 'py3';
  return records.find((r) => r.line === line && cmp(r.from, version) <= 0 && (!r.until || cmp(version, r.until) < 0));
}

test('defaults: ranges are contiguous and end open', () => {
  for (const key of ['default_ciphers', 'restricted_server_ciphers', 'create_default_context', 'plain_context', 'tls_client_context', 'stdlib_context']) {
    assertContiguous(defaults[key], key);
  }
});

test('defaults: exact facts', () => {
  assert.equal(defaults.protocol_floor.tls1_2_from, '3.10');
  assert.equal(at(defaults.plain_context, '3.9.18')?.minimum_version, 'MINIMUM_SUPPORTED');
  assert.equal(at(defaults.plain_context, '3.10.0')?.minimum_version, 'TLSv1_2');
  assert.equal(at(defaults.default_ciphers, '3.3.7')?.value, 'DEFAULT:!aNULL:!eNULL:!LOW:!EXPORT:!SSLv2');
  assert.match(String(at(defaults.default_ciphers, '3.10.0')?.value), /^@SECLEVEL=2:/);
  assert.equal(at(defaults.default_ciphers, '3.7.0')?.defined_in, 'Modules/_ssl.c PY_SSL_DEFAULT_CIPHER_STRING');
  assert.match(String(at(defaults.default_ciphers, '2.7.18')?.value), /^TLS13-/);
  const cdc313 = at(defaults.create_default_context, '3.13.0') as any;
  assert.ok(cdc313.verify_flags.includes('VERIFY_X509_STRICT') && cdc313.verify_flags.includes('VERIFY_X509_PARTIAL_CHAIN'));
  const cdc312 = at(defaults.create_default_context, '3.12.0') as any;
  assert.ok(!cdc312.verify_flags.includes('VERIFY_X509_STRICT'));
  assert.equal(cdc312.verify_mode, 'CERT_REQUIRED');
  assert.equal(at(defaults.stdlib_context, '3.13.0')?.verify_mode, 'CERT_NONE');
  assert.equal(at(defaults.create_default_context, '3.3.0'), undefined, 'create_default_context is new in 3.4');
});

// ---------------------------------------------------------------- client verification

const clients = readJson<{ clients: any[] }>('data/client-verification.json').clients;

function client(call: string): any {
  const c = clients.find((x) => x.call === call);
  assert.ok(c, call);
  return c;
}

test('client-verification: ranges parse and lines match', () => {
  for (const c of clients) {
    for (const r of c.verifies_by_default) {
      assert.equal(parseVersion(r.from)[0], r.line === 'py2' ? 2 : 3, c.call);
      if (r.until) assert.ok(cmp(r.from, r.until) < 0, c.call);
    }
    if (c.removed) parseVersion(c.removed);
  }
});

test('client-verification: the PEP 476 matrix', () => {
  for (const call of ['http.client.HTTPSConnection', 'urllib.request.urlopen', 'xmlrpc.client.ServerProxy']) {
    assert.deepEqual(client(call).verifies_by_default, [
      { line: 'py2', from: '2.7.9', until: null },
      { line: 'py3', from: '3.4.3', until: null },
    ], call);
  }
  for (const call of ['smtplib.SMTP_SSL', 'smtplib.SMTP.starttls', 'imaplib.IMAP4_SSL', 'imaplib.IMAP4.starttls', 'poplib.POP3_SSL',
    'poplib.POP3.stls', 'ftplib.FTP_TLS', 'nntplib.NNTP_SSL', 'nntplib.NNTP.starttls']) {
    assert.deepEqual(client(call).verifies_by_default, [], call);
    assert.equal(client(call).default_context, 'ssl._create_stdlib_context', call);
  }
  assert.equal(client('imaplib.IMAP4_SSL').context_parameter, 'ssl_context');
  assert.equal(client('nntplib.NNTP_SSL').context_parameter, 'ssl_context');
  assert.equal(client('nntplib.NNTP.starttls').context_parameter, 'context');
  assert.equal(client('nntplib.NNTP_SSL').removed, '3.13');
  assert.equal(client('imaplib.IMAP4.starttls').context_position, 0);
  assert.equal(client('smtplib.SMTP_SSL').context_position, null);
  assert.equal(client('asyncio.loop.create_connection').context_parameter, 'ssl');
});

// ---------------------------------------------------------------- bundled OpenSSL

test('openssl-bundled: anchor releases and one value per release and platform', () => {
  const data = readJson<{ releases: any[] }>('data/openssl-bundled.json');
  const seen = new Map<string, string>();
  for (const r of data.releases) {
    for (const p of r.python) {
      for (const platform of ['windows', 'macos']) {
        if (r[platform] == null) continue;
        const key = `${p} ${platform}`;
        assert.ok(!seen.has(key), `${key} listed twice`);
        seen.set(key, r[platform]);
      }
    }
  }
  assert.equal(seen.get('3.6.1 windows'), '1.0.2k');
  assert.equal(seen.get('3.6.0 windows'), '1.0.2j');
  assert.equal(seen.get('3.5.2 windows'), '1.0.2h');
  assert.equal(seen.get('3.4.4 windows'), '1.0.2d');
  assert.equal(seen.get('2.7.10 windows'), '1.0.2a');
  assert.equal(seen.get('2.7.9 windows'), '1.0.1j');
  assert.equal(seen.get('3.3.5 windows'), '1.0.1e');
});

// ---------------------------------------------------------------- what the schemas cannot say

test('python-versions: minor versions ascend without gaps on each line, and the default target names one of them', () => {
  const data = readJson<{ minors: { version: string; last_micro: number }[]; default_target: { specifier: string } }>('data/python-versions.json');
  const minors = data.minors.map((m) => parseVersion(m.version));
  for (let i = 1; i < minors.length; i++) {
    const [prev, next] = [minors[i - 1], minors[i]];
    const follows = next[0] === prev[0] ? next[1] === prev[1] + 1 : next[0] === prev[0] + 1 && next[1] === 0;
    assert.ok(follows, `${data.minors[i].version} does not follow ${data.minors[i - 1].version}`);
  }
  assert.deepEqual(data.minors.find((m) => m.version === '2.7'), { version: '2.7', last_micro: 18 });
  const floor = /^>=(\d+\.\d+)$/.exec(data.default_target.specifier)?.[1];
  assert.ok(floor && data.minors.some((m) => m.version === floor), data.default_target.specifier);
});

test('cipher-hardening: one exclusion per weakness reason of data/ciphers.json', () => {
  const reasons = Object.keys(readJson<{ weak_reasons: object }>('data/ciphers.json').weak_reasons).sort();
  assert.deepEqual(Object.keys(readJson<{ exclusions: object }>('data/cipher-hardening.json').exclusions).sort(), reasons);
});

test('types: every base class and every return type is a class the file knows', () => {
  const types = readJson<{ classes: Record<string, { bases: string[] }>; returns: Record<string, { type: string }> }>('data/types.json');
  for (const [name, c] of Object.entries(types.classes)) for (const base of c.bases) assert.ok(base in types.classes, `${name}: base ${base}`);
  // A tuple is the one builtin a call here returns; nothing is looked up on it.
  for (const [name, r] of Object.entries(types.returns)) assert.ok(r.type in types.classes || r.type === 'tuple', `${name}: returns ${r.type}`);
});

test('protocols: SSL 2.0 up to TLS 1.1 are the insecure ones', () => {
  const data = readJson<{ protocols: Record<string, { insecure: boolean }>; names: Record<string, { protocol?: string }> }>('data/protocols.json');
  assert.deepEqual(
    Object.entries(data.protocols).filter(([, p]) => p.insecure).map(([k]) => k),
    ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1_1'],
  );
  assert.equal(data.names['ssl.PROTOCOL_TLSv1_2'].protocol, 'TLSv1_2');
});
