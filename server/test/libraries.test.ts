// data/libraries.json against its schema and against the rest of the knowledge base, the library
// findings through the real rule registry (suppressions included), and the hover text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, parserReady, position } from './helpers';
import { parsePython } from '../src/python/parser';
import { ModuleModel } from '../src/python/model';
import { libraryHoverAt } from '../src/rules/library-checks';
import { libraryFacts } from '../src/facts/libraries';
import types from '../../data/types.json';
import protocols from '../../data/protocols.json';

const root = join(__dirname, '..', '..');
const read = (rel: string) => readFileSync(join(root, rel), 'utf8');
const data = JSON.parse(read('data/libraries.json'));
const schema = JSON.parse(read('data/schema/libraries.schema.json'));

// ---- schema --------------------------------------------------------------------------------

type Schema = { [keyword: string]: any };

/** The keywords this validator understands; a schema using any other keyword fails the test rather than passing unchecked. */
const SUPPORTED = new Set(['$schema', '$id', '$defs', '$ref', 'title', 'description', 'type', 'enum', 'pattern', 'minLength', 'minimum', 'minItems', 'required', 'properties', 'additionalProperties', 'items']);

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function validate(value: unknown, node: Schema, path = '$', errors: string[] = []): string[] {
  for (const keyword of Object.keys(node)) if (!SUPPORTED.has(keyword)) errors.push(`${path}: unsupported schema keyword ${keyword}`);
  if (node.$ref) {
    const target = schema.$defs[String(node.$ref).replace('#/$defs/', '')];
    if (!target) errors.push(`${path}: dangling $ref ${node.$ref}`);
    else validate(value, target, path, errors);
  }
  const actual = jsonType(value);
  if (node.type) {
    const allowed: string[] = Array.isArray(node.type) ? node.type : [node.type];
    if (!allowed.includes(actual) && !(actual === 'integer' && allowed.includes('number'))) {
      errors.push(`${path}: ${actual} is not ${allowed.join(' or ')}`);
      return errors;
    }
  }
  if (node.enum && !node.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(node.enum)}`);
  if (actual === 'string') {
    const s = value as string;
    if (node.pattern && !new RegExp(node.pattern, 'u').test(s)) errors.push(`${path}: "${s}" does not match ${node.pattern}`);
    if (node.minLength !== undefined && s.length < node.minLength) errors.push(`${path}: "${s}" is too short`);
  }
  if (actual === 'integer' && node.minimum !== undefined && (value as number) < node.minimum) errors.push(`${path}: ${value} < ${node.minimum}`);
  if (actual === 'array') {
    const items = value as unknown[];
    if (node.minItems !== undefined && items.length < node.minItems) errors.push(`${path}: fewer than ${node.minItems} items`);
    if (node.items) items.forEach((item, i) => validate(item, node.items, `${path}[${i}]`, errors));
  }
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of node.required ?? []) if (!(key in obj)) errors.push(`${path}: ${key} is required`);
    for (const [key, v] of Object.entries(obj)) {
      if (node.properties?.[key]) validate(v, node.properties[key], `${path}.${key}`, errors);
      else if (node.additionalProperties === false) errors.push(`${path}: ${key} is not allowed`);
      else if (typeof node.additionalProperties === 'object') validate(v, node.additionalProperties, `${path}.${key}`, errors);
    }
  }
  return errors;
}

test('data/libraries.json matches its schema', () => {
  assert.equal(data.$schema, './schema/libraries.schema.json');
  assert.deepEqual(validate(data, schema), []);
});

test('the schema check catches broken entries', () => {
  const broken = structuredClone(data);
  const setting = broken.libraries[0].settings[0];
  setting.rule = 'SSL999';
  delete setting.sources;
  setting.unsafe[0].match = 'maybe';
  setting.calls.push({ call: 'get' });
  broken.libraries[0].docs = 'http://insecure.example';
  const errors = validate(broken, schema).join('\n');
  for (const expected of ['"SSL999"', 'sources is required', '"maybe"', '"get" does not match', '"http://insecure.example"']) assert.ok(errors.includes(expected), `${expected} in\n${errors}`);
});

// ---- consistency with the rest of data/ ------------------------------------------------------

const classes = new Set(Object.keys(types.classes));
const protocolKeys = new Set(Object.keys(protocols.protocols));

test('every call and attribute names something the resolver can produce', () => {
  const problems: string[] = [];
  for (const library of data.libraries) {
    for (const setting of library.settings) {
      const names = [...setting.calls.map((c: { call: string }) => c.call), ...(setting.attributes ?? [])];
      for (const name of names) {
        if (classes.has(name)) continue;
        // "Type.member" on an instance resolves only when Type is a class the resolver knows.
        const owner = name.slice(0, name.lastIndexOf('.'));
        const looksLikeMember = /^[A-Z]/.test(owner.split('.').pop() ?? '');
        if (looksLikeMember && !classes.has(owner)) problems.push(`${setting.id}: ${owner} is not a class in data/types.json`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('settings are well formed beyond what the schema says', () => {
  const ids = new Set<string>();
  for (const library of data.libraries) {
    for (const use of library.client_uses ?? []) assert.ok(!!use.call !== !!use.method, `${library.id}: a client use names a call or a method, not both`);
    for (const setting of library.settings) {
      assert.ok(!ids.has(setting.id), `duplicate id ${setting.id}`);
      ids.add(setting.id);
      if (setting.client_only) assert.ok(library.client_uses?.length, `${setting.id} is client_only but ${library.id} lists no client uses`);
      for (const u of setting.unsafe) {
        const where = `${setting.id} (${u.match})`;
        if (u.match === 'any') assert.equal(setting.parameter, null, where);
        else assert.ok(setting.parameter !== null || setting.calls.every((c: { parameter?: string }) => c.parameter), where);
        if (u.match === 'names' || u.match === 'strings') assert.ok(Array.isArray(u[u.match]) && u[u.match].length, `${where} lists its values`);
        if (u.match === 'protocol') {
          assert.ok(u.effect, `${where} says what the value does`);
          for (const table of [u.names, u.strings]) {
            if (table === undefined) continue;
            assert.ok(!Array.isArray(table), `${where} maps values to protocols`);
            for (const key of Object.values(table) as string[]) assert.ok(protocolKeys.has(key), `${where}: ${key} is not in data/protocols.json`);
          }
          assert.ok(u.names || u.strings || u.standard_constants, `${where} names some values`);
        }
        if (u.unless) assert.equal(u.match, 'always-true-callback', where);
      }
      for (const v of setting.versions) if (v.change === 'deprecated') assert.ok(v.text, `${setting.id} ${v.version}`);
    }
  }
});

test('adding a library is adding data: the check code names no library', () => {
  const code = read('server/src/rules/library-checks.ts') + read('server/src/facts/libraries.ts');
  for (const library of data.libraries) {
    const module = library.settings[0].calls[0].call.split('.')[0];
    assert.ok(!code.includes(`${module}.`) && !code.includes(`'${module}'`), `library-checks.ts or facts/libraries.ts mentions ${module}`);
  }
});

test('the facts index finds settings through re-exports and base classes', () => {
  const ids = (callee: string) => libraryFacts.sitesForCall(callee).map((s) => s.setting.id);
  assert.ok(ids('requests.api.get').includes('requests-verify'));
  assert.ok(ids('requests.packages.urllib3.poolmanager.PoolManager').includes('urllib3-cert-reqs'));
  assert.ok(ids('urllib3.ProxyManager').includes('urllib3-proxy-assert-hostname'));
  assert.deepEqual(ids('mylib.get'), []);
});

// ---- findings through the registered rules -----------------------------------------------------

const findings = async (text: string) => (await check(text, '>=3.8')).map((f) => `${f.range.start.line + 1} ${f.code}`);

test('the three rules report library findings', async () => {
  const text = [
    'import requests, urllib3',
    'from twisted.internet.ssl import CertificateOptions, TLSVersion',
    'requests.get(url, verify=False)',
    'urllib3.PoolManager(assert_hostname=False)',
    'CertificateOptions(insecurelyLowerMinimumTo=TLSVersion.TLSv1_0)',
    '',
  ].join('\n');
  assert.deepEqual(await findings(text), ['3 SSL201', '4 SSL202', '5 SSL101']);
});

test("peers' codes silence a requests finding: # nosec B501 and # noqa: S501", async () => {
  const line = 'requests.get("https://example.com", verify=False)';
  assert.deepEqual(await findings(`import requests\n${line}\n`), ['2 SSL201']);
  assert.deepEqual(await findings(`import requests\n${line}  # nosec B501\n`), []);
  assert.deepEqual(await findings(`import requests\n${line}  # noqa: S501\n`), []);
  assert.deepEqual(await findings(`import requests\n${line}  # noqa: SSL201\n`), []);
  // Codes that belong to other rules do not.
  assert.deepEqual(await findings(`import requests\n${line}  # nosec B502\n`), ['2 SSL201']);
  assert.deepEqual(await findings(`import requests\n${line}  # noqa: S502\n`), ['2 SSL201']);
});

