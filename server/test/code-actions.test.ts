import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './lsp-client';
import { parserReady, target } from './helpers';
import { parsePython } from '../src/python/parser';
import { ModuleModel } from '../src/python/model';
import { analyseModel } from '../src/analysis';
import { noqaEdit } from '../src/features/code-actions';
import { applyEdits } from '../src/fixes/apply';

async function noqa(text: string, code: string): Promise<string> {
  await parserReady;
  const model = new ModuleModel(parsePython(text), text);
  const f = analyseModel(model, { target: target('>=3.10') }).find((x) => x.code === code);
  assert.ok(f, `no ${code} finding`);
  const edit = noqaEdit(model, f);
  const out = edit ? applyEdits(text, [edit]) : text;
  // The comment must actually silence the finding where it was put.
  const again = new ModuleModel(parsePython(out), out);
  assert.deepEqual(analyseModel(again, { target: target('>=3.10') }).filter((x) => x.code === code), []);
  return out;
}

test('"Disable for this line": on the finding\'s line, merged into an existing noqa, never inside a string', async () => {
  assert.equal(await noqa('import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n', 'SSL101'), 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # noqa: SSL101\n');
  assert.equal(await noqa('import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # noqa: E501\n', 'SSL101'), 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # noqa: E501, SSL101\n');
  assert.equal(await noqa('import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # legacy box\n', 'SSL101'), 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # legacy box  # noqa: SSL101\n');
  assert.equal(
    await noqa('import ssl\nctx = ssl.SSLContext(\n    ssl.PROTOCOL_TLSv1,\n)\n', 'SSL101'),
    'import ssl\nctx = ssl.SSLContext(\n    ssl.PROTOCOL_TLSv1,  # noqa: SSL101\n)\n',
  );
  assert.equal(
    await noqa('import ssl\nprint(ssl.SSLContext(ssl.PROTOCOL_TLSv1), """\nmulti-line""")\n', 'SSL101'),
    'import ssl\nprint(ssl.SSLContext(ssl.PROTOCOL_TLSv1), """\nmulti-line""")  # noqa: SSL101\n',
  );
  assert.equal(
    await noqa('import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1) if True \\\n    else None\n', 'SSL101'),
    'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1) if True \\\n    else None  # noqa: SSL101\n',
  );
});

test('code actions over LSP: the fix first and preferred, then disable, then documentation; fix-all', async () => {
  const client = await LspClient.start();
  try {
    const uri = 'file:///project/actions.py';
    const text = 'import ssl\nctx = ssl.create_default_context()\nctx.verify_mode = ssl.CERT_NONE\nctx.set_ciphers("HIGH:!aNULL")\n';
    client.open(uri, text);
    await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 2);
    const actions: any[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 2, character: 20 }, end: { line: 2, character: 20 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ['Use CERT_REQUIRED (changes behaviour: untrusted certificates are refused)', 'quickfix', true],
        ['Disable SSL201 for this line', 'quickfix', false],
        ['Show documentation for SSL201', 'quickfix', false],
        ['Fix all safe SSL Lens problems', 'source.fixAll.sslLens', false],
      ],
    );
    assert.deepEqual(actions[0].edit.changes[uri], [{ range: { start: { line: 2, character: 22 }, end: { line: 2, character: 31 } }, newText: 'CERT_REQUIRED' }]);
    assert.deepEqual(actions[2].command, { title: 'Show documentation for SSL201', command: 'sslLens.showDocumentation', arguments: ['SSL201'] });
    // Fix-all applies only the safe fix (the cipher string), not the behaviour-changing one.
    assert.deepEqual(actions[3].edit.changes[uri], [{ range: { start: { line: 3, character: 28 }, end: { line: 3, character: 28 } }, newText: ':!kRSA:!kRSAPSK' }]);

    const only: any[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(only.map((a) => a.kind), ['source.fixAll.sslLens']);

    const docs: string = await client.connection.sendRequest('sslLens/ruleDocumentation', { code: 'SSL201' });
    assert.match(docs, /^# certificate-verification-disabled \(SSL201\)\n\n## What it does/);
  } finally {
    await client.stop();
  }
});

test('"Disable" and "Show documentation" can each be switched off', async () => {
  const client = await LspClient.start({ settings: { codeAction: { disableRuleComment: { enable: false }, showDocumentation: { enable: false } } } });
  try {
    const uri = 'file:///project/settings-actions.py';
    client.open(uri, 'import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = False\n');
    await client.waitForDiagnostics(uri);
    const actions: any[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 2, character: 21 }, end: { line: 2, character: 21 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(actions.map((a) => a.title), ['Remove `check_hostname = False` (changes behaviour: host names are checked)']);
  } finally {
    await client.stop();
  }
});
