// Regenerates the README's rules table and docs/rules/SSLnnn.md from the rule registry.
// `npm run docs` writes them; the docs test fails when they are stale.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../server/src/rules/index';
import { ruleMarkdown } from '../server/src/report/index';

const root = join(__dirname, '..');

export function rulesTable(): string {
  const rows = RULES.map((r) => {
    const peers = [...r.aliases.bandit, ...r.aliases.ruff].join(', ') || '—';
    return `| [${r.code}](docs/rules/${r.code}.md) | \`${r.name}\` | ${r.defaultSeverity} | ${r.summary} | ${peers} |`;
  });
  return ['| Code | Name | Default severity | Reports | Peer codes |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function readmeWithTable(readme: string): string {
  const start = '<!-- rules:start -->';
  const end = '<!-- rules:end -->';
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < 0) throw new Error('README has no rules markers');
  return `${readme.slice(0, i + start.length)}\n${rulesTable()}\n${readme.slice(j)}`;
}

export function rulePages(): Map<string, string> {
  return new Map(RULES.map((r) => [join('docs', 'rules', `${r.code}.md`), ruleMarkdown(r.code)]));
}

if (require.main === module) {
  const readmePath = join(root, 'README.md');
  writeFileSync(readmePath, readmeWithTable(readFileSync(readmePath, 'utf8')));
  mkdirSync(join(root, 'docs', 'rules'), { recursive: true });
  for (const [path, text] of rulePages()) writeFileSync(join(root, path), text);
  console.log(`wrote README.md and ${RULES.length} rule pages`);
}
