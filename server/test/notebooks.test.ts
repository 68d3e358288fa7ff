import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combineCells, splitFindings } from '../src/features/notebooks';
import { check } from './helpers';
import { LspClient } from './lsp-client';

const cells = [
  { uri: 'cell:1', text: '%matplotlib inline\nimport ssl' },
  { uri: 'cell:2', text: '!pip install requests\nfiles = !ls\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\nssl.SSLContext?' },
  { uri: 'cell:3', text: '%%bash\necho ssl.PROTOCOL_SSLv3 && python -c "import ssl"' },
  { uri: 'cell:4', text: 'ctx.verify_mode = ssl.CERT_NONE' },
];

test('magics and shell escapes are blanked, keeping lines and columns', () => {
  const combined = combineCells(cells);
  assert.equal(
    combined.text,
    '                  \nimport ssl\n                     \n           \nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n               \n      \n                                                 \nctx.verify_mode = ssl.CERT_NONE',
  );
  assert.deepEqual(combined.cells.map((c) => [c.uri, c.firstLine, c.lineCount]), [
    ['cell:1', 0, 2],
    ['cell:2', 2, 4],
    ['cell:3', 6, 2],
    ['cell:4', 8, 1],
  ]);
});

test('findings land in the right cell, with an import from an earlier cell resolved', async () => {
  const combined = combineCells(cells);
  const byCell = splitFindings(combined, await check(combined.text));
  const brief = (uri: string) => byCell.get(uri)!.map((f) => `${f.range.start.line}:${f.range.start.character} ${f.code}`);
  assert.deepEqual(brief('cell:1'), []);
  assert.deepEqual(brief('cell:2'), ['2:21 SSL101']);
  assert.deepEqual(brief('cell:3'), []);
  assert.deepEqual(brief('cell:4'), ['0:18 SSL201']);
});

test('notebook documents over LSP notebook sync', async () => {
  const client = await LspClient.start();
  try {
    const nbUri = 'file:///project/analysis.ipynb';
    const cellUri = (n: number) => `vscode-notebook-cell:/project/analysis.ipynb#cell${n}`;
    await client.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: {
        uri: nbUri,
        notebookType: 'jupyter-notebook',
        version: 1,
        cells: [
          { kind: 2, document: cellUri(1) },
          { kind: 2, document: cellUri(2) },
        ],
      },
      cellTextDocuments: [
        { uri: cellUri(1), languageId: 'python', version: 1, text: '%load_ext autoreload\nimport ssl' },
        { uri: cellUri(2), languageId: 'python', version: 1, text: '!echo hi\nctx = ssl._create_unverified_context()' },
      ],
    });
    const ds = await client.waitForDiagnostics(cellUri(2), (d) => d.diagnostics.length > 0);
    assert.deepEqual(ds.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`), ['1:6 SSL201']);
    const first = await client.waitForDiagnostics(cellUri(1));
    assert.deepEqual(first, []);
  } finally {
    await client.stop();
  }
});
