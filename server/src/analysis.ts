import { parsePython, type Tree } from './python/parser';
import { ModuleModel } from './python/model';
import { mayHaveFindings } from './python/prefilter';
import { RULES } from './rules/index';
import type { Rule, RuleReport } from './rules/rule';
import { Suppressions } from './suppressions';
import type { Finding, Severity, Target } from './types';

export interface AnalysisOptions {
  target: Target;
  /** Which rules run; all when absent. */
  isEnabled?: (code: string) => boolean;
  /** A severity per code that replaces the rule's default. */
  severity?: (code: string) => Severity | undefined;
  /** Called when a rule throws; the other rules still report. */
  onRuleError?: (rule: Rule, error: unknown) => void;
  rules?: readonly Rule[];
}

/** Parses and analyses a Python module. The same function serves the editor and the command line. */
export function analyse(text: string, options: AnalysisOptions): Finding[] {
  const tree = parsePython(text);
  try {
    return analyseTree(tree, text, options);
  } finally {
    tree.delete();
  }
}

/** Analyses an already parsed module (the editor keeps trees across edits and re-parses incrementally). */
export function analyseTree(tree: Tree, text: string, options: AnalysisOptions): Finding[] {
  return analyseModel(new ModuleModel(tree, text), options);
}

/** Runs the rules over a resolved module. */
export function analyseModel(model: ModuleModel, options: AnalysisOptions): Finding[] {
  const suppressions = new Suppressions(model);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of options.rules ?? RULES) {
    if (options.isEnabled && !options.isEnabled(rule.code)) continue;
    const severity = options.severity?.(rule.code) ?? rule.defaultSeverity;
    const report = (r: RuleReport) => {
      if (suppressions.isSuppressed(rule, r.node)) return;
      const end = r.endNode ?? r.node;
      const finding: Finding = {
        code: rule.code,
        name: rule.name,
        severity,
        message: r.message,
        range: {
          start: { line: r.node.startPosition.row, character: r.node.startPosition.column },
          end: { line: end.endPosition.row, character: end.endPosition.column },
        },
      };
      if (r.fixes?.length) finding.fixes = r.fixes;
      const key = `${rule.code}:${finding.range.start.line}:${finding.range.start.character}:${finding.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push(finding);
    };
    try {
      rule.check({ model, target: options.target, report });
    } catch (error) {
      options.onRuleError?.(rule, error);
    }
  }
  findings.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.code.localeCompare(b.code),
  );
  return findings;
}

/**
 * Cheap test used by the command line to skip files that cannot contain a finding, without parsing
 * them: a finding needs a name imported from a module the facts know about, or one of the two
 * patterns that need none (see `mayHaveFindings`).
 */
export function mayNeedAnalysis(text: string): boolean {
  return mayHaveFindings(text);
}
