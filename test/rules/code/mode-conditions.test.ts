/** What a condition says about the CC mode: the table is the evaluator's spec. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSignatureTable } from '../../../src/cc/signatures.js';
import { impliedModes, type ModeName } from '../../../src/rules/code/mode-conditions.js';

const table = buildSignatureTable();

const NAMES: Readonly<Record<string, ModeName>> = {
  MemEncryptSevIsEnabled: { tech: 'sev', subMode: 'sev', role: 'predicate' },
  MemEncryptSevEsIsEnabled: { tech: 'sev', subMode: 'sev-es', role: 'predicate' },
  MemEncryptSevSnpIsEnabled: { tech: 'sev', subMode: 'sev-snp', role: 'predicate' },
  TdIsEnabled: { tech: 'tdx', role: 'predicate' },
  CcProbe: { tech: 'cc', role: 'predicate' },
  CcGuestTypeAmdSev: { tech: 'sev', subMode: 'sev', role: 'value' },
  CcGuestTypeIntelTdx: { tech: 'tdx', role: 'value' },
  CcGuestTypeNonEncrypted: { tech: 'cc', role: 'none' },
  ConfidentialComputingGuestHas: { tech: 'cc', role: 'predicate' },
  CCAttrAmdSevEs: { tech: 'sev', subMode: 'sev-es', role: 'value' },
  CCAttrAmdSevSnp: { tech: 'sev', subMode: 'sev-snp', role: 'value' },
};

function modes(condition: string, value: boolean): string[] {
  return impliedModes(condition, value, (id) => NAMES[id], table).map(
    (m) => `${m.tech}${m.subMode ? `/${m.subMode}` : ''}`,
  );
}

describe('impliedModes', () => {
  const cases: [string, boolean, string[]][] = [
    ['MemEncryptSevIsEnabled ()', true, ['sev/sev']],
    ['MemEncryptSevIsEnabled ()', false, []],
    ['!MemEncryptSevIsEnabled ()', false, ['sev/sev']],
    ['MemEncryptSevEsIsEnabled () == FALSE', false, ['sev/sev-es']],
    ['TdIsEnabled () != TRUE', false, ['tdx']],
    ['CcProbe () == CcGuestTypeAmdSev', true, ['sev/sev']],
    ['CcProbe () != CcGuestTypeIntelTdx', false, ['tdx']],
    ['CcProbe () != CcGuestTypeNonEncrypted', true, ['cc']],
    ['CcProbe () == CcGuestTypeNonEncrypted', false, ['cc']],
    ['CcProbe ()', true, ['cc']],
    [
      'ConfidentialComputingGuestHas (CCAttrAmdSevEs) && !ConfidentialComputingGuestHas (CCAttrAmdSevSnp)',
      true,
      ['sev/sev-es'],
    ],
    ['MemEncryptSevIsEnabled () && Flag', true, ['sev/sev']],
    ['MemEncryptSevIsEnabled () || Flag', true, []],
    ['MemEncryptSevEsIsEnabled () || MemEncryptSevSnpIsEnabled ()', true, ['sev/sev-es']],
    ['MemEncryptSevIsEnabled () || TdIsEnabled ()', true, ['cc']],
    ['!MemEncryptSevIsEnabled () || Flag', false, ['sev/sev']],
    ['!(MemEncryptSevIsEnabled () && Flag)', false, ['sev/sev']],
    ['(Status == EFI_SUCCESS)', true, []],
  ];
  for (const [condition, value, expected] of cases) {
    it(`${condition} is ${value} ⇒ ${expected.join(', ') || 'no mode'}`, () => {
      assert.deepEqual(modes(condition, value), expected);
    });
  }
});
