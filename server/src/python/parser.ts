import { Language, Parser, type Edit, type Tree } from 'web-tree-sitter';

/**
 * Where the two WebAssembly files live. In Node these are file paths; in a browser worker they are URLs.
 * Bytes may be passed directly where the host has already loaded them.
 */
export interface WasmLocation {
  treeSitter: string;
  python: string | Uint8Array;
}

let ready: Promise<Parser> | undefined;
let parserInstance: Parser | undefined;

/** Loads tree-sitter and the Python grammar once per process. */
export function initParser(location: WasmLocation): Promise<Parser> {
  if (!ready) {
    ready = (async () => {
      await Parser.init({ locateFile: () => location.treeSitter });
      const language = await Language.load(location.python);
      const parser = new Parser();
      parser.setLanguage(language);
      parserInstance = parser;
      return parser;
    })();
  }
  return ready;
}

/** The parser, once `initParser` has resolved. */
export function parserOrThrow(): Parser {
  if (!parserInstance) throw new Error('the Python parser is not initialised');
  return parserInstance;
}

/**
 * Parses `text`, reusing `previous` when the caller has already applied its edits with `tree.edit`.
 * tree-sitter only re-parses the regions those edits touched.
 */
export function parsePython(text: string, previous?: Tree): Tree {
  const tree = parserOrThrow().parse(text, previous ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

export type { Edit, Tree };
export type { Node as SyntaxNode } from 'web-tree-sitter';
