import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { check } from './helpers';
import { RULES } from '../src/rules/index';

/**
 * Each fixture is Python with its expectations on the line (`# error: SSL101`, `# warning: SSL103`,
 * several codes separated by commas), an optional `# target: SPEC` first line, and a golden file
 * with the exact ranges and messages. UPDATE_GOLDEN=1 rewrites the golden files.
 */
const dir = join(__dirname, 'fixtures', 'rules');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.py')).sort();

for (const file of fixtures) {
  test(`fixture ${file}`, async () => {
    const text = readFileSync(join(dir, file), 'utf8');
    const spec = /^# target: (.+)$/m.exec(text.split('\n')[0])?.[1] ?? '>=3.10';
    const findings = await check(text, spec);

    const expected: string[] = [];
    text.split('\n').forEach((line, i) => {
      const re = /#.*?\b(error|warning|information|hint): ((?:SSL\d{3}(?:\s*,\s*)?)+)/g;
      const comment = line.slice(line.indexOf('#'));
      if (line.indexOf('#') < 0) return;
      for (const m of comment.matchAll(/\b(error|warning|information|hint): ((?:SSL\d{3}(?:\s*,\s*)?)+)/g)) {
        for (const code of m[2].split(',').map((s) => s.trim()).filter(Boolean)) expected.push(`${i + 1} ${m[1]} ${code}`);
      }
      void re;
    });
    const actual = findings.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.code}`);
    assert.deepEqual([...actual].sort(), [...expected].sort());

    const golden = join(dir, file.replace(/\.py$/, '.golden'));
    const lines = findings.map(
      (f) => `${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.code} ${f.message}`,
    );
    const body = lines.join('\n') + '\n';
    if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, body);
    assert.equal(body, readFileSync(golden, 'utf8'));
  });
}

test('every rule has a fixture', () => {
  const names = new Set(fixtures.map((f) => f.replace(/(--.*)?\.py$/, '')));
  for (const rule of RULES) assert.ok(names.has(rule.name), `no fixture for ${rule.code} ${rule.name}`);
});

test('rule codes and names are unique and well formed', () => {
  const codes = RULES.map((r) => r.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const r of RULES) {
    assert.match(r.code, /^SSL\d{3}$/);
    assert.match(r.name, /^[a-z]+(-[a-z0-9]+)*$/);
    assert.ok(!r.name.startsWith('no-'), `${r.name} should name the bad pattern`);
    assert.ok(r.docs.whatItDoes && r.docs.whyIsThisBad && r.docs.example && r.docs.useInstead && r.docs.references.length);
  }
});
