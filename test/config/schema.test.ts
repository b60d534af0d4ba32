import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { SIGNATURE_TABLE_CONFIG_SCHEMA } from '../../src/cc/signatures.js';
import { CONFIG_SCHEMA, configSchemaText } from '../../src/config/schema.js';

/** The published schema, found from here under tsx (test/config) and after the build (dist/test/config). */
function publishedSchemaPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('no package.json above the test');
    dir = parent;
  }
  return path.join(dir, 'schema', 'ccguard.config.schema.json');
}

/** Every `properties` entry of a schema, with its path; the if/then/else of a schema are conditions, not properties. */
function properties(
  node: unknown,
  at: string,
  out: { path: string; schema: Record<string, unknown> }[],
): typeof out {
  if (Array.isArray(node)) {
    for (const [i, n] of node.entries()) properties(n, `${at}[${i}]`, out);
    return out;
  }
  if (typeof node !== 'object' || node === null) return out;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'if' || key === 'then' || key === 'else') continue;
    if (key === 'properties') {
      for (const [name, sub] of Object.entries(value as object)) {
        out.push({ path: `${at}.${name}`, schema: sub as Record<string, unknown> });
        properties(sub, `${at}.${name}`, out);
      }
    } else {
      properties(value, `${at}/${key}`, out);
    }
  }
  return out;
}

function withoutDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDescriptions);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => k !== 'description' && k !== '$id')
      .map(([k, v]) => [k, withoutDescriptions(v)]),
  );
}

describe('config schema', () => {
  it('the published file is the schema the validator uses', () => {
    // Regenerate with `node --import tsx scripts/write-schema.ts` when this fails.
    assert.deepEqual(
      JSON.parse(fs.readFileSync(publishedSchemaPath(), 'utf8')),
      JSON.parse(configSchemaText()),
    );
    assert.deepEqual(JSON.parse(configSchemaText()), CONFIG_SCHEMA);
  });

  it('compiles as draft-07 in strict mode', () => {
    const ajv = new Ajv({ strict: true, strictRequired: false, strictTypes: false });
    assert.equal(typeof ajv.compile(CONFIG_SCHEMA), 'function');
    assert.equal(CONFIG_SCHEMA.$schema, 'http://json-schema.org/draft-07/schema#');
  });

  it('describes every property, for editors', () => {
    const all = properties(CONFIG_SCHEMA, '', []);
    assert.ok(all.length > 60, `${all.length} properties`);
    const undocumented = all.filter(
      (p) => typeof p.schema.description !== 'string' || p.schema.description === '',
    );
    assert.deepEqual(
      undocumented.map((p) => p.path),
      [],
    );
  });

  it('embeds the signature table fragment unchanged, descriptions aside', () => {
    const signatures = (CONFIG_SCHEMA.properties as Record<string, unknown>).signatures;
    assert.deepEqual(withoutDescriptions(signatures), withoutDescriptions(SIGNATURE_TABLE_CONFIG_SCHEMA));
  });
});
