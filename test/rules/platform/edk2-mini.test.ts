/**
 * The platform rules on the example tree: exactly the findings examples/edk2-mini/EXPECTED.md
 * §6.1 lists for them, and the same with `-D SMM_REQUIRE=TRUE` (platform/one-image judges the
 * default defines; the Null CcProbeLib that switch selects is platform/null-cc-instance's).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../src/analysis/analyze.js';
import { loadConfig } from '../../../src/config/load.js';
import { ccLocation } from '../../../src/rules/platform/cc-location.js';
import { matureOnly } from '../../../src/rules/platform/mature-only.js';
import { oneImage } from '../../../src/rules/platform/one-image.js';
import { runRules } from '../../../src/rules/run.js';
import { Workspace } from '../../../src/workspace/workspace.js';
import { projectFile } from '../../helpers/project-file.js';

const ROOT = projectFile('examples/edk2-mini');

function run(defines?: Readonly<Record<string, string>>): string[] {
  const ws = Workspace.open(ROOT);
  const { config } = loadConfig(ws);
  const model = analyze(ws, { config, ...(defines ? { defines } : {}) });
  const result = runRules(model, { rules: [oneImage, matureOnly, ccLocation] });
  assert.deepEqual(result.diagnostics, []);
  return result.findings.map((f) => `${f.ruleId} ${f.cc} ${f.path}:${f.line}`);
}

const EXPECTED = [
  'platform/cc-location sev OvmfPkg/AmdSev/AmdSevX64.dsc:29',
  'platform/one-image cc OvmfPkg/OvmfPkgX64.dsc:67',
  'platform/mature-only tdx OvmfPkg/OvmfPkgX64.dsc:114',
];

describe('platform rules on examples/edk2-mini', () => {
  it('report exactly the planted findings', () => {
    assert.deepEqual(run(), EXPECTED);
  });
  it('report the same with -D SMM_REQUIRE=TRUE', () => {
    assert.deepEqual(run({ SMM_REQUIRE: 'TRUE' }), EXPECTED);
  });
});
