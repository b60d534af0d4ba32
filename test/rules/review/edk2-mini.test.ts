/**
 * review/maintainers-coverage on the example tree: the CC sections cover every CC-specific file
 * but OvmfPkg/PlatformPei/IntelTdx.c, which only the plain "OvmfPkg" section covers
 * (examples/edk2-mini/EXPECTED.md §6.1 and §7).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../src/analysis/analyze.js';
import { loadConfig } from '../../../src/config/load.js';
import maintainersCoverage, { findCcSections } from '../../../src/rules/review/maintainers-coverage.js';
import { runRules } from '../../../src/rules/run.js';
import { Workspace } from '../../../src/workspace/workspace.js';
import { projectFile } from '../../helpers/project-file.js';

const ROOT = projectFile('examples/edk2-mini');

describe('review/maintainers-coverage on examples/edk2-mini', () => {
  const ws = Workspace.open(ROOT);
  const model = analyze(ws, { config: loadConfig(ws).config });

  it('finds the three CC sections by their titles', () => {
    assert.ok(model.maintainers);
    assert.deepEqual(
      findCcSections(model, model.maintainers, undefined).map((s) => s.section.title),
      ['ArmVirtPkg: Arm CCA (Realm) support', 'OvmfPkg: Confidential Computing', 'OvmfPkg: TDX attestation'],
    );
  });

  it('reports only OvmfPkg/PlatformPei/IntelTdx.c', () => {
    const result = runRules(model, { rules: [maintainersCoverage] });
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(
      result.findings.map((f) => `${f.cc} ${f.path}:${f.line}`),
      ['tdx OvmfPkg/PlatformPei/IntelTdx.c:1'],
    );
    assert.match(result.findings[0]!.fix, /Add `F: OvmfPkg\/PlatformPei\/IntelTdx\.c` to the CC section/);
    // Covered by the catch-all section and the plain OvmfPkg section, neither of them a CC section.
    assert.ok(
      result.findings[0]!.evidence.some(
        (e) => e.detail.includes('"OvmfPkg"') && e.detail.includes('not a CC section'),
      ),
    );
  });
});
