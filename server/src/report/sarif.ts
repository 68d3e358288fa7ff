import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { isAbsolute, join } from 'node:path';
import cweData from '../../../data/cwe.json';
import { RULES } from '../rules/index';
import { LineIndex } from '../positions';
import { ruleMarkdown, type FileResult } from './index';
import type { Finding, Severity } from '../types';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** Where each rule's documentation page lives; the editor's diagnostics link to the same pages. */
export const DOCS_BASE = 'https://github.com/ssl-lens/ssl-lens/blob/main/docs/rules/';

/** The key of our fingerprint in `partialFingerprints`; the version changes if the recipe does. */
export const FINGERPRINT_KEY = 'sslLens/v1';

interface CweRule {
  kind: 'security' | 'correctness' | 'compatibility';
  cwe: string[];
  reason: string;
}

export interface SarifOptions {
  /** The folder relative paths are relative to; it becomes `%SRCROOT%`. */
  cwd?: string;
}

/**
 * SARIF 2.1.0 for code-scanning services: one rule entry per code with its documentation, default level
 * and tags (CWE ids among them), one result per finding with a fingerprint that survives line moves.
 */
export function formatSarif(results: FileResult[], toolVersion: string, options: SarifOptions = {}): string {
  const rules = RULES.map((r) => {
    const meta = (cweData.rules as Record<string, CweRule>)[r.code];
    const tags = [meta?.kind ?? 'security', 'tls', ...(meta?.cwe ?? []).map((id) => `external/cwe/${id.toLowerCase()}`)];
    return {
      id: r.code,
      name: r.name,
      shortDescription: { text: r.summary },
      fullDescription: { text: plain(r.docs.whatItDoes) },
      help: { text: plain(r.docs.whyIsThisBad), markdown: ruleMarkdown(r.code) },
      helpUri: `${DOCS_BASE}${r.code}.md`,
      defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
      properties: { tags, precision: 'high', ...(meta?.cwe.length ? { cwe: meta.cwe } : {}) },
    };
  });
  const index = new Map(RULES.map((r, i) => [r.code, i]));
  const base = options.cwd;
  const sarifResults = results.flatMap((file) => {
    const fingerprints = fingerprintsFor(file);
    return file.findings.map((f, i) => ({
      ruleId: f.code,
      ruleIndex: index.get(f.code),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(file.path, base),
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprints[i] },
    }));
  });
  const run: Record<string, unknown> = {
    tool: { driver: { name: 'ssl-lens', informationUri: 'https://github.com/ssl-lens/ssl-lens', version: toolVersion, semanticVersion: toolVersion, rules } },
  };
  if (base) run.originalUriBaseIds = { '%SRCROOT%': { uri: pathToFileURL(join(base, '/')).href } };
  run.columnKind = 'utf16CodeUnits';
  run.results = sarifResults;
  const log = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
  return JSON.stringify(log, null, 2) + '\n';
}

/**
 * A fingerprint per finding that stays the same when lines are added above it or the file is re-indented:
 * a hash of the code, the finding's first source line with its whitespace collapsed, and how many
 * findings of that code on an identical line come before it in the file.
 */
export function fingerprintsFor(file: FileResult): string[] {
  const lines = new LineIndex(file.text);
  const seen = new Map<string, number>();
  return file.findings.map((f: Finding) => {
    const text = lines.line(f.range.start.line).trim().replace(/\s+/g, ' ');
    const key = `${f.code}\u0000${text}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
  });
}

function artifactLocation(path: string, base: string | undefined): { uri: string; uriBaseId?: string } {
  if (isAbsolute(path)) return { uri: pathToFileURL(path).href };
  const uri = path.split(/[\\/]/).map(encodeURIComponent).join('/');
  return base ? { uri, uriBaseId: '%SRCROOT%' } : { uri };
}

/** Markdown inline code and emphasis marks dropped, for SARIF's plain-text fields. */
function plain(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, '$1').replace(/\*\*([^*]+)\*\*/g, '$1');
}
