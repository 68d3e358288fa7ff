import type { ModuleModel } from '../python/model';
import type { SyntaxNode } from '../python/parser';
import type { Fix, Range, TextEdit } from '../types';

/**
 * Building blocks for fixes. Every edit is computed from the syntax tree, never by searching the
 * text, and every fix that needs the `ssl` module refers to it by the name the file already uses
 * (`import ssl as tls` gives `tls.`), adding `import ssl` when the file has no such import.
 */

export function rangeOf(node: SyntaxNode): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

export function replaceNode(node: SyntaxNode, text: string): TextEdit {
  return { range: rangeOf(node), newText: text };
}

/** Replaces the last name of an attribute chain (`ssl.PROTOCOL_TLSv1` -> `ssl.PROTOCOL_TLS_CLIENT`), or the whole name. */
export function replaceLastName(node: SyntaxNode, name: string): TextEdit {
  const attr = node.type === 'attribute' ? node.childForFieldName('attribute') : null;
  return replaceNode(attr ?? node, name);
}

/** The simple statement that contains a node (the statement in a block or at module level). */
export function statementOf(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.parent && n.parent.type !== 'block' && n.parent.type !== 'module') n = n.parent;
  return n;
}

/** The indentation of the line a statement starts on. */
export function indentOf(model: ModuleModel, stmt: SyntaxNode): string {
  const lineStart = model.text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
  const prefix = model.text.slice(lineStart, stmt.startIndex);
  return /^[ \t]*$/.test(prefix) ? prefix : '';
}

/** The line ending the file uses. */
export function eol(model: ModuleModel): string {
  return model.text.includes('\r\n') ? '\r\n' : '\n';
}

/** Inserts lines after a statement, at its indentation. Statements joined by `;` on one line are not split. */
export function insertAfterStatement(model: ModuleModel, stmt: SyntaxNode, lines: string[]): TextEdit | undefined {
  if (sharesLine(stmt)) return undefined;
  const indent = indentOf(model, stmt);
  const nl = eol(model);
  const end = { line: stmt.endPosition.row, character: lineLength(model, stmt.endPosition.row) };
  return { range: { start: end, end }, newText: lines.map((l) => nl + indent + l).join('') };
}

/**
 * Removes a statement with its line. When it is the only statement of a block, it is replaced by
 * `pass` so the block stays valid.
 */
export function removeStatement(model: ModuleModel, stmt: SyntaxNode): TextEdit | undefined {
  if (sharesLine(stmt)) return undefined;
  const block = stmt.parent;
  const siblings = block?.namedChildren.filter((c) => c && c.type !== 'comment') ?? [];
  if (block?.type === 'block' && siblings.length === 1) return replaceNode(stmt, 'pass');
  const startLine = stmt.startPosition.row;
  const endLine = stmt.endPosition.row;
  const last = model.lastLine;
  if (endLine < last) return { range: { start: { line: startLine, character: 0 }, end: { line: endLine + 1, character: 0 } }, newText: '' };
  return { range: { start: { line: startLine, character: 0 }, end: { line: endLine, character: lineLength(model, endLine) } }, newText: '' };
}

/** How the file refers to the `ssl` module, and the import to add when it does not import it. */
export function sslModule(model: ModuleModel): { prefix: string; importEdit?: TextEdit } {
  for (const imp of model.imports) {
    if (imp.name !== 'ssl' || imp.node.parent?.type === 'import_from_statement') continue;
    const alias = imp.node.parent?.type === 'aliased_import' ? imp.node.parent.childForFieldName('alias')?.text : undefined;
    // Only an import at module level is visible everywhere.
    if (isModuleLevel(imp.node)) return { prefix: alias ?? 'ssl' };
  }
  return { prefix: 'ssl', importEdit: addImport(model, 'import ssl') };
}

/** Adds an import after the module docstring, `from __future__` imports and the first block of imports. */
export function addImport(model: ModuleModel, statement: string): TextEdit {
  const nl = eol(model);
  let after: SyntaxNode | undefined;
  for (const child of model.root.namedChildren) {
    if (!child) continue;
    const isDocstring = child.type === 'expression_statement' && child.namedChild(0)?.type === 'string' && !after;
    if (isDocstring || child.type === 'import_statement' || child.type === 'import_from_statement' || child.type === 'comment') {
      if (child.type !== 'comment' || after) after = child;
      continue;
    }
    break;
  }
  if (!after) return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: statement + nl };
  const end = { line: after.endPosition.row, character: lineLength(model, after.endPosition.row) };
  return { range: { start: end, end }, newText: nl + statement };
}

export function fix(title: string, edits: (TextEdit | undefined)[], safe: boolean): Fix | undefined {
  if (edits.some((e) => e === undefined)) return undefined;
  return { title, edits: edits as TextEdit[], safe };
}

export function lineLength(model: ModuleModel, line: number): number {
  return lineText(model, line).length;
}

export function lineText(model: ModuleModel, line: number): string {
  let start = 0;
  for (let i = 0; i < line; i++) {
    const next = model.text.indexOf('\n', start);
    if (next < 0) return '';
    start = next + 1;
  }
  const end = model.text.indexOf('\n', start);
  return model.text.slice(start, end < 0 ? model.text.length : end).replace(/\r$/, '');
}

function sharesLine(stmt: SyntaxNode): boolean {
  const prev = stmt.previousSibling;
  const next = stmt.nextSibling;
  return (!!prev && prev.type === ';') || (!!next && next.type === ';');
}

function isModuleLevel(node: SyntaxNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'class_definition') return false;
  }
  return true;
}

/** Adds `name=value` as the last argument of a call, keeping a trailing comma if there is one. */
export function addKeywordArgument(model: ModuleModel, call: SyntaxNode, name: string, value: string): TextEdit | undefined {
  const args = call.childForFieldName('arguments');
  if (args?.type !== 'argument_list') return undefined;
  const close = args.lastChild;
  if (close?.type !== ')') return undefined;
  const prev = close.previousSibling;
  if (!prev) return undefined;
  const at = { line: prev.endPosition.row, character: prev.endPosition.column };
  if (prev.type === ',' && close.startPosition.row > prev.endPosition.row) {
    // One argument per line with a trailing comma: add another line in the same style.
    const lastArg = prev.previousSibling;
    const indent = lastArg ? indentOf(model, lastArg) : undefined;
    if (lastArg && indent !== undefined && lastArg.startIndex - indent.length === model.text.lastIndexOf('\n', lastArg.startIndex - 1) + 1) {
      return { range: { start: at, end: at }, newText: `${eol(model)}${indent}${name}=${value},` };
    }
  }
  const text = prev.type === '(' ? `${name}=${value}` : prev.type === ',' ? ` ${name}=${value},` : `, ${name}=${value}`;
  return { range: { start: at, end: at }, newText: text };
}
