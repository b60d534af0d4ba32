/**
 * The naming rules on the example tree: exactly the findings examples/edk2-mini/EXPECTED.md §6.1
 * lists for them, and none on the good names of §6.2.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../src/analysis/analyze.js';
import type { AnalysisModel } from '../../../src/analysis/model.js';
import { loadConfig } from '../../../src/config/load.js';
import ccFileNaming from '../../../src/rules/naming/cc-file.js';
import ccModuleNaming from '../../../src/rules/naming/cc-module.js';
import { runRules } from '../../../src/rules/run.js';
import type { Rule } from '../../../src/rules/types.js';
import { Workspace } from '../../../src/workspace/workspace.js';
import { projectFile } from '../../helpers/project-file.js';

const ROOT = projectFile('examples/edk2-mini');

let cached: AnalysisModel | undefined;
function model(): AnalysisModel {
  if (!cached) {
    const ws = Workspace.open(ROOT);
    cached = analyze(ws, { config: loadConfig(ws).config });
  }
  return cached;
}

function findings(rule: Rule): string[] {
  const result = runRules(model(), { rules: [rule] });
  assert.deepEqual(result.diagnostics, []);
  return result.findings.map((f) => `${f.cc} ${f.path}:${f.line} ${f.message}`);
}

describe('naming rules on examples/edk2-mini', () => {
  it('naming/cc-module: SecretDxe lacks its SEV tag; IoMmuDxe serves SEV and TDX without a Cc name', () => {
    assert.deepEqual(findings(ccModuleNaming), [
      'sev OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf:9 SecretDxe exists for SEV but its name lacks the Sev tag; name it SevSecretDxe or SecretSevDxe.',
      'cc OvmfPkg/IoMmuDxe/IoMmuDxe.inf:9 IoMmuDxe serves SEV and TDX but is not named for CC in general; name it CcIoMmuDxe.',
    ]);
  });

  it('naming/cc-file: the TDX-only Helper.c of IoMmuDxe', () => {
    assert.deepEqual(findings(ccFileNaming), [
      'tdx OvmfPkg/IoMmuDxe/Helper.c:1 Helper.c holds only TDX code but its name lacks the Tdx tag; name it HelperTdx.c or TdxHelper.c.',
    ]);
  });
});
