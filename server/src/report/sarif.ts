import { RULES } from '../rules/index';
import { ruleMarkdown, type FileResult } from './index';
import type { Severity } from '../types';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF 2.1.0: one rule entry per code with its help text, one result per finding. */
export function formatSarif(results: FileResult[], toolVersion: string): string {
  const rules = RULES.map((r) => ({
    id: r.code,
    name: r.name,
    shortDescription: { text: r.summary },
    fullDescription: { text: r.docs.whatItDoes },
    help: { text: r.docs.whyIsThisBad, markdown: ruleMarkdown(r.code) },
    helpUri: r.docs.references[0],
    defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
    properties: { tags: ['security', 'tls'] },
  }));
  const index = new Map(RULES.map((r, i) => [r.code, i]));
  const sarifResults = results.flatMap((file) =>
    file.findings.map((f) => ({
      ruleId: f.code,
      ruleIndex: index.get(f.code),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toUri(file.path) },
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ssl-lens', informationUri: 'https://github.com/ssl-lens/ssl-lens', version: toolVersion, rules } },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function toUri(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}
