import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parserReady, target } from './helpers';
import { analyse } from '../src/analysis';
import { fixAll } from '../src/fixes/apply';
import { parsePython } from '../src/python/parser';
import type { Finding } from '../src/types';

/**
 * Each fixture is fixed with every fix (safe and behaviour-changing) until nothing is left to fix, and
 * compared with its `.fixed.py` golden file (UPDATE_GOLDEN=1 rewrites them). The fixed text must parse,
 * fixing it again must change nothing, and no finding may appear that was not there before.
 */
const dir = join(__dirname, 'fixtures', 'fixes');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.py') && !f.endsWith('.fixed.py')).sort();

for (const file of fixtures) {
  test(`fixes ${file}`, async () => {
    await parserReady;
    const text = readFileSync(join(dir, file), 'utf8');
    const spec = /^# target: (.+)$/m.exec(text.split('\n')[0])?.[1] ?? '>=3.10';
    const run = (t: string): Finding[] => analyse(t, { target: target(spec) });
    const before = run(text);
    const { text: fixed } = fixAll(text, run, { unsafe: true });

    const golden = join(dir, file.replace(/\.py$/, '.fixed.py'));
    if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, fixed);
    assert.equal(fixed, readFileSync(golden, 'utf8'));

    const tree = parsePython(fixed);
    assert.equal(tree.rootNode.hasError, false, `the fixed file does not parse:\n${fixed}`);
    tree.delete();

    assert.equal(fixAll(fixed, run, { unsafe: true }).text, fixed, 'fixing twice changed the text');

    const unfixable = new Set(before.filter((f) => !f.fixes?.length).map((f) => `${f.code} ${f.message}`));
    const after = run(fixed).map((f) => `${f.code} ${f.message}`);
    for (const a of after) assert.ok(unfixable.has(a), `after fixing, a finding remains or appeared: ${a}`);
  });
}

test('safe-only fixing leaves behaviour-changing fixes alone', async () => {
  await parserReady;
  const text = 'import ssl\nctx = ssl.create_default_context()\nctx.verify_mode = ssl.CERT_NONE\nctx.set_ciphers("HIGH:!aNULL")\n';
  const run = (t: string) => analyse(t, { target: target('>=3.10') });
  const { text: fixed, applied } = fixAll(text, run, { unsafe: false });
  assert.equal(applied, 1);
  assert.equal(fixed, 'import ssl\nctx = ssl.create_default_context()\nctx.verify_mode = ssl.CERT_NONE\nctx.set_ciphers("HIGH:!aNULL:!kRSA:!kRSAPSK")\n');
});

test('every fix title says when it changes behaviour', async () => {
  await parserReady;
  for (const file of fixtures) {
    const text = readFileSync(join(dir, file), 'utf8');
    const spec = /^# target: (.+)$/m.exec(text.split('\n')[0])?.[1] ?? '>=3.10';
    for (const f of analyse(text, { target: target(spec) })) {
      for (const x of f.fixes ?? []) assert.equal(/changes behaviour/.test(x.title), !x.safe, `${file}: ${x.title}`);
    }
  }
});

test('every rule with a behaviour-changing fix documents its fix safety', async () => {
  await parserReady;
  const { RULES } = await import('../src/rules/index');
  const unsafe = new Set<string>();
  for (const file of fixtures) {
    const text = readFileSync(join(dir, file), 'utf8');
    const spec = /^# target: (.+)$/m.exec(text.split('\n')[0])?.[1] ?? '>=3.10';
    for (const f of analyse(text, { target: target(spec) })) if (f.fixes?.some((x) => !x.safe)) unsafe.add(f.code);
  }
  assert.deepEqual([...unsafe].sort(), ['SSL101', 'SSL201', 'SSL202', 'SSL203', 'SSL502', 'SSL503']);
  for (const code of unsafe) assert.ok(RULES.find((r) => r.code === code)?.docs.fixSafety, `${code} has no Fix safety section`);
});
