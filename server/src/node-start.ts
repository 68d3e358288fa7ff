import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { constants, Script } from 'node:vm';

/**
 * `node dist/server.js`: starts the language server (dist/server-main.js) from V8's code cache.
 *
 * Compiling the server's megabyte of JavaScript, and the functions the first analysis runs, is a good
 * part of a cold start. The first start saves the compiled code next to the bundle (when that folder
 * is writable: an extension's folder is its user's); later starts reuse it. V8 checks that the cache
 * matches the source, its own version and flags, and compiles afresh when it does not.
 */

// V8 flags go first: the cache is only accepted under the flags it was made with.
// An editor keeps the server for hours with every open file's findings, so V8 grows the heap by 5%
// at a time instead of by half or more (100 open files of 1,000 lines: about 150 MB instead of 200;
// --optimize-for-size would save 30 MB more but makes each keystroke's analysis a third slower), and
// `gc` is made available for a full collection once the server is idle (see node.ts).
setFlagsFromString('--heap-growing-percent=5');
setFlagsFromString('--expose-gc');

const file = join(__dirname, 'server-main.js');
const source = readFileSync(file, 'utf8');
const stat = statSync(file);
const cacheName = `.server-main.${process.version}.${process.arch}.${stat.size}.${Math.floor(stat.mtimeMs)}.v8cache`;
const cacheFile = join(__dirname, cacheName);
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // No cache yet.
}
// web-tree-sitter loads a Node module with import(), which a vm script must be told how to resolve.
const importModuleDynamically = constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ?? ((specifier: string) => import(specifier));
const script = new Script(Module.wrap(source), { filename: file, cachedData, importModuleDynamically: importModuleDynamically as never });
const main = new Module(file, module);
main.filename = file;
main.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
(script.runInThisContext() as (...args: unknown[]) => void).call(main.exports, main.exports, createRequire(file), main, file, __dirname);

if (!cachedData || script.cachedDataRejected) {
  // Saved once the first diagnostics are likely out, so that the functions they ran are in the cache
  // too, or when the server exits before that.
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    try {
      const temporary = `${cacheFile}.${process.pid}`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
      // Caches for an earlier build of the bundle, or another Node, are of no more use here.
      for (const name of readdirSync(__dirname)) {
        if (name !== cacheName && /^\.server-main\..*\.v8cache$/.test(name)) rmSync(join(__dirname, name), { force: true });
      }
    } catch {
      // A read-only installation runs without a cache.
    }
  };
  setTimeout(save, 10_000).unref();
  process.once('exit', save);
}
