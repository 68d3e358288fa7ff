import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { Scenario } from '../scenarios';
import { EXTENSION_ID } from '../helpers';

/** The extension installed from the .vsix: it is not the source folder, and it ships only what it needs. */
export function registerPackagedTests(_scenario: Scenario): void {
  describe('installed from the .vsix', () => {
    it('runs the installed copy, not the source folder', () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, 'the extension is installed');
      const source = process.env.SSL_LENS_E2E_SOURCE;
      assert.ok(source, 'SSL_LENS_E2E_SOURCE names the source folder');
      assert.notEqual(path.resolve(extension.extensionPath), path.resolve(source));
    });

    it('ships the bundles and the grammars, and leaves sources and node_modules out', () => {
      const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
      for (const shipped of ['package.json', 'dist/extension.js', 'dist/server.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm']) {
        assert.ok(existsSync(path.join(root, shipped)), `${shipped} is in the .vsix`);
      }
      for (const left of ['node_modules', 'client', 'server', 'data', 'tsconfig.json', 'esbuild.mjs']) {
        assert.ok(!existsSync(path.join(root, left)), `${left} is not in the .vsix`);
      }
    });
  });
}
