/**
 * SARIF output as code-scanning services read it: valid against the SARIF 2.1.0 JSON schema that
 * Microsoft's SARIF SDK ships on the npm registry (@microsoft/jest-sarif), rules with documentation,
 * default levels and CWE tags, and results with fingerprints that survive edits elsewhere in the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { RULES } from '../src/rules/index';
import { FINGERPRINT_KEY, fingerprintsFor } from '../src/report/sarif';
import { check } from './helpers';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

const sarifSchema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));

function validator() {
  // The schema's language-tag pattern has a stray bracket (fixed in the errata schema) that only a
  // non-Unicode regular expression accepts, as the draft-04 validators it was written for used.
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return checker(ajv.compile(sarifSchema));
}

/** A validation function that reports a boolean (and so does not narrow what it is given). */
function checker(compiled: { (value: unknown): boolean; errors?: unknown[] | null }): { (value: unknown): boolean; errors?: unknown[] | null } {
  const check = (value: unknown): boolean => {
    const ok = compiled(value);
    check.errors = compiled.errors;
    return ok;
  };
  check.errors = null as unknown[] | null | undefined;
  return check;
}

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssl-lens-sarif-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const FILES = {
  'pyproject.toml': '[project]\nrequires-python = ">=3.6"\n[tool.ssl-lens.severity]\nSSL203 = "information"\n',
  'src/mail client.py': 'import smtplib, ssl\nx = "é😀"; ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\nctx.set_ciphers("RC4-SHA:NULL")\nsmtplib.SMTP_SSL("mail.example.com")\n',
  'src/verify.py': 'import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n',
};

test('SARIF output is valid against the SARIF 2.1.0 schema, with findings and without', () => {
  const validate = validator();
  const dir = project(FILES);
  const r = run(['check', '--format', 'sarif', '.'], dir);
  assert.equal(r.code, 1, r.err);
  const log: any = JSON.parse(r.out);
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  assert.ok(log.runs[0].results.length >= 5);

  const cleanDir = project({ 'ok.py': 'import ssl\nctx = ssl.create_default_context()\n' });
  const clean = run(['check', '--format', 'sarif', '--output-file', 'out.sarif', '.'], cleanDir);
  assert.equal(clean.code, 0);
  assert.equal(clean.out, '');
  const empty: any = JSON.parse(readFileSync(join(cleanDir, 'out.sarif'), 'utf8'));
  assert.deepEqual(empty.runs[0].results, []);
  assert.ok(validate(empty), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
});

test('the schema check is not vacuous: a broken log is rejected', () => {
  const validate = validator();
  assert.ok(!validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] }));
  assert.ok(!validate({ version: '2.0.0', runs: [] }));
  assert.ok(!validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }));
});

test('results: levels follow the configured severity, locations are relative to %SRCROOT%, columns in UTF-16 code units', () => {
  const dir = project(FILES);
  const log = JSON.parse(run(['check', '--format', 'sarif', '.'], dir).out);
  const run0 = log.runs[0];
  assert.equal(run0.columnKind, 'utf16CodeUnits');
  assert.equal(run0.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(dir).href + '/');
  const brief = run0.results.map((x: any) => {
    const loc = x.locations[0].physicalLocation;
    return `${loc.artifactLocation.uriBaseId} ${loc.artifactLocation.uri}:${loc.region.startLine}:${loc.region.startColumn} ${x.ruleId} ${x.level}`;
  });
  assert.ok(brief.includes('%SRCROOT% src/mail%20client.py:2:33 SSL101 error'), brief.join('\n'));
  assert.ok(brief.includes('%SRCROOT% src/mail%20client.py:4:1 SSL203 note'), brief.join('\n'));
  assert.ok(brief.includes('%SRCROOT% src/verify.py:4:19 SSL201 error'), brief.join('\n'));
  for (const x of run0.results) {
    assert.equal(run0.tool.driver.rules[x.ruleIndex].id, x.ruleId);
    assert.match(x.partialFingerprints[FINGERPRINT_KEY], /^[0-9a-f]{32}$/);
  }
});

