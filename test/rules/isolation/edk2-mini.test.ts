/**
 * The isolation rules on the example tree: exactly the findings examples/edk2-mini/EXPECTED.md
 * §6.1 lists for them, and none on the good patterns of §6.2 (hooks, dispatches, CC modules,
 * mode-check helpers, declarations).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../src/analysis/analyze.js';
import type { AnalysisModel } from '../../../src/analysis/model.js';
import { loadConfig } from '../../../src/config/load.js';
import ccFile from '../../../src/rules/isolation/cc-file.js';
import inlineCcLogic from '../../../src/rules/isolation/inline-cc-logic.js';
import standaloneModule from '../../../src/rules/isolation/standalone-module.js';
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
  return result.findings.map((f) => `${f.cc} ${f.path}:${f.line}-${f.endLine}`);
}

describe('isolation rules on examples/edk2-mini', () => {
  it('isolation/standalone-module: one info per (shared module, technology) at C, D or mixed', () => {
    assert.deepEqual(findings(standaloneModule), [
      'sev MdePkg/Library/BaseLib/BaseLib.inf:9-9',
      'tdx MdePkg/Library/BaseLib/BaseLib.inf:9-9',
      'sev OvmfPkg/PlatformPei/PlatformPei.inf:8-8',
      'tdx OvmfPkg/PlatformPei/PlatformPei.inf:8-8',
      'sev OvmfPkg/ResetVector/ResetVector.inf:9-9',
      'tdx OvmfPkg/ResetVector/ResetVector.inf:9-9',
      'sev OvmfPkg/Sec/SecMain.inf:8-8',
      'tdx OvmfPkg/Sec/SecMain.inf:8-8',
      'sev UefiCpuPkg/Library/MpInitLib/PeiMpInitLib.inf:9-9',
    ]);
  });

  it('isolation/cc-file: SevPlatformFixup in Platform.c, SecTdxParkAps in SecEntry.nasm', () => {
    assert.deepEqual(findings(ccFile), [
      'sev OvmfPkg/PlatformPei/Platform.c:80-89',
      'tdx OvmfPkg/Sec/X64/SecEntry.nasm:38-49',
    ]);
    const secEntry = runRules(model(), { rules: [ccFile] }).findings.find((f) =>
      f.path.endsWith('SecEntry.nasm'),
    );
    assert.ok(
      secEntry?.evidence.some((e) => e.detail.includes('macro tdcall')),
      'the tdcall macro goes with its routine',
    );
    assert.match(secEntry?.fix ?? '', /X64\/IntelTdx\.nasm|IntelTdx\.nasm/);
  });

  it("isolation/inline-cc-logic: the spec's Sec and ResetVector complaints and the MpInitLib spots", () => {
    assert.deepEqual(findings(inlineCcLogic), [
      'tdx OvmfPkg/PlatformPei/Platform.c:66-70',
      'sev OvmfPkg/ResetVector/Ia32/PageTables64.nasm.inc:21-24',
      'sev OvmfPkg/ResetVector/Main.nasm.inc:48-54',
      'sev OvmfPkg/Sec/SecMain.c:64-64',
      'sev OvmfPkg/Sec/SecMain.c:102-106',
      'sev UefiCpuPkg/Library/MpInitLib/MpLib.c:56-61',
      'sev UefiCpuPkg/Library/MpInitLib/X64/MpFuncs.nasm:61-68',
    ]);
  });
});
