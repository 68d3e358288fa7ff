// Bundles the end-to-end suite (client/test) into .e2e/out/test/index.js, the module VS Code's
// extension host loads. The capabilities the built language server declares are baked in, so tests of
// features the server does not offer yet are reported as skipped.
import * as esbuild from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { paths } from './paths.mjs';

export async function buildTests() {
  // esbuild only strips types: check them first (client/test is outside the main tsconfig).
  const tsc = spawnSync(process.execPath, [join(paths.root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', join(paths.root, 'client', 'test')], { encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`type errors in client/test:\n${tsc.stdout}${tsc.stderr}`);
  const capabilities = await serverCapabilities();
  await esbuild.build({
    entryPoints: [join(paths.root, 'client/test/index.ts')],
    outfile: paths.testModule,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    define: { SSL_LENS_SERVER_CAPABILITIES: JSON.stringify(capabilities) },
    logLevel: 'warning',
  });
  return capabilities;
}

/** Starts `node dist/server.js --stdio` as VS Code would and returns what it says it can do. */
export async function serverCapabilities() {
  const child = spawn(process.execPath, [paths.serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest(() => null);
  connection.onNotification(() => undefined);
  connection.listen();
  try {
    const result = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {
        textDocument: { diagnostic: { dynamicRegistration: false }, hover: { contentFormat: ['markdown', 'plaintext'] }, codeAction: {} },
        workspace: { configuration: true, workspaceFolders: true },
      },
    });
    return result.capabilities;
  } finally {
    connection.dispose();
    child.kill();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await buildTests()));
}
