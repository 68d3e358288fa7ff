import type { ModuleModel } from '../python/model';
import type { SyntaxNode } from '../python/parser';
import type { ApiUse } from './api-usage';
import type { Fix, Target } from '../types';
import { apiAvailable } from '../facts/api-lookup';
import { protocolFacts } from '../facts/protocols';
import { typeFacts } from '../facts/types';
import { contextRole, maskNames } from './helpers';
import { fix, replaceLastName, replaceNode, sslModule, statementOf } from '../fixes/edits';

/**
 * Fixes for removed and deprecated APIs, computed from the replacement recorded in data and checked
 * against the targets: a fix never suggests an API some targeted version lacks.
 */
export function apiFixes(model: ModuleModel, use: ApiUse, target: Target): Fix[] | undefined {
  const name = use.entry.name;
  let f: Fix | undefined;
  if (name === 'ssl.wrap_socket') f = wrapSocketFix(model, use.node, target);
  else if (name === 'ssl.SSLContext()') f = protocolArgumentFix(model, use.node, target);
  else if (protocolFacts.disabledBy(name)) f = minimumVersionFix(model, use.node, target);
  else f = renameFix(model, use, target);
  return f ? [f] : undefined;
}

/** `ssl.PROTOCOL_TLS` -> `ssl.PROTOCOL_TLS_CLIENT` (or `_SERVER` for a server context): a replacement that is one name of the same module. */
function renameFix(model: ModuleModel, use: ApiUse, target: Target): Fix | undefined {
  let replacement = use.entry.replacement;
  if (!replacement || !/^ssl\.[A-Za-z_][A-Za-z0-9_]*$/.test(replacement) || use.node.type !== 'attribute') return undefined;
  const isProtocol = protocolFacts.name(use.entry.name)?.kind === 'negotiating';
  let server = false;
  if (isProtocol) {
    const call = enclosingCall(use.node);
    server = !!call && (contextRole(model, call) === 'server' || assignedRole(model, call) === 'server');
    if (server) replacement = 'ssl.PROTOCOL_TLS_SERVER';
  }
  if (!apiAvailable(replacement, target)) return undefined;
  const short = replacement.slice(4);
  const behaviour = isProtocol && !server ? ' (changes behaviour: certificates and host names are verified)' : '';
  return fix(`Use ${replacement}${behaviour}`, [replaceLastName(use.node, short)], behaviour === '');
}

/** `ssl.SSLContext()` -> `ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)`. */
function protocolArgumentFix(model: ModuleModel, call: SyntaxNode, target: Target): Fix | undefined {
  const server = contextRole(model, call) === 'server' || assignedRole(model, call) === 'server';
  const constant = server ? 'PROTOCOL_TLS_SERVER' : 'PROTOCOL_TLS_CLIENT';
  if (!apiAvailable(`ssl.${constant}`, target)) return undefined;
  const args = call.childForFieldName('arguments');
  const open = args?.firstChild;
  if (args?.type !== 'argument_list' || open?.type !== '(' || args.namedChildCount > 0) return undefined;
  const ssl = sslModule(model);
  const at = { line: open.endPosition.row, character: open.endPosition.column };
  const behaviour = server ? '' : ' (changes behaviour: certificates and host names are verified)';
  return fix(`Pass ssl.${constant}${behaviour}`, [{ range: { start: at, end: at }, newText: `${ssl.prefix}.${constant}` }, ...(ssl.importEdit ? [ssl.importEdit] : [])], server);
}

/**
 * `ctx.options |= ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1` -> `ctx.minimum_version = ssl.TLSVersion.TLSv1_2`,
 * where every targeted version has minimum_version and the statement only turns legacy protocols off.
 */
