import type { ModuleModel } from '../python/model';
import type { SyntaxNode } from '../python/parser';
import type { Finding, Fix, Severity, Target } from '../types';

/**
 * The contract every rule implements. A rule is a value: its identity, its documentation
 * (shown in hovers, in "Show documentation" and in the README's table) and its check.
 */
export interface Rule {
  /** Stable code, e.g. "SSL101". */
  code: string;
  /** Kebab-case name of the bad pattern, e.g. "insecure-protocol". */
  name: string;
  /** One line for tables. */
  summary: string;
  defaultSeverity: Severity;
  /** Codes of peer tools that mean the same thing; a `# nosec B502` or `# noqa: S502` silences this rule too. */
  aliases: { bandit: string[]; ruff: string[] };
  docs: RuleDocs;
  check(context: RuleContext): void;
}

/** Rule documentation with fixed headings, in Markdown. */
export interface RuleDocs {
  whatItDoes: string;
  whyIsThisBad: string;
  example: string;
  useInstead: string;
  references: string[];
  /** Present when the rule's fixes change behaviour. */
  fixSafety?: string;
}

export interface RuleContext {
  model: ModuleModel;
  target: Target;
  /** Reports a finding at a node's range (or an explicit range). */
  report(report: RuleReport): void;
}

export interface RuleReport {
  node: SyntaxNode;
  /** Where the range ends, when it should span to another node. */
  endNode?: SyntaxNode;
  message: string;
  fixes?: Fix[];
}

export type { Finding };
