import type { Rule } from './rule';
import type { CallInfo, ModuleModel } from '../python/model';
import { protocolFacts } from '../facts/protocols';
import { formatVersion, lowest, compareVersions } from '../facts/versions';
import { apiEntry, presentIn } from '../facts/api-lookup';
import type { Target } from '../types';
import { argument, maskNames, targetRangeText } from './helpers';
import { fix, insertAfterStatement, sslModule, statementOf } from '../fixes/edits';
import type { Fix } from '../types';

/** SSL103: a negotiating context with no protocol floor, where the targeted Pythons' default floor admits TLS 1.0. */
export const protocolWithoutFloor: Rule = {
  code: 'SSL103',
  name: 'protocol-without-floor',
  summary: 'a negotiating context without a minimum protocol, where the target\'s default admits TLS 1.0',
  defaultSeverity: 'warning',
  aliases: { bandit: ['B504'], ruff: ['S504'] },
  docs: {
    whatItDoes:
      'Checks for contexts created with `PROTOCOL_TLS`, `PROTOCOL_SSLv23` or `SSLContext()` without a protocol, that never set `minimum_version` or an `OP_NO_TLSv1`/`OP_NO_TLSv1_1` floor, when the project supports a Python version whose default floor still admits TLS 1.0.',
    whyIsThisBad:
      'Before Python 3.10 such a context negotiates down to TLS 1.0 (and, with old OpenSSL builds, SSL 3.0). An active attacker can force the weakest protocol both sides accept.',
    example: '```python\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS)\n```',
    useInstead:
      '```python\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\nctx.minimum_version = ssl.TLSVersion.TLSv1_2  # Python 3.7+\n# before 3.7: ctx.options |= ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1\n```',
    references: ['https://docs.python.org/3/library/ssl.html#ssl.SSLContext.minimum_version', 'https://www.rfc-editor.org/rfc/rfc8996'],
  },
  check({ model, target, report }) {
    const floorFrom = protocolFacts.defaultFloorFrom();
    const low = lowest(target);
    if (compareVersions(low, floorFrom) >= 0) return;
    for (const call of model.calls) {
      if (call.callee !== 'ssl.SSLContext') continue;
      const protoArg = argument(call, 'protocol', 0);
      if (call.hasStarArgs && !protoArg) continue;
      const protoName = protoArg ? model.qualify(protoArg) : undefined;
      if (protoArg && protocolFacts.name(protoName ?? '')?.kind !== 'negotiating') continue;
      if (protoName === 'ssl.PROTOCOL_TLS_CLIENT' || protoName === 'ssl.PROTOCOL_TLS_SERVER') continue;
      if (hasFloor(model, call)) continue;
      const what = protoArg ? `ssl.SSLContext(${protoName})` : 'ssl.SSLContext()';
      const advice = floorAdvice(target);
      report({
        node: protoArg ?? call.function,
        message: `${what} negotiates down to TLS 1.0 on Python before ${formatVersion(floorFrom)}, and ${targetRangeText(target)} includes ${formatVersion(low)}; ${advice}.`,
        fixes: floorFix(model, call, target),
      });
    }
  },
};

/**
 * Inserts a floor after the statement that creates the context, in the form the targets support:
 * `minimum_version` where every targeted version has it, OP_NO_* flags where none does, and a
 * `hasattr` branch between the two when the targets straddle Python 3.7.
 */
function floorFix(model: ModuleModel, call: CallInfo, target: Target): Fix[] | undefined {
  const owner = assignedTo(call);
  if (!owner || (owner.type !== 'identifier' && owner.type !== 'attribute')) return undefined;
  const stmt = statementOf(call.node);
  const name = owner.text;
  const ssl = sslModule(model);
  const entry = apiEntry('ssl.SSLContext.minimum_version');
  const withMinimum = entry ? target.versions.filter((v) => presentIn(entry, v)).length : target.versions.length;
  const minimum = `${name}.minimum_version = ${ssl.prefix}.TLSVersion.TLSv1_2`;
  const flags = `${name}.options |= ${ssl.prefix}.OP_NO_TLSv1 | ${ssl.prefix}.OP_NO_TLSv1_1`;
  let lines: string[];
  if (withMinimum === target.versions.length) lines = [minimum];
  else if (withMinimum === 0) lines = [flags];
  else lines = [`if hasattr(${name}, "minimum_version"):`, `    ${minimum}`, 'else:', `    ${flags}`];
  const f = fix('Add a TLS 1.2 floor', [insertAfterStatement(model, stmt, lines), ...(ssl.importEdit ? [ssl.importEdit] : [])], true);
  return f ? [f] : undefined;
}

/** The way to set a floor that works on every targeted version, from the API history. */
function floorAdvice(target: Target): string {
  const entry = apiEntry('ssl.SSLContext.minimum_version');
  const withMinimum = entry ? target.versions.filter((v) => presentIn(entry, v)) : target.versions;
  if (withMinimum.length === target.versions.length) return 'set minimum_version = ssl.TLSVersion.TLSv1_2';
  if (withMinimum.length === 0) return 'add ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1 to its options';
  return `set minimum_version = ssl.TLSVersion.TLSv1_2 on Python ${formatVersion(withMinimum[0])} and later, and add ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1 to its options before that`;
}

/** Does the module set a floor on the context this call creates? */
function hasFloor(model: ModuleModel, call: CallInfo): boolean {
  const owner = assignedTo(call);
  if (!owner) return false;
  const key = model.objectKey(owner);
  if (!key) return false;
  for (const w of model.objectFacts(key).writes) {
    if (w.attribute === 'minimum_version') return true;
    if (w.attribute === 'options' && w.operator !== '^=') {
      for (const m of maskNames(model, w.value)) {
        const p = protocolFacts.disabledBy(m.name);
        if (p && !m.negated && (p.key === 'TLSv1' || p.key === 'TLSv1_1')) return true;
      }
    }
  }
  for (const c of model.objectFacts(key).methodCalls) if (c.method === 'set_min_proto_version') return true;
  return false;
}

/** The variable or attribute a call's result is assigned to, if it is assigned directly. */
function assignedTo(call: CallInfo) {
  let n = call.node;
  let p = n.parent;
  while (p?.type === 'parenthesized_expression') {
    n = p;
    p = p.parent;
  }
  if (p?.type === 'assignment' && p.childForFieldName('right')?.id === n.id) return p.childForFieldName('left') ?? undefined;
  return undefined;
}
