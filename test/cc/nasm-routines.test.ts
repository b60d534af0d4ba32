/**
 * The CC spots the model records in common NASM routines: a guest-type compare and its
 * conditional jump over CC work make one inline spot that spans the whole region, from the
 * compare to the label it skips to (EXPECTED.md 1: "the span of the CC-specific statement(s)").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CcFunction } from '../../src/cc/model.js';
import { analyzeFiles } from '../helpers/rule-tester.js';
import { nasmFile, PAGE_TABLES, secModule } from '../rules/isolation/cases.js';

const PATH = 'OvmfPkg/Sec/X64/PageTables.nasm';

function routine(text: string, name: string): CcFunction {
  const model = analyzeFiles(secModule({ 'X64/PageTables.nasm': text }));
  const fn = model.cc.files.get(PATH)?.functions.find((f) => f.name === name);
  assert.ok(fn, `routine ${name}`);
  return fn;
}

/** `style line–endLine` of every spot. */
function spots(fn: CcFunction): string[] {
  return fn.spots.map((s) => `${s.style} ${s.line}–${s.endLine}`);
}

describe('NASM routines: guarded regions', () => {
  it('a compare, its jump over SEV work and the skip label are one inline spot (the check stays a predicate)', () => {
    const fn = routine(PAGE_TABLES, 'SetCr3');
    assert.deepEqual(spots(fn), ['predicate 5–6', 'inline 5–8']);
    assert.equal(fn.mixedLines, 4);
  });

  it('a region that only calls a SEV routine is a dispatch: no inline spot', () => {
    const fn = routine(
      nasmFile(
        '; Example written for ccguard tests.',
        '    SECTION .text',
        'SetCr3:',
        '    xor     edx, edx',
        '    cmp     byte [WORK_AREA_GUEST_TYPE], GUEST_TYPE_AMD_SEV',
        '    jne     .NoCBit',
        '    OneTimeCall GetSevCBitMask',
        '.NoCBit:',
        '    mov     cr3, eax',
        '    ret',
      ),
      'SetCr3',
    );
    assert.deepEqual(spots(fn), ['predicate 5–6', 'hook-call 7–7']);
    assert.equal(fn.mixedLines, 0);
  });

  it('a compare whose jump opens no region (a label of the common path) stays a predicate', () => {
    const fn = routine(
      nasmFile(
        '; Example written for ccguard tests.',
        '    SECTION .text',
        'SetCr3:',
        '    cmp     byte [WORK_AREA_GUEST_TYPE], GUEST_TYPE_AMD_SEV',
        '    je      Common',
        '    xor     edx, edx',
        'Common:',
        '    mov     cr3, eax',
        '    ret',
      ),
      'SetCr3',
    );
    assert.deepEqual(spots(fn), ['predicate 4–5']);
    assert.equal(fn.mixedLines, 0);
  });
});
