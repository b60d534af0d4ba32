/**
 * The issue-6 platform rules on examples/edk2-mini: exactly the planted findings of EXPECTED.md
 * §6.1 (and the `-D SMM_REQUIRE=TRUE` addition), nothing on the good patterns of §6.2.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../src/analysis/analyze.js';
import { loadConfig } from '../../../src/config/load.js';
import { ccLibraryPhase } from '../../../src/rules/platform/cc-library-phase.js';
import { drift } from '../../../src/rules/platform/drift.js';
import { fvAvailability } from '../../../src/rules/platform/fv-availability.js';
import { nullCcInstance } from '../../../src/rules/platform/null-cc-instance.js';
import { runRules } from '../../../src/rules/run.js';
import { Workspace } from '../../../src/workspace/workspace.js';
import { projectFile } from '../../helpers/project-file.js';

const ROOT = projectFile('examples/edk2-mini');
const RULES = [nullCcInstance, ccLibraryPhase, drift, fvAvailability];

function run(defines?: Record<string, string>): string[] {
  const ws = Workspace.open(ROOT);
  const { config } = loadConfig(ws);
  const model = analyze(ws, { config, ...(defines ? { defines } : {}) });
  const result = runRules(model, { rules: RULES });
  assert.deepEqual(result.diagnostics, []);
  return result.findings.map((f) => `${f.ruleId} ${f.path}:${f.line} [${f.cc}] ${f.message}`);
}

describe('issue-6 platform rules on examples/edk2-mini', () => {
  it('report exactly the planted cases under default defines', () => {
    assert.deepEqual(run(), [
      'platform/null-cc-instance OvmfPkg/AmdSev/AmdSevX64.dsc:70 [sev] AmdSevX64 supports SEV but resolves MemEncryptSevLib to MemEncryptSevLibNull for 1 module that runs in that mode: OvmfPkg/IoMmuDxe/IoMmuDxe.inf',
      'platform/drift OvmfPkg/AmdSev/AmdSevX64.fdf:29 [sev] AmdSevX64 never sets gUefiCpuPkgTokenSpaceGuid.PcdSevEsWorkAreaBase (DEC default 0x0) though ResetVector, SecMain, PeiDxeMemEncryptSevLib and 2 more read it; the reference OvmfPkgX64 sets it at OvmfPkg/OvmfPkgX64.fdf:52',
      'platform/fv-availability OvmfPkg/IntelTdx/IntelTdxX64.fdf:107 [tdx] TdxDxe lives only in NCCFV, which a TDX guest never loads, but TdAttestationDxe (DXEFV) depends on its gEdkiiMemoryAcceptProtocolGuid (depex)',
      'platform/cc-library-phase OvmfPkg/OvmfPkgX64.dsc:63 [sev] SecMemEncryptSevLib (LIBRARY_CLASS MemEncryptSevLib|SEC) is linked into PEIM OvmfPkg/PlatformPei/PlatformPei.inf in OvmfPkgX64, a module type it does not support',
    ]);
  });

  it('add the CcProbeLibNull mapping that -D SMM_REQUIRE=TRUE selects on the common platform', () => {
    const found = run({ SMM_REQUIRE: 'TRUE' });
    assert.ok(
      found.includes(
        'platform/null-cc-instance OvmfPkg/OvmfPkgX64.dsc:55 [cc] OvmfPkgX64 supports SEV/TDX but resolves CcProbeLib to CcProbeLibNull for 2 modules that run in that mode: OvmfPkg/IoMmuDxe/IoMmuDxe.inf, OvmfPkg/TdxDxe/TdxDxe.inf',
      ),
      found.join('\n'),
    );
    assert.equal(found.length, 5, found.join('\n'));
  });
});
