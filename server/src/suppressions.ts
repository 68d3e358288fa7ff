import type { ModuleModel } from './python/model';
import type { SyntaxNode } from './python/parser';
import type { Rule } from './rules/rule';

/**
 * `# noqa`, `# noqa: SSL101, S502`, `# nosec`, `# nosec B502` comments, honoured on any line
 * of the logical statement a finding is in (a call spread over several lines included).
 */
export class Suppressions {
  private readonly byLine = new Map<number, Directive[]>();

  constructor(model: ModuleModel) {
    for (const comment of model.comments) {
      const d = parseDirectives(comment.text);
      if (d.length === 0) continue;
      const line = comment.startPosition.row;
      this.byLine.set(line, [...(this.byLine.get(line) ?? []), ...d]);
    }
  }

  get isEmpty(): boolean {
    return this.byLine.size === 0;
  }

  /** Is a finding of `rule` at `node` silenced by a comment on its logical statement? */
  isSuppressed(rule: Rule, node: SyntaxNode): boolean {
    if (this.byLine.size === 0) return false;
    const [first, last] = logicalLines(node);
    for (let line = first; line <= last; line++) {
      for (const d of this.byLine.get(line) ?? []) if (d.codes === 'all' || d.codes.some((c) => matches(rule, c))) return true;
    }
    return false;
  }
}

export interface Directive {
  tool: 'noqa' | 'nosec';
  codes: string[] | 'all';
  /** Where the codes list ends within the comment, for tools that edit it. */
  start: number;
  end: number;
}

/** Reads the directives in one comment's text (which starts with `#`). */
export function parseDirectives(text: string): Directive[] {
  const out: Directive[] = [];
  const re = /#\s*(noqa|nosec)\b(\s*:?\s*((?:[A-Za-z]+[0-9]+)(?:\s*,\s*[A-Za-z]+[0-9]+|\s+[A-Za-z]+[0-9]+(?=\s*(?:,|$|#|\s)))*))?/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const tool = m[1].toLowerCase() as 'noqa' | 'nosec';
    const list = m[3];
    // `# noqa` must use a colon before codes (flake8), `# nosec` may use a space (Bandit).
    const hasColon = /^\s*:/.test(m[2] ?? '');
    if (list && (tool === 'nosec' || hasColon)) {
      out.push({ tool, codes: list.split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase()), start: m.index, end: m.index + m[0].length });
    } else {
      out.push({ tool, codes: 'all', start: m.index, end: m.index + m[1].length + 1 });
    }
  }
  return out;
}

function matches(rule: Rule, code: string): boolean {
  return rule.code === code || rule.aliases.bandit.includes(code) || rule.aliases.ruff.includes(code);
}

const COMPOUND_BODY_FIELDS = ['body', 'consequence'];

/**
 * The first and last line of the logical statement around a node. For a compound statement
 * (`if`, `with`, `def`) only its header counts, so a comment inside the body does not silence the header.
 */
export function logicalLines(node: SyntaxNode): [number, number] {
  let stmt: SyntaxNode = node;
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    const parentType = n.parent?.type;
    if (parentType === 'module' || parentType === 'block' || n.parent === null) {
      stmt = n;
      break;
    }
    // A clause header such as `elif cond:` or `except X:` is its own logical line.
    if (n.type === 'elif_clause' || n.type === 'except_clause' || n.type === 'with_clause' || n.type === 'case_clause') {
      stmt = n;
      break;
    }
  }
  for (const field of COMPOUND_BODY_FIELDS) {
    const body = stmt.childForFieldName(field);
    if (body && body.type === 'block' && body.startPosition.row > stmt.startPosition.row && node.startPosition.row < body.startPosition.row) {
      return [stmt.startPosition.row, Math.max(stmt.startPosition.row, body.startPosition.row - 1)];
    }
  }
  if (stmt.type === 'elif_clause' || stmt.type === 'except_clause') {
    const block = stmt.namedChildren.find((c) => c?.type === 'block');
    if (block) return [stmt.startPosition.row, Math.max(stmt.startPosition.row, block.startPosition.row - 1)];
  }
  return [stmt.startPosition.row, stmt.endPosition.row];
}
