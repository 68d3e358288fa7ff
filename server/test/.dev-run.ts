import { readFileSync } from 'node:fs';
import { initNodeParser } from '../src/node-parser';
import { analyse } from '../src/analysis';
import { RULES } from '../src/rules/index';
import { checkLibraryCalls } from '../src/rules/library-checks';
import { targetFromSpecifier } from '../src/facts/versions';
(async () => {
  await initNodeParser();
  const rules = RULES.map((r) => (['SSL101', 'SSL201', 'SSL202'].includes(r.code) ? { ...r, check(ctx: any) { r.check(ctx); checkLibraryCalls(ctx, r.code as any); } } : r));
  for (const f of process.argv.slice(2)) {
    const text = readFileSync(f, 'utf8');
    const findings = analyse(text, { target: targetFromSpecifier('>=3.8', 't')!, rules, onRuleError: (r, e) => { throw e; } });
    const lines = text.split('\n');
    const expected = new Set<number>();
    lines.forEach((l, i) => { if (/# (error|warning): SSL/.test(l)) expected.add(i + 1); });
    const got = new Set(findings.map((x) => x.range.start.line + 1));
    for (const x of findings) console.log(`${x.range.start.line + 1}:${x.range.start.character + 1} ${x.code} ${x.message}`);
    for (const l of expected) if (!got.has(l)) console.log(`MISSING line ${l}: ${lines[l - 1]}`);
    for (const l of got) if (!expected.has(l)) console.log(`UNEXPECTED line ${l}: ${lines[l - 1]}`);
  }
})();
