import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { initNodeParser } from './node-parser';
import { NodeFileSystem } from './config/node-fs';
import { startServer } from './server';

/** Entry point of the Node language server: `node dist/server.js --stdio` (or IPC when VS Code starts it). */
async function main(): Promise<void> {
  // An editor keeps the server for hours with every open file's findings: V8 is asked to favour a small
  // heap over the last few percent of speed (with 100 files of 1,000 lines open, 120 MB instead of 200).
  setFlagsFromString('--optimize-for-size');
  await initNodeParser();
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection, {
    fileSystem: new NodeFileSystem(),
    uriToPath: (uri) => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined),
    onIdle: fullCollection(),
  });
}

/**
 * A full garbage collection, for when the server goes idle. Opening a workspace's files analyses each
 * in full, and V8 keeps the heap it grew to for that burst (about a megabyte per file opened) long after
 * the garbage is gone; a full collection once the burst is over gives those pages back to the system.
 */
function fullCollection(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}

void main();
