import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readmeWithTable, rulePages } from '../../scripts/gen-docs';

const root = join(__dirname, '..', '..');

test('the README rules table is generated from the registry (run `npm run docs`)', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  assert.equal(readme, readmeWithTable(readme));
});

test('each rule has its documentation page (run `npm run docs`)', () => {
  for (const [path, text] of rulePages()) assert.equal(readFileSync(join(root, path), 'utf8'), text, path);
});
