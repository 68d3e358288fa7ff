import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { initNodeParser } from './node-parser';
import { NodeFileSystem } from './config/node-fs';
import { startServer } from './server';

/**
 * The Node language server (dist/server-main.js), started by dist/server.js (node-start.ts):
 * `node dist/server.js --stdio`, or over IPC when VS Code starts it.
 */
async function main(): Promise<void> {
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
    // node-start.ts set --expose-gc; a new context sees the `gc` it adds.
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}

void main();
