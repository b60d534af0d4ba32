/** The location rules on the example tree: exactly the findings examples/edk2-mini/EXPECTED.md §6.1 lists for them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../src/analysis/analyze.js';
import { loadConfig } from '../../../src/config/load.js';
import { advancedInCcDir } from '../../../src/rules/location/advanced-in-cc-dir.js';
import { archCode } from '../../../src/rules/location/arch-code.js';
import { basicInOvmfPkg } from '../../../src/rules/location/basic-in-ovmfpkg.js';
import { runRules } from '../../../src/rules/run.js';
import { Workspace } from '../../../src/workspace/workspace.js';
import { projectFile } from '../../helpers/project-file.js';

const ROOT = projectFile('examples/edk2-mini');

describe('location rules on examples/edk2-mini', () => {
  it('report exactly the planted findings', () => {
    const ws = Workspace.open(ROOT);
    const { config } = loadConfig(ws);
    const result = runRules(analyze(ws, { config }), { rules: [archCode, basicInOvmfPkg, advancedInCcDir] });
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(
      result.findings.map((f) => `${f.ruleId} ${f.cc} ${f.path}:${f.line}`),
      [
        'location/basic-in-ovmfpkg tdx OvmfPkg/IntelTdx/TdxHelperLib/SecTdxHelperLib.inf:9',
        'location/advanced-in-cc-dir sev OvmfPkg/Library/PlatformBootManagerLibGrub/PlatformBootManagerLibGrub.inf:9',
        'location/arch-code tdx OvmfPkg/TdxDxe/TdxDxe.inf:17',
        'location/arch-code sev UefiCpuPkg/Library/AmdSvsmLib/AmdSvsmLib.inf:21',
      ],
    );
  });
});