test('a suppression on any line of a multi-line call counts, including one on a **kwargs dictionary call', async () => {
  const text = 'import requests\nrequests.get(\n    "https://example.com",\n    verify=False,\n)  # nosec B501\n';
  assert.deepEqual(await findings(text), []);
  const kwargs = 'import requests\nkw = {"verify": False}\nrequests.get("https://example.com", **kw)  # noqa: S501\n';
  assert.deepEqual(await findings(kwargs), []);
});

// ---- hovers --------------------------------------------------------------------------------

async function hover(text: string, needle: string, occurrence = 1): Promise<string | undefined> {
  await parserReady;
  const tree = parsePython(text);
  try {
    const model = new ModuleModel(tree, text);
    const at = position(text, needle, occurrence);
    const node = tree.rootNode.descendantForPosition({ row: at.line, column: at.character });
    return node ? libraryHoverAt(model, node) : undefined;
  } finally {
    tree.delete();
  }
}

test('hover on a keyword argument explains the parameter, the unsafe value, the versions and links the docs', async () => {
  const text = 'import requests\nrequests.get("https://example.com", verify=False)\n';
  const md = await hover(text, 'verify');
  assert.ok(md);
  assert.match(md, /\*\*requests\*\* · `verify` of `requests\.get`/);
  assert.match(md, /`verify=False`: turns off certificate verification, so any server certificate is accepted \(SSL201 certificate-verification-disabled\)/);
  assert.match(md, /requests 0\.8\.8, added/);
  assert.match(md, /CVE-2024-35195/);
  assert.match(md, /Here: `verify=False`\./);
  assert.match(md, /\[requests documentation\]\(https:\/\/requests\.readthedocs\.io\/en\/latest\/user\/advanced\/#ssl-cert-verification\)/);
  assert.equal(await hover(text, 'False'), md);
});

test('hover on a deprecated parameter shows the deprecation and the replacement version', async () => {
  const md = await hover('import aiohttp\nc = aiohttp.TCPConnector(verify_ssl=False)\n', 'verify_ssl');
  assert.ok(md);
  assert.match(md, /aiohttp 3\.0\.0, deprecated/);
  assert.match(md, /aiohttp 4\.0 \(unreleased\), removed/);
});

test('hover on the called name lists every TLS parameter of the call', async () => {
  const md = await hover('import urllib3\npool = urllib3.PoolManager(num_pools=2)\n', 'PoolManager');
  assert.ok(md);
  for (const param of ['cert_reqs', 'assert_hostname', 'ssl_version', 'ssl_minimum_version', 'ssl_maximum_version']) assert.ok(md.includes(`\`${param}\``), param);
  assert.ok(!md.includes('proxy_assert_hostname'));
});

test('hover on a session attribute assignment and on a positional argument', async () => {
  const session = await hover('import requests\ns = requests.Session()\ns.verify = False\n', 'verify');
  assert.ok(session?.includes('`requests.Session.verify`'));
  const m2 = await hover('from M2Crypto import SSL\nctx = SSL.Context("sslv3")\n', '"sslv3"');
  assert.ok(m2?.includes('`protocol` of `M2Crypto.SSL.Context`'));
  assert.ok(m2?.includes('`"sslv3"` (SSL 3.0)'));
});

test('no hover on calls and arguments that are not library TLS settings', async () => {
  assert.equal(await hover('import requests\nrequests.get("https://example.com", timeout=3)\n', 'timeout'), undefined);
  assert.equal(await hover('def f(requests):\n    requests.get("x", verify=False)\n', 'verify'), undefined);
  assert.equal(await hover('api.get("x", verify=False)\n', 'verify'), undefined);
  assert.equal(await hover('x = 1\n', 'x'), undefined);
});
