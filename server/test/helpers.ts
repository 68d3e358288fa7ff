import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initNodeParser } from '../src/node-parser';
import { analyse } from '../src/analysis';
import { targetFromSpecifier } from '../src/facts/versions';
import type { Finding, Position, Target } from '../src/types';

export const parserReady = initNodeParser();

/** The texts of the rule fixtures (fixtures/rules/*.py), in file-name order. */
export function ruleFixtureTexts(): string[] {
  const dir = join(__dirname, 'fixtures', 'rules');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

export function target(spec: string, source = 'the test'): Target {
  const t = targetFromSpecifier(spec, source);
  if (!t) throw new Error(`bad target ${spec}`);
  return t;
}

export async function check(text: string, spec = '>=3.10'): Promise<Finding[]> {
  await parserReady;
  return analyse(text, { target: target(spec), onRuleError: (rule, error) => { throw new Error(`${rule.code}: ${String(error)}`); } });
}

/** The position of the `occurrence`-th match of `needle` in `text` (UTF-16 columns, zero-based). */
export function position(text: string, needle: string, occurrence = 1): Position {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' not found ${occurrence} time(s)`);
  }
  const before = text.slice(0, index);
  const line = before.split('\n').length - 1;
  const character = index - (before.lastIndexOf('\n') + 1);
  return { line, character };
}

/** One line per finding: "line:col-line:col CODE message" with 1-based positions, for exact comparisons. */
export function describe(findings: Finding[]): string[] {
  return findings.map(
    (f) => `${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.code} ${f.message}`,
  );
}

/** A temporary folder holding `files` (name to content, folders made as needed); the caller removes it. */
export function tempProject(files: Record<string, string | Buffer>, prefix = 'ssl-lens-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}
