import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { fileURLToPath } from 'node:url';
import { initNodeParser } from './node-parser';
import { NodeFileSystem } from './config/node-fs';
import { startServer } from './server';

/** Entry point of the Node language server: `node dist/server.js --stdio` (or IPC when VS Code starts it). */
async function main(): Promise<void> {
  await initNodeParser();
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection, {
    fileSystem: new NodeFileSystem(),
    uriToPath: (uri) => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined),
  });
}

void main();
