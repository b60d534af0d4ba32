/**
 * Writes schema/ccguard.config.schema.json from src/config/schema.ts, the source of truth, in the
 * repository's format. Run after changing the schema: `node --import tsx scripts/write-schema.ts`
 * (test/config/schema.test.ts fails while the two differ).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configSchemaText } from '../src/config/schema.js';

const target = fileURLToPath(new URL('../schema/ccguard.config.schema.json', import.meta.url));
const biome = fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url));
fs.writeFileSync(target, configSchemaText());
execFileSync(biome, ['format', '--write', target], { stdio: 'ignore' });
process.stdout.write(`wrote ${target}\n`);
