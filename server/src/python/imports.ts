/**
 * The names a module's import statements bind, read from its text without parsing it, for the
 * command line's pre-filter. Each name is what the resolver qualifies the bound name as:
 * `import a.b` binds "a", `import a.b as c` binds "a.b", `from a import b` binds "a.b",
 * `from a import *` stands for "a", and `x = __import__("a")` binds "a".
 * Relative imports are left out (they never name the standard library or a known package).
 *
 * The reading errs on the side of finding too much: text that looks like an import inside a string
 * counts. Where an import statement cannot be read with confidence, the answer is undefined, which
 * callers must treat as "anything may be imported".
 */
export function importedNames(text: string): string[] | undefined {
  const out: string[] = [];
  IMPORT.lastIndex = 0;
  for (let m = IMPORT.exec(text); m; m = IMPORT.exec(text)) {
    const before = statementBefore(text, m.index);
    let module: string | undefined;
    if (before !== '') {
      const from = FROM.exec(before);
      // `import` in the middle of other text is a word in a string or comment, not a statement.
      if (!from) continue;
      module = from[1].replace(/\s+/g, '');
      if (module.startsWith('.')) continue;
      if (!DOTTED.test(module)) return undefined;
    }
    const names = nameList(text, m.index + m[0].length);
    if (names === undefined) return undefined;
    for (const item of names) {
      if (item === '*') {
        if (module === undefined) return undefined;
        out.push(module);
        continue;
      }
      const parsed = ITEM.exec(item);
      if (!parsed) return undefined;
      const dotted = parsed[1].replace(/\s+/g, '');
      if (module !== undefined) out.push(`${module}.${dotted}`);
      else out.push(parsed[2] ? dotted : dotted.split('.')[0]);
    }
  }
  DYNAMIC.lastIndex = 0;
  for (let m = DYNAMIC.exec(text); m; m = DYNAMIC.exec(text)) out.push(m[2]);
  return out;
}

const IMPORT = /(?<![\p{ID_Continue}.])import(?!\p{ID_Continue})/gu;
const FROM = /^from\s+((?:\.|\s|[\p{ID_Start}_][\p{ID_Continue}]*)*?)\s*$/u;
const DOTTED = /^[\p{ID_Start}_][\p{ID_Continue}]*(?:\.[\p{ID_Start}_][\p{ID_Continue}]*)*$/u;
const ITEM = /^((?:[\p{ID_Start}_][\p{ID_Continue}]*)(?:\s*\.\s*[\p{ID_Start}_][\p{ID_Continue}]*)*)(?:\s+as\s+([\p{ID_Start}_][\p{ID_Continue}]*))?$/u;
const DYNAMIC = /(?<![\p{ID_Continue}])(?:__import__|import_module)\s*\(\s*[rRuU]?(['"])([\p{ID_Start}_][\p{ID_Continue}]*(?:\.[\p{ID_Start}_][\p{ID_Continue}]*)*)\1/gu;

/**
 * The text of the statement before `index`, from its start: after the last line break that is not
 * escaped by a backslash, the last `;`, or the last `:` (as in `try: import ssl`), with backslash
 * continuations removed and surrounding blanks trimmed.
 */
function statementBefore(text: string, index: number): string {
  let start = index;
  while (start > 0) {
    const c = text.charCodeAt(start - 1);
    if (c === 0x3b || c === 0x3a) break; // ; :
    if (c === 0x0a || c === 0x0d) {
      // A line break escaped by a backslash continues the statement.
      let k = start - 1;
      if (c === 0x0a && k > 0 && text.charCodeAt(k - 1) === 0x0d) k--;
      if (k > 0 && text.charCodeAt(k - 1) === 0x5c) {
        start = k - 1;
        continue;
      }
      break;
    }
    start--;
  }
  return text.slice(start, index).replace(/\\\r?\n|\\\r/g, ' ').trim();
}

/**
 * The comma-separated items after `import`: a parenthesised list (comments allowed inside), or the
 * rest of the logical line up to `;` or a comment.
 */
function nameList(text: string, from: number): string[] | undefined {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f' || (text[i] === '\\' && /^\\\r?\n/.test(text.slice(i, i + 3))))) {
    i += text[i] === '\\' ? (text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2) : 1;
  }
  let body: string;
  if (text[i] === '(') {
    // Up to the closing parenthesis, leaving out comments (which may hold parentheses of their own).
    body = '';
    let j = i + 1;
    for (; j < text.length && text[j] !== ')'; j++) {
      if (text[j] === '#') {
        while (j < text.length && text[j] !== '\n' && text[j] !== '\r') j++;
        j--;
      } else body += text[j];
    }
    if (j >= text.length) return undefined;
  } else {
    let j = i;
    while (j < text.length) {
      const c = text[j];
      if (c === ';' || c === '#') break;
      if (c === '\n' || c === '\r') {
        if (text[j - 1] !== '\\' && !(c === '\n' && text[j - 1] === '\r' && text[j - 2] === '\\')) break;
      }
      j++;
    }
    body = text.slice(i, j).replace(/\\\r?\n|\\\r/g, ' ');
  }
  const items = body.split(',').map((s) => s.trim());
  // A trailing comma leaves an empty item; anything else empty means the statement is half written.
  if (items.length > 1 && items[items.length - 1] === '') items.pop();
  if (items.some((s) => s === '')) return undefined;
  return items;
}
