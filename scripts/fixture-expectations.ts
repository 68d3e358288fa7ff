// Rewrites the inline expectations of rule fixtures from what the rules report now.
// Use it after a reviewed change, then read the diff: `node --import tsx scripts/fixture-expectations.ts FILE...`.
import { readFileSync, writeFileSync } from 'node:fs';
import { check } from '../server/test/helpers';
(async () => {
  for (const file of process.argv.slice(2)) {
    const text = readFileSync(file, 'utf8');
    const spec = /^# target: (.+)$/m.exec(text.split('\n')[0])?.[1] ?? '>=3.10';
    const findings = await check(text, spec);
    const lines = text.split('\n');
    const byLine = new Map<number, Map<string, string[]>>();
    for (const f of findings) {
      const m = byLine.get(f.range.start.line) ?? new Map();
      m.set(f.severity, [...(m.get(f.severity) ?? []), f.code]);
      byLine.set(f.range.start.line, m);
    }
    const out = lines.map((line, i) => {
      const stripped = line.replace(/\s*# (?:(?:error|warning|information|hint): (?:SSL\d{3}(?:\s*,\s*)?)+\s*)+$/, '');
      const m = byLine.get(i);
      if (!m) return stripped;
      const parts = ['error', 'warning', 'information', 'hint'].filter((s) => m.has(s)).map((s) => `${s}: ${m.get(s)!.sort().join(', ')}`);
      return `${stripped}  # ${parts.join(' ')}`;
    });
    writeFileSync(file, out.join('\n'));
  }
})();
