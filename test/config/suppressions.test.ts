import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSuppressed, partitionSuppressed } from '../../src/config/suppressions.js';
import type { SuppressionConfig } from '../../src/config/types.js';

const SUPPRESSIONS: readonly SuppressionConfig[] = [
  {
    rule: 'naming/cc-module',
    path: 'OvmfPkg/AmdSev/SecretDxe/**',
    reason: 'name kept for downstream builds',
  },
  {
    rule: 'isolation/*',
    path: 'OvmfPkg/ResetVector/**/*.nasm*',
    reason: 'reset vector is rewritten separately',
  },
  { rule: 'review/maintainers-coverage', path: '**/.github/**', reason: 'dot folders' },
];

describe('isSuppressed', () => {
  const cases: { ruleId: string; path: string; by: number | undefined }[] = [
    { ruleId: 'naming/cc-module', path: 'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf', by: 0 },
    { ruleId: 'naming/cc-module', path: 'OvmfPkg/AmdSev/SecretPei/SecretPei.inf', by: undefined },
    { ruleId: 'naming/cc-file', path: 'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf', by: undefined },
    { ruleId: 'isolation/inline-cc-logic', path: 'OvmfPkg/ResetVector/Ia32/PageTables64.nasm.inc', by: 1 },
    { ruleId: 'isolation/cc-file', path: 'OvmfPkg/ResetVector/Main.nasm', by: 1 },
    { ruleId: 'isolation/cc-file', path: 'OvmfPkg/ResetVector/ResetVector.inf', by: undefined },
    { ruleId: 'location/arch-code', path: 'OvmfPkg/ResetVector/Main.nasm', by: undefined },
    { ruleId: 'review/maintainers-coverage', path: 'OvmfPkg/.github/x.c', by: 2 },
  ];
  for (const c of cases) {
    it(`${c.ruleId} ${c.path}`, () => {
      assert.equal(isSuppressed(c, SUPPRESSIONS), c.by === undefined ? undefined : SUPPRESSIONS[c.by]);
    });
  }

  it('the first matching suppression wins', () => {
    const both: SuppressionConfig[] = [
      { rule: 'naming/*', path: '**', reason: 'first' },
      { rule: 'naming/cc-file', path: '**', reason: 'second' },
    ];
    assert.equal(isSuppressed({ ruleId: 'naming/cc-file', path: 'A/b.c' }, both)?.reason, 'first');
  });

  it('partitions findings, keeping their order', () => {
    const findings = [
      { ruleId: 'naming/cc-module', path: 'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf', n: 1 },
      { ruleId: 'naming/cc-module', path: 'OvmfPkg/IoMmuDxe/IoMmuDxe.inf', n: 2 },
      { ruleId: 'isolation/cc-file', path: 'OvmfPkg/ResetVector/Main.nasm', n: 3 },
    ];
    const { kept, suppressed } = partitionSuppressed(findings, SUPPRESSIONS);
    assert.deepEqual(
      kept.map((f) => f.n),
      [2],
    );
    assert.deepEqual(
      suppressed.map((s) => [s.finding.n, s.by.reason]),
      [
        [1, 'name kept for downstream builds'],
        [3, 'reset vector is rewritten separately'],
      ],
    );
  });
});
