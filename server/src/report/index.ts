import { LineIndex, convertColumn } from '../positions';
import { RULES } from '../rules/index';
import type { Finding } from '../types';

/** The findings of one checked file. */
export interface FileResult {
  /** The path as shown to the user (relative to the working directory where possible). */
  path: string;
  text: string;
  findings: Finding[];
}

/** A finding flattened for output: 1-based lines, 1-based columns in Unicode code points. */
export interface FlatFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  name: string;
  severity: string;
  message: string;
}

export function flatten(results: FileResult[]): FlatFinding[] {
  const out: FlatFinding[] = [];
  for (const r of results) {
    const lines = new LineIndex(r.text);
    for (const f of r.findings) {
      out.push({
        file: r.path,
        line: f.range.start.line + 1,
        column: convertColumn(lines.line(f.range.start.line), f.range.start.character, 'utf-32') + 1,
        endLine: f.range.end.line + 1,
        endColumn: convertColumn(lines.line(f.range.end.line), f.range.end.character, 'utf-32') + 1,
        code: f.code,
        name: f.name,
        severity: f.severity,
        message: f.message,
      });
    }
  }
  return out;
}

export function formatJson(results: FileResult[]): string {
  return JSON.stringify(flatten(results), null, 2) + '\n';
}

/** Rule documentation as Markdown, used by SARIF help and by "Show documentation". */
export function ruleMarkdown(code: string): string {
  const rule = RULES.find((r) => r.code === code);
  if (!rule) return '';
  const d = rule.docs;
  const parts = [
    `# ${rule.name} (${rule.code})`,
    `## What it does\n${d.whatItDoes}`,
    `## Why is this bad?\n${d.whyIsThisBad}`,
    `## Example\n${d.example}`,
    `## Use instead\n${d.useInstead}`,
  ];
  if (d.fixSafety) parts.push(`## Fix safety\n${d.fixSafety}`);
  const aliases = [...rule.aliases.bandit, ...rule.aliases.ruff];
  if (aliases.length) parts.push(`## Peer codes\nSilenced by \`# nosec\` / \`# noqa\` with ${aliases.map((a) => `\`${a}\``).join(', ')}.`);
  parts.push(`## References\n${d.references.map((r) => `- <${r}>`).join('\n')}`);
  return parts.join('\n\n') + '\n';
}
