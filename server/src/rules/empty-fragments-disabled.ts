import type { Rule } from './rule';
import type { SyntaxNode } from '../python/parser';
import { optionOps, removalFix, type OptionOp } from './option-ops';
import type { ModuleModel } from '../python/model';
import type { Fix } from '../types';
import { fix, replaceNode } from '../fixes/edits';
import { optionFact } from '../facts/options';

/** SSL403: OP_DONT_INSERT_EMPTY_FRAGMENTS turned on, directly or through pyOpenSSL's OP_ALL. */
export const emptyFragmentsDisabled: Rule = {
  code: 'SSL403',
  name: 'empty-fragments-disabled',
  summary: 'OP_DONT_INSERT_EMPTY_FRAGMENTS turned on (pyOpenSSL\'s OP_ALL includes it)',
  defaultSeverity: 'warning',
  aliases: { bandit: [], ruff: [] },
  docs: {
    whatItDoes:
      'Checks for pyOpenSSL code that turns on `OP_DONT_INSERT_EMPTY_FRAGMENTS`, explicitly or through `SSL.OP_ALL`, which in pyOpenSSL is OpenSSL\'s full `SSL_OP_ALL`. Python\'s own `ssl.OP_ALL` deliberately leaves that flag out, so `ctx.options |= ssl.OP_ALL` is not reported.',
    whyIsThisBad:
      'OpenSSL inserts an empty record before each CBC record on SSL 3.0 and TLS 1.0 so that an attacker cannot predict the IV (BEAST, CVE-2011-3389). This flag turns that countermeasure off.',
    example: '```python\nfrom OpenSSL import SSL\n\nctx = SSL.Context(SSL.TLS_METHOD)\nctx.set_options(SSL.OP_ALL)\n```',
    useInstead:
      '```python\nctx = SSL.Context(SSL.TLS_METHOD)\nctx.set_options(SSL.OP_ALL & ~SSL.OP_DONT_INSERT_EMPTY_FRAGMENTS)\nctx.set_min_proto_version(SSL.TLS1_2_VERSION)\n```',
    references: ['https://www.pyopenssl.org/en/latest/api/ssl.html', 'https://nvd.nist.gov/vuln/detail/CVE-2011-3389'],
  },
  check({ model, report }) {
    const ops = optionOps(model);
    for (const op of ops) {
      const fact = optionFact(op.name);
      if (fact?.rule !== 'SSL403' || op.action !== 'set') continue;
      // `SSL.OP_ALL & ~SSL.OP_DONT_INSERT_EMPTY_FRAGMENTS` keeps the countermeasure.
      if (op.name === 'OpenSSL.SSL.OP_ALL' && ops.some((o) => o.name === 'OpenSSL.SSL.OP_DONT_INSERT_EMPTY_FRAGMENTS' && o.action === 'cleared' && sameStatement(o.node, op.node))) continue;
      report({ node: op.node, message: `setting ${op.name} is unsafe: ${fact.reason}.`, fixes: fixFor(model, op) });
    }
  },
};

function sameStatement(a: SyntaxNode, b: SyntaxNode): boolean {
  const stmt = (n: SyntaxNode) => {
    while (n.parent && n.parent.type !== 'block' && n.parent.type !== 'module') n = n.parent;
    return n.startIndex;
  };
  return stmt(a) === stmt(b);
}

/** `SSL.OP_ALL` -> `SSL.OP_ALL & ~SSL.OP_DONT_INSERT_EMPTY_FRAGMENTS`; an explicit flag is removed. */
function fixFor(model: ModuleModel, op: OptionOp): Fix[] | undefined {
  if (op.name === 'OpenSSL.SSL.OP_ALL' && op.node.type === 'attribute') {
    const prefix = op.node.childForFieldName('object')!.text;
    const masked = `${op.node.text} & ~${prefix}.OP_DONT_INSERT_EMPTY_FRAGMENTS`;
    // Parentheses only where the surrounding expression would bind tighter than `&`.
    const bare = ['argument_list', 'assignment', 'augmented_assignment'].includes(op.node.parent?.type ?? '');
    const f = fix('Keep the BEAST countermeasure (OP_ALL without OP_DONT_INSERT_EMPTY_FRAGMENTS)', [replaceNode(op.node, bare ? masked : `(${masked})`)], true);
    return f ? [f] : undefined;
  }
  return removalFix(model, op, (o) => o.name === 'OpenSSL.SSL.OP_DONT_INSERT_EMPTY_FRAGMENTS' && o.action === 'set', 'Remove this statement (keeps the BEAST countermeasure)');
}
