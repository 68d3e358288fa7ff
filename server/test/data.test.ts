// Checks the knowledge base in data/: every file against its JSON Schema, the internal consistency of
// version ranges, and a handful of exact facts. Needs no Python interpreter (scripts/verify-data.mjs
// is the cross-check against real interpreters).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function readJson<T = any>(rel: string): T {
  return JSON.parse(readFileSync(join(root, rel), 'utf8')) as T;
}

// ---------------------------------------------------------------- a small JSON Schema validator
// Covers the keywords the data/schema/*.schema.json files use: type, enum, pattern, minLength, minimum,
// minItems, minProperties, required, properties, additionalProperties, items, $ref (#/$defs/...).

type Schema = Record<string, any>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const KNOWN = new Set([
  '$schema', '$id', '$defs', 'title', 'description', 'type', 'enum', 'pattern', 'minLength', 'minimum', 'minItems',
  'minProperties', 'required', 'properties', 'additionalProperties', 'items', '$ref',
]);

function validate(schema: Schema, value: unknown, rootSchema: Schema, at: string, errors: string[]): void {
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) errors.push(`${at}: schema keyword ${k} is not supported by this test`);
  if (schema.$ref) {
    const m = /^#\/\$defs\/(.+)$/.exec(schema.$ref);
    if (!m || !rootSchema.$defs?.[m[1]]) {
      errors.push(`${at}: unresolved $ref ${schema.$ref}`);
      return;
    }
    validate(rootSchema.$defs[m[1]], value, rootSchema, at, errors);
  }
  const t = typeOf(value);
  if (schema.type !== undefined) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    const ok = types.some((x) => x === t || (x === 'number' && t === 'integer'));
    if (!ok) {
      errors.push(`${at}: expected ${types.join('|')}, got ${t}`);
      return;
    }
  }
  if (schema.enum !== undefined && !schema.enum.some((e: unknown) => e === value)) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (t === 'string') {
    const s = value as string;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(s)) errors.push(`${at}: "${s}" does not match ${schema.pattern}`);
    if (schema.minLength !== undefined && s.length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
  }
  if ((t === 'integer' || t === 'number') && schema.minimum !== undefined && (value as number) < schema.minimum) {
    errors.push(`${at}: below ${schema.minimum}`);
  }
  if (t === 'array') {
    const a = value as unknown[];
    if (schema.minItems !== undefined && a.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.items) a.forEach((item, i) => validate(schema.items, item, rootSchema, `${at}[${i}]`, errors));
  }
  if (t === 'object') {
    const o = value as Record<string, unknown>;
    if (schema.minProperties !== undefined && Object.keys(o).length < schema.minProperties) errors.push(`${at}: fewer than ${schema.minProperties} properties`);
    for (const r of schema.required ?? []) if (!(r in o)) errors.push(`${at}: missing required property ${r}`);
    for (const [k, v] of Object.entries(o)) {
      const p = schema.properties?.[k];
      if (p) validate(p, v, rootSchema, `${at}.${k}`, errors);
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected property ${k}`);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        validate(schema.additionalProperties, v, rootSchema, `${at}.${k}`, errors);
      }
    }
  }
}

function schemaErrors(schema: Schema, value: unknown): string[] {
  const errors: string[] = [];
  validate(schema, value, schema, '$', errors);
  return errors;
}

const FILES = ['ssl-api', 'defaults', 'client-verification', 'openssl-bundled'];

for (const name of FILES) {
  test(`data/${name}.json matches data/schema/${name}.schema.json`, () => {
    const data = readJson(`data/${name}.json`);
    const schema = readJson<Schema>(`data/schema/${name}.schema.json`);
    assert.equal(data.$schema, `./schema/${name}.schema.json`);
    const errors = schemaErrors(schema, data);
    assert.deepEqual(errors.slice(0, 20), [], `${errors.length} schema error(s)`);
  });
}

test('the schema validator rejects what it should', () => {
  const schema = readJson<Schema>('data/schema/ssl-api.schema.json');
  const good = readJson('data/ssl-api.json');
  const entry = { ...good.entries[0] };
  delete entry.sources;
  assert.ok(schemaErrors(schema, { entries: [entry] }).some((e) => e.includes('missing required property sources')));
  assert.ok(schemaErrors(schema, { entries: [{ ...good.entries[0], kind: 'macro' }] }).some((e) => e.includes('kind')));
  assert.ok(schemaErrors(schema, { entries: [{ ...good.entries[0], docs: 'http://example.org/' }] }).some((e) => e.includes('docs')));
  assert.ok(schemaErrors(schema, { entries: [{ ...good.entries[0], added: { py2: '3.4', py3: null } }] }).length > 0);
  assert.ok(schemaErrors(schema, { entries: [{ ...good.entries[0], extra: 1 }] }).some((e) => e.includes('unexpected property extra')));
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

test('ssl-api: no absolute path of a machine in the data', () => {
  for (const name of FILES) {
    const text = readFileSync(join(root, 'data', `${name}.json`), 'utf8');
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