test('rules: help text and Markdown, a documentation page, the default level, tags with CWE ids', () => {
  const log = JSON.parse(run(['check', '--format', 'sarif', '.'], project({ 'ok.py': 'import ssl\n' })).out);
  const rules = log.runs[0].tool.driver.rules;
  assert.deepEqual(rules.map((r: any) => r.id), RULES.map((r) => r.code));
  const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
  for (const [i, r] of rules.entries()) {
    const rule = RULES[i];
    assert.ok(r.help.text.length > 20, r.id);
    assert.match(r.help.markdown, /## Why is this bad\?/);
    assert.equal(r.helpUri, `https://github.com/ssl-lens/ssl-lens/blob/main/docs/rules/${r.id}.md`);
    assert.ok(existsSync(join(ROOT, 'docs', 'rules', `${r.id}.md`)), `docs/rules/${r.id}.md exists`);
    assert.equal(r.defaultConfiguration.level, level[rule.defaultSeverity]);
    assert.equal(r.name, rule.name);
  }
  const tags = Object.fromEntries(rules.map((r: any) => [r.id, r.properties.tags]));
  assert.deepEqual(tags.SSL201, ['security', 'tls', 'external/cwe/cwe-295']);
  assert.deepEqual(tags.SSL202, ['security', 'tls', 'external/cwe/cwe-297']);
  assert.deepEqual(tags.SSL203, ['security', 'tls', 'external/cwe/cwe-295']);
  assert.deepEqual(tags.SSL101, ['security', 'tls', 'external/cwe/cwe-327']);
  assert.deepEqual(tags.SSL102, ['security', 'tls', 'external/cwe/cwe-757', 'external/cwe/cwe-327']);
  assert.deepEqual(tags.SSL103, ['security', 'tls', 'external/cwe/cwe-757']);
  assert.deepEqual(tags.SSL301, ['security', 'tls', 'external/cwe/cwe-327', 'external/cwe/cwe-326']);
  assert.deepEqual(tags.SSL302, ['correctness', 'tls']);
  for (const code of ['SSL501', 'SSL502', 'SSL503', 'SSL504']) assert.deepEqual(tags[code], ['compatibility', 'tls']);
});

test('data/cwe.json: valid against its schema, one entry per rule, every weakness named with its source', () => {
  const data: any = JSON.parse(readFileSync(join(ROOT, 'data', 'cwe.json'), 'utf8'));
  const schema = JSON.parse(readFileSync(join(ROOT, 'data', 'schema', 'cwe.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true });
  const validate = checker(ajv.compile(schema));
  assert.ok(validate(data), JSON.stringify(validate.errors));
  assert.deepEqual(Object.keys(data.rules), RULES.map((r) => r.code));
  const used = new Set(Object.values(data.rules).flatMap((r: any) => r.cwe));
  assert.deepEqual([...used].sort(), Object.keys(data.weaknesses).sort());
  for (const id of ['CWE-295', 'CWE-297', 'CWE-326', 'CWE-327', 'CWE-757']) assert.ok(used.has(id), id);
  for (const [id, w] of Object.entries<any>(data.weaknesses)) assert.equal(w.source, `https://cwe.mitre.org/data/definitions/${id.slice(4)}.html`);
});

test('fingerprints: stable when lines move or indentation changes, distinct for repeated lines, changed by the line', async () => {
  const print = async (text: string) => fingerprintsFor({ path: 'a.py', text, findings: await check(text) });
  const before = await print('import ssl\nctx = ssl._create_unverified_context()\nctx2 = ssl._create_unverified_context()\nctx = ssl._create_unverified_context()\n');
  assert.equal(before.length, 3);
  assert.equal(new Set(before).size, 3, 'two identical lines still get different fingerprints');
  const moved = await print('import ssl\n\n# A comment and a blank line above.\n\ndef make():\n    ctx = ssl._create_unverified_context()\n    ctx2  =  ssl._create_unverified_context()\n    ctx = ssl._create_unverified_context()\n    return ctx\n');
  assert.deepEqual(moved, before);
  const edited = await print('import ssl\nctx = ssl._create_unverified_context()\nctx3 = ssl._create_unverified_context()\nctx = ssl._create_unverified_context()\n');
  assert.equal(edited[0], before[0]);
  assert.notEqual(edited[1], before[1]);
  assert.equal(edited[2], before[2]);
});
