import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initParser } from './python/parser';

/**
 * Loads the parser in Node: from next to the bundle (dist/) when running built,
 * or from node_modules when running from source in tests.
 */
export function initNodeParser() {
  const bundled = join(__dirname, 'tree-sitter.wasm');
  if (existsSync(bundled)) {
    return initParser({ treeSitter: bundled, python: join(__dirname, 'tree-sitter-python.wasm') });
  }
  // Resolved at run time from node_modules, not by the bundler.
  const fromModules = (name: string) => require.resolve(name);
  return initParser({
    treeSitter: fromModules('web-tree-sitter/tree-sitter.wasm'),
    python: fromModules('tree-sitter-python/tree-sitter-python.wasm'),
  });
}
