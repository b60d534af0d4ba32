/**
 * Golden files under test/fixtures/report/. `CCGUARD_UPDATE_GOLDEN=1` rewrites them from the
 * current output — then read the diff before committing it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { projectFile } from './project-file.js';

export function assertGolden(name: string, actual: string): void {
  const file = projectFile(`test/fixtures/report/${name}`);
  if (process.env.CCGUARD_UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `output differs from ${name}`);
}
