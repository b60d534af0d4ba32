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

/** Routine `name` of a file of the given lines after a two-line header (so line 3 is the first). */
function routineIn(name: string, ...body: readonly string[]): CcFunction {
  return routine(nasmFile('; Example written for ccguard tests.', '    SECTION .text', ...body), name);
}

describe('NASM routines: guarded regions', () => {
  it('a compare, its jump over SEV work and the skip label are one inline spot (the check stays a predicate)', () => {
    const fn = routine(PAGE_TABLES, 'SetCr3');
    assert.deepEqual(spots(fn), ['predicate 5–6', 'inline 5–8']);
    assert.equal(fn.mixedLines, 4);
  });

  it('a region that only calls a SEV routine is a dispatch: no inline spot', () => {
    const fn = routineIn(
      'SetCr3',
      'SetCr3:',
      '    xor     edx, edx',
      '    cmp     byte [WORK_AREA_GUEST_TYPE], GUEST_TYPE_AMD_SEV',
      '    jne     .NoCBit',
      '    OneTimeCall GetSevCBitMask',
      '.NoCBit:',
      '    mov     cr3, eax',
      '    ret',
    );
    assert.deepEqual(spots(fn), ['predicate 5–6', 'hook-call 7–7']);
    assert.equal(fn.mixedLines, 0);
  });

  it('a compare whose jump opens no region (a label of the common path) stays a predicate', () => {
    const fn = routineIn(
      'SetCr3',
      'SetCr3:',
      '    cmp     byte [WORK_AREA_GUEST_TYPE], GUEST_TYPE_AMD_SEV',
      '    je      Common',
      '    xor     edx, edx',
      'Common:',
      '    mov     cr3, eax',
      '    ret',
    );
    assert.deepEqual(spots(fn), ['predicate 4–5']);
    assert.equal(fn.mixedLines, 0);
  });

  it('a bit test whose jump skips when the mode is off spans a retry loop to a routine label ahead', () => {
    const fn = routineIn(
      'Transition',
      'Transition:',
      '    mov     ecx, 1',
      '    bt      [SEV_ES_WORK_AREA_STATUS_MSR], ecx',
      '    jnc     EnablePaging',
      'RdRand1:',
      '    rdrand  ecx',
      '    jnc     RdRand1',
      '    mov     dword [SEV_ES_WORK_AREA_RDRAND], ecx',
      'EnablePaging:',
      '    mov     eax, cr0',
      '    ret',
    );
    assert.deepEqual(spots(fn), ['predicate 5–6', 'inline 5–11']);
    assert.equal(fn.endLine, 13, 'RdRand1 and EnablePaging, reached only from Transition, belong to it');
    assert.equal(fn.mixedLines, 7);
  });

  it('a jump taken when the mode is on skips the common path: no region', () => {
    const fn = routineIn(
      'Entry',
      'Entry:',
      '    cmp     byte [WORK_AREA_GUEST_TYPE], VM_GUEST_TYPE_TDX',
      '    je      .Tdx',
      '    mov     eax, 1',
      '.Tdx:',
      '    ret',
    );
    assert.deepEqual(spots(fn), ['predicate 4–5']);
  });

  it('`cmp x, CONSTANT` / `jne` skips when the mode is off, to a label that is not local', () => {
    const fn = routineIn(
      'Entry',
      'Entry:',
      '    cmp     byte [WORK_AREA_GUEST_TYPE], VM_GUEST_TYPE_TDX',
      '    jne     InitStack',
      '    mov     rax, TDCALL_TDINFO',
      '    tdcall',
      'InitStack:',
      '    ret',
    );
    assert.deepEqual(spots(fn), ['predicate 4–5', 'inline 4–8']);
  });

  it('comparing two values at run time is CC work, not a mode check', () => {
    const fn = routineIn(
      'Landed',
      'Landed:',
      '    cmp     dword [SEV_ES_WORK_AREA_RDRAND], ecx',
      '    jne     .Halt',
      '    ret',
      '.Halt:',
      '    hlt',
    );
    assert.deepEqual(spots(fn), ['inline 4–4']);
  });

  it('a call to a mode-check routine, a test and a jump over SEV work make one region', () => {
    const fn = routineIn(
      'SetCr3ForPageTables64',
      'SetCr3ForPageTables64:',
      '    OneTimeCall IsSevEsEnabled',
      '    test    eax, eax',
      '    jz      SetCr3',
      '    mov     ecx, 512',
      'pageTableEntries4kLoop:',
      '    mov     [ecx * 8 + GHCB_PT_ADDR - 8], eax',
      '    loop    pageTableEntries4kLoop',
      'SetCr3:',
      '    mov     cr3, eax',
    );
    assert.deepEqual(spots(fn), ['predicate 4–6', 'inline 4–11']);
  });

  it('a label reached from outside the routine, global or named for a technology starts a routine', () => {
    const model = analyzeFiles(
      secModule({
        'X64/PageTables.nasm': nasmFile(
          '; Example page-table code written for ccguard tests.',
          '    SECTION .text',
          'global Shared',
          'SetCr3ForPageTables64:',
          '    cmp     byte [WORK_AREA_GUEST_TYPE], 1',
          '    jz      SevInit',
          '    jmp     SetCr3',
          'SevInit:',
          '    mov     edx, [SEV_ES_WORK_AREA_ENC_MASK]',
          '    jmp     SetCr3',
          'SetCr3:',
          '    mov     cr3, eax',
          'Shared:',
          '    mov     dword [SEV_ES_WORK_AREA_RDRAND], ecx',
          '    jmp     Shared',
        ),
      }),
    );
    const names = model.cc.files.get(PATH)?.functions.map((f) => `${f.name} ${f.line}–${f.endLine}`);
    assert.deepEqual(names, ['SetCr3ForPageTables64 4–7', 'SevInit 8–10', 'Shared 13–15']);
  });

  it('several touchpoints on one line are one spot with all their evidence', () => {
    const fn = routineIn(
      'AsmGetAddressMap',
      'AsmGetAddressMap:',
      '    mov     qword [rcx + 8], AsmRelocateApLoopAmdSevEnd - AsmRelocateApLoopAmdSevStart',
      '    ret',
    );
    assert.deepEqual(spots(fn), ['inline 4–4']);
    assert.equal(fn.spots[0]!.evidence.length, 2);
  });

  it('a compare of an operand the line before loaded (lea … SevEsIsEnabled) is the mode check', () => {
    const fn = routineIn(
      'LongModeStart',
      'LongModeStart:',
      '    lea     edi, [esi + MP_CPU_EXCHANGE_INFO_FIELD (SevEsIsEnabled)]',
      '    cmp     byte [edi], 1',
      '    jne     .Done',
      '    mov     rcx, 0xc0010130',
      '    wrmsr',
      '.Done:',
      '    ret',
    );
    assert.deepEqual(spots(fn), ['predicate 4–6', 'inline 4–9']);
  });

  it('a region ends at the jump back to its label when other code enters before the label', () => {
    const fn = routineIn(
      'LongModeStart',
      'LongModeStart:',
      '    cmp     byte [SEV_ES_WORK_AREA], 1',
      '    jne     CProcedureInvoke',
      '    mov     rcx, 0xc0010130',
      '    wrmsr',
      '    jmp     CProcedureInvoke',
      'GetApicId:',
      '    mov     eax, 1',
      'CProcedureInvoke:',
      '    ret',
    );
    assert.deepEqual(spots(fn), ['predicate 4–5', 'inline 4–8']);
  });
});
