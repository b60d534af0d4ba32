/**
 * Schema validation with ajv, compiled once per schema. Errors come back as sentences with lines
 * (schema-errors.ts); callers never see ajv's objects.
 */
import type { Ajv, ValidateFunction } from 'ajv';
import { lazyModule } from '../lazy-module.js';
import { CONFIG_SCHEMA } from './schema.js';
import { describeSchemaErrors, type SchemaProblem } from './schema-errors.js';
import type { DataPath, ParsedSource } from './yaml-source.js';

let ajv: Ajv | undefined;
const compiled = new WeakMap<object, ValidateFunction>();
const ajvModule = lazyModule<typeof import('ajv')>('ajv');

function compile(schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (fn === undefined) {
    // verbose: the error formatter reads parentSchema to suggest property names.
    ajv ??= new (ajvModule().Ajv)({
      allErrors: true,
      verbose: true,
      strict: true,
      strictRequired: false,
      strictTypes: false,
    });
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/**
 * Problems of `data` against `schema`, each at the line of the offending value or key; `basePath`
 * says where `data` sits in the file.
 */
export function validateAgainst(
  schema: object,
  data: unknown,
  source: Pick<ParsedSource, 'lineOf' | 'lineOfKey'>,
  basePath: DataPath = [],
): SchemaProblem[] {
  const fn = compile(schema);
  return fn(data) ? [] : describeSchemaErrors(fn.errors ?? [], source, basePath);
}

export function validateConfigData(
  data: unknown,
  source: Pick<ParsedSource, 'lineOf' | 'lineOfKey'>,
): SchemaProblem[] {
  return validateAgainst(CONFIG_SCHEMA, data, source);
}

/** Whether a schema from elsewhere (a rule's optionsSchema) compiles; the message if not. */
export function schemaCompileError(schema: object): string | undefined {
  try {
    compile(schema);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
