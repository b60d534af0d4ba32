/** The code rules on the example tree: exactly the findings examples/edk2-mini/EXPECTED.md §6.1 lists for them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../src/analysis/analyze.js';
import { loadConfig } from '../../../src/config/load.js';
import { ALL_RULES } from '../../../src/rules/index.js';
import { runRules } from '../../../src/rules/run.js';
import { Workspace } from '../../../src/workspace/workspace.js';
import { projectFile } from '../../helpers/project-file.js';

const ROOT = projectFile('examples/edk2-mini');

describe('code rules on examples/edk2-mini', () => {
  it('report exactly the planted findings and stay quiet on the good patterns (§6.2)', () => {
    const ws = Workspace.open(ROOT);
    const { config } = loadConfig(ws);
    const result = runRules(analyze(ws, { config }), {
      // Every code rule, so that a new one is held to the example's answers too.
      rules: ALL_RULES.filter((r) => r.meta.id.startsWith('code/')),
    });
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(
      result.findings.map((f) => `${f.ruleId} ${f.cc} ${f.path}:${f.line}-${f.endLine}`),
      [
        'code/raw-status-check sev OvmfPkg/Library/BaseMemEncryptSevLib/X64/SetMemEncryption.c:105-105',
        'code/wrong-cc-predicate tdx OvmfPkg/Library/CcExitLib/CcExitLib.c:51-53',
        'code/mode-check-flags sev OvmfPkg/ResetVector/Ia32/AmdSev.nasm.inc:53-53',
        'code/unguarded-cc-call sev OvmfPkg/Sec/SecMain.c:64-64',
      ],
    );
    const [, wrong, , unguarded] = result.findings;
    assert.match(
      wrong!.message,
      /`TdxVeHandle` \(TDX code\).*`MemEncryptSevIsEnabled` \(SEV\) instead of TDX/,
    );
    assert.match(
      unguarded!.message,
      /`MemEncryptSevClearPageEncMask`.*reached from SecCoreStartupWithStack at line 109/,
    );
  });
});
