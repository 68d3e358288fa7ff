// Every data file names its JSON Schema in `$schema`, and is valid against it: a new file under data/
// without a schema, or with one it breaks, fails here. The pyproject table's schema must compile too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSchemaFile, ROOT, schemaErrors } from './schema';

const DATA = join(ROOT, 'data');

test('every data/*.json names a schema under data/schema/ and is valid against it', () => {
  const files = readdirSync(DATA).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 13, `only ${files.length} data files`);
  assert.deepEqual(dataDirectoryProblems(DATA), []);
});

test('every schema under data/schema/ compiles in strict mode and is used by a data file', () => {
  const used = new Set(readdirSync(DATA).filter((f) => f.endsWith('.json')).map((f) => readJsonFile(join(DATA, f)).$schema));
  for (const name of readdirSync(join(DATA, 'schema'))) {
    assert.match(name, /^[a-z0-9-]+\.schema\.json$/);
    assert.doesNotThrow(() => compileSchemaFile(join(DATA, 'schema', name)), name);
    assert.equal(readJsonFile(join(DATA, 'schema', name)).$id, name, `${name}: $id`);
    assert.ok(used.has(`./schema/${name}`), `${name} is used by no data file`);
  }
});

test('schemas/ssl-lens.schema.json compiles and accepts an empty table', () => {
  assert.doesNotThrow(() => compileSchemaFile('schemas/ssl-lens.schema.json'));
  assert.deepEqual(schemaErrors('schemas/ssl-lens.schema.json', {}), []);
  assert.ok(schemaErrors('schemas/ssl-lens.schema.json', { colour: true }).length > 0);
});

test('the walk reports a data file with no schema, a missing schema, a broken schema and an invalid entry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssl-lens-data-'));
  try {
    mkdirSync(join(dir, 'schema'));
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      additionalProperties: false,
      required: ['$schema', 'entries'],
      properties: { $schema: { type: 'string' }, entries: { type: 'array', items: { type: 'string' } } },
    };
    writeFileSync(join(dir, 'schema', 'good.schema.json'), JSON.stringify(schema));
    writeFileSync(join(dir, 'schema', 'typo.schema.json'), JSON.stringify({ ...schema, additionalProperty: false }));
    writeFileSync(join(dir, 'valid.json'), JSON.stringify({ $schema: './schema/good.schema.json', entries: ['a'] }));
    writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ $schema: './schema/good.schema.json', entries: [1] }));
    writeFileSync(join(dir, 'unnamed.json'), JSON.stringify({ entries: [] }));
    writeFileSync(join(dir, 'missing.json'), JSON.stringify({ $schema: './schema/missing.schema.json', entries: [] }));
    writeFileSync(join(dir, 'elsewhere.json'), JSON.stringify({ $schema: 'https://example.org/good.schema.json', entries: [] }));
    writeFileSync(join(dir, 'typo.json'), JSON.stringify({ $schema: './schema/typo.schema.json', entries: [] }));
    const problems = dataDirectoryProblems(dir);
    assert.deepEqual(problems.map((p) => p.split(':')[0]).sort(), ['elsewhere.json', 'invalid.json', 'missing.json', 'typo.json', 'unnamed.json']);
    assert.ok(problems.includes('invalid.json: /entries/0 must be string'), problems.join('\n'));
    assert.ok(problems.includes('unnamed.json: no $schema'), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('missing.json: ./schema/missing.schema.json does not exist')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('typo.json: ./schema/typo.schema.json does not compile: strict mode: unknown keyword: "additionalProperty"')), problems.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * What is wrong with the JSON files directly in `dir`, one line per problem: a file must name a schema in
 * `./schema/` by a relative `$schema`, the schema must exist and compile, and the file must be valid.
 */
function dataDirectoryProblems(dir: string): string[] {
  const problems: string[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const data = readJsonFile(join(dir, name));
    const ref = data.$schema;
    if (typeof ref !== 'string') {
      problems.push(`${name}: no $schema`);
      continue;
    }
    if (!/^\.\/schema\/[a-z0-9-]+\.schema\.json$/.test(ref)) {
      problems.push(`${name}: $schema ${ref} is not ./schema/NAME.schema.json`);
      continue;
    }
    const schemaFile = join(dir, ref);
    let errors: string[];
    try {
      readFileSync(schemaFile);
    } catch {
      problems.push(`${name}: ${ref} does not exist`);
      continue;
    }
    try {
      errors = schemaErrors(schemaFile, data);
    } catch (e) {
      problems.push(`${name}: ${ref} does not compile: ${(e as Error).message}`);
      continue;
    }
    for (const error of errors) problems.push(`${name}: ${error}`);
  }
  return problems;
}

function readJsonFile(path: string): { $schema?: unknown; [key: string]: unknown } {
  return JSON.parse(readFileSync(path, 'utf8'));
}