function minimumVersionFix(model: ModuleModel, node: SyntaxNode, target: Target): Fix | undefined {
  if (!apiAvailable('ssl.SSLContext.minimum_version', target)) return undefined;
  const stmt = statementOf(node);
  const assign = stmt.type === 'expression_statement' ? stmt.namedChild(0) : null;
  if (assign?.type !== 'augmented_assignment' || assign.childForFieldName('operator')?.text !== '|=') return undefined;
  const left = assign.childForFieldName('left');
  if (left?.type !== 'attribute' || left.childForFieldName('attribute')?.text !== 'options') return undefined;
  const names = maskNames(model, assign.childForFieldName('right'));
  const protocols = names.map((m) => (m.negated ? undefined : protocolFacts.disabledBy(m.name)?.key));
  if (protocols.some((p) => !p || !protocolFacts.protocol(p).insecure) || !protocols.includes('TLSv1') || !protocols.includes('TLSv1_1')) return undefined;
  const ssl = sslModule(model);
  const receiver = left.childForFieldName('object')!.text;
  return fix('Use minimum_version = TLSVersion.TLSv1_2', [replaceNode(assign, `${receiver}.minimum_version = ${ssl.prefix}.TLSVersion.TLSv1_2`), ...(ssl.importEdit ? [ssl.importEdit] : [])], true);
}

/** Arguments of ssl.wrap_socket() that SSLContext.wrap_socket() takes unchanged. */
const CARRIED = new Set(['do_handshake_on_connect', 'suppress_ragged_eofs']);

/**
 * `ssl.wrap_socket(sock)` -> `ssl.create_default_context().wrap_socket(sock, server_hostname=host)` on the
 * client side, where the host is known from `socket.create_connection((host, port))`.
 */
function wrapSocketFix(model: ModuleModel, ref: SyntaxNode, target: Target): Fix | undefined {
  const call = ref.parent?.type === 'call' && ref.parent.childForFieldName('function')?.id === ref.id ? ref.parent : undefined;
  if (!call || !apiAvailable('ssl.create_default_context', target)) return undefined;
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && a.type !== 'comment');
  const [sock, ...rest] = args;
  if (!sock || sock.type === 'keyword_argument' || sock.type === 'list_splat' || sock.type === 'dictionary_splat') return undefined;
  for (const a of rest) {
    if (a.type !== 'keyword_argument' || !CARRIED.has(a.childForFieldName('name')?.text ?? '')) return undefined;
  }
  const host = hostOf(model, sock);
  if (!host) return undefined;
  const prefix = ref.type === 'attribute' ? ref.childForFieldName('object')!.text : undefined;
  if (!prefix) return undefined;
  const kept = rest.map((a) => a.text);
  const text = `${prefix}.create_default_context().wrap_socket(${[sock.text, `server_hostname=${host}`, ...kept].join(', ')})`;
  return fix('Use create_default_context().wrap_socket() (changes behaviour: the certificate and host name are verified)', [replaceNode(call, text)], false);
}

/** The host expression of a socket made by `socket.create_connection((host, port))` in this module. */
function hostOf(model: ModuleModel, sock: SyntaxNode): string | undefined {
  const values = sock.type === 'call' ? [sock] : model.valuesOf(sock);
  for (const v of values) {
    if (v.type !== 'call' || !typeFacts.isCallTo(model.calleeOf(v), 'socket.create_connection')) continue;
    const address = v.childForFieldName('arguments')?.namedChild(0);
    if (address?.type === 'tuple' && address.namedChildCount === 2) return address.namedChild(0)!.text;
  }
  return undefined;
}

function enclosingCall(node: SyntaxNode): SyntaxNode | undefined {
  const p = node.parent;
  if (p?.type === 'argument_list') return p.parent?.type === 'call' ? p.parent : undefined;
  if (p?.type === 'keyword_argument') return p.parent?.parent?.type === 'call' ? p.parent.parent : undefined;
  return undefined;
}

function assignedRole(model: ModuleModel, call: SyntaxNode) {
  const stmt = call.parent;
  if (stmt?.type !== 'assignment' || stmt.childForFieldName('right')?.id !== call.id) return 'unknown';
  const left = stmt.childForFieldName('left');
  return left ? contextRole(model, left) : 'unknown';
}
