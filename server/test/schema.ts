// JSON Schema validation for the tests, with ajv: the dialect is the one the schema file declares in
// `$schema` (2020-12, draft-07 or draft-04), formats come from ajv-formats, and errors are returned as
// readable lines ("/entries/0 must have required property 'sources'") rather than ajv's error objects.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import Ajv, { type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import type AjvCore from 'ajv/dist/core';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** The repository's root; schema paths that are not absolute are taken from here. */
export const ROOT = join(__dirname, '..', '..');

/** The `$schema` URIs a schema file may declare, each with the ajv build that implements it. */
export const DIALECTS: Readonly<Record<string, () => AjvCore>> = {
  'https://json-schema.org/draft/2020-12/schema': () => new Ajv2020(OPTIONS),
  'http://json-schema.org/draft-07/schema#': () => new Ajv(OPTIONS),
  'http://json-schema.org/draft-07/schema': () => new Ajv(OPTIONS),
  'http://json-schema.org/draft-04/schema#': () => new AjvDraft04(OPTIONS),
};

/**
 * Validates `value` against the schema in `schemaFile` (a path from the repository root, or absolute)
 * and returns one line per error, or nothing when the value is valid.
 */
export function schemaErrors(schemaFile: string, value: unknown): string[] {
  const validate = compileSchemaFile(schemaFile);
  return validate(value) ? [] : (validate.errors ?? []).map(describeError);
}

/**
 * Compiles the schema in `schemaFile` with the ajv build for its `$schema`, in strict mode, so that an
 * unknown keyword or a broken `$ref` in the schema is an error rather than a check silently skipped.
 * Compiled schemas are cached by absolute path.
 */
export function compileSchemaFile(schemaFile: string): ValidateFunction {
  const path = isAbsolute(schemaFile) ? schemaFile : resolve(ROOT, schemaFile);
  const cached = compiled.get(path);
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(path, 'utf8')) as SchemaObject;
  const dialect = typeof schema.$schema === 'string' ? DIALECTS[schema.$schema] : undefined;
  if (!dialect) throw new Error(`${schemaFile}: $schema ${JSON.stringify(schema.$schema)} is not one of ${Object.keys(DIALECTS).join(', ')}`);
  const ajv = dialect();
  addFormats(ajv);
  const validate = ajv.compile(schema);
  compiled.set(path, validate);
  return validate;
}

/** One ajv error as a line: where in the instance, what is wrong, and the detail ajv keeps in its params. */
export function describeError(error: ErrorObject): string {
  const at = (error.instancePath === '' ? '/' : error.instancePath) + (error.propertyName === undefined ? '' : ` property name ${JSON.stringify(error.propertyName)}`);
  const p = error.params as Record<string, unknown>;
  let detail = '';
  if (error.keyword === 'additionalProperties') detail = ` (${String(p.additionalProperty)})`;
  else if (error.keyword === 'enum') detail = ` (${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
  else if (error.keyword === 'const') detail = ` (${JSON.stringify(p.allowedValue)})`;
  else if (error.keyword === 'propertyNames') detail = ` (${JSON.stringify(p.propertyName)})`;
  // A property a schema forbids with `false` ("role": false) is reported as "boolean schema is false".
  const message = error.keyword === 'false schema' ? 'must not be present' : (error.message ?? error.keyword);
  return `${at} ${message}${detail}`;
}

// Every error, not just the first. Strict, except that union types ("type": ["string", "null"]) are used
// on purpose, and a `required` inside if/then may name a property that only the parent schema defines.
const OPTIONS = { allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true } as const;

const compiled = new Map<string, ValidateFunction>();
