/**
 * Spec 3.2.A.1: common code calls a CC function unconditionally when that function checks the
 * mode itself. Both ways EDK II writes that check make the call a hook, not inline CC code.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles } from '../helpers/rule-tester.js';
import { entryPoint, platformPei } from '../rules/isolation/cases.js';
import { cFile, cFunction } from '../rules/isolation/tree.js';

/** The style of the spot at the call of `SevInitializeRam` in Platform.c, given its body. */
function callStyle(body: readonly string[]): string | undefined {
  const model = analyzeFiles(
    platformPei({
      'Platform.c': cFile(entryPoint(['SevInitializeRam ();'])),
      'AmdSev.c': cFile(cFunction('SevInitializeRam', body)),
    }),
  );
  const fn = model.cc.files
    .get('OvmfPkg/PlatformPei/Platform.c')
    ?.functions.find((f) => f.name === 'EntryPoint');
  return fn?.spots.find((s) => s.evidence.some((e) => e.detail.startsWith('SevInitializeRam')))?.style;
}

const WORK = ['  BuildMemoryAllocationHob (PcdGet32 (PcdOvmfSnpSecretsBase), 4096, 0);'];

/** Function `name` of PlatformPei's Platform.c with the given text, as the CC model sees it. */
function platformFunction(text: string, name = 'EntryPoint') {
  return analyzeFiles(platformPei({ 'Platform.c': text }))
    .cc.files.get('OvmfPkg/PlatformPei/Platform.c')
    ?.functions.find((f) => f.name === name);
}

/** The spot styles of a common entry point with these body lines. */
function entryStyles(lines: readonly string[]): { styles: string[]; mixedLines: number } {
  const fn = platformFunction(cFile(entryPoint(lines)));
  assert.ok(fn && fn.spots.length > 0, 'the CC code is seen');
  return { styles: [...new Set(fn.spots.map((sp) => sp.style))].sort(), mixedLines: fn.mixedLines };
}

describe('C hooks', () => {
  it('a function that returns at once outside its mode is a hook', () => {
    assert.equal(callStyle(['if (!MemEncryptSevSnpIsEnabled ()) {', '  return;', '}', ...WORK]), 'hook-call');
  });

  it('a function whose whole body is under its mode check is a hook', () => {
    assert.equal(callStyle(['if (MemEncryptSevSnpIsEnabled ()) {', ...WORK, '}']), 'hook-call');
  });

  it('a function that calls its CC work only in the first arm of a ?: on the mode is a hook', () => {
    const ternary = ['mBuffer =', '  mData->SevEsIsEnabled ? GetSevEsApMemory () : 0;'];
    assert.equal(callStyle(ternary), 'hook-call');
    assert.equal(callStyle(['mBuffer = mData->SevEsIsEnabled ? 0 : GetSevEsApMemory ();']), 'inline');
    assert.equal(callStyle(['mBuffer = !mData->SevEsIsEnabled ? GetSevEsApMemory () : 0;']), 'inline');
  });

  it('a function that calls more after its guarded block is not', () => {
    assert.equal(callStyle(['if (MemEncryptSevSnpIsEnabled ()) {', ...WORK, '}', 'SevFixup ();']), 'inline');
  });

  it('a function whose block has an else is not', () => {
    assert.equal(
      callStyle(['if (MemEncryptSevSnpIsEnabled ()) {', ...WORK, '} else {', '  Common ();', '}']),
      'inline',
    );
  });

  it('storing the mode in a field is a mode check, field and call alike', () => {
    const model = analyzeFiles(
      platformPei({
        'Platform.c': cFile(entryPoint(['mInfo->SevEsIsEnabled = MemEncryptSevEsIsEnabled ();'])),
      }),
    );
    const fn = model.cc.files
      .get('OvmfPkg/PlatformPei/Platform.c')
      ?.functions.find((f) => f.name === 'EntryPoint');
    assert.ok(fn && fn.spots.length > 0);
    assert.deepEqual([...new Set(fn.spots.map((s) => s.style))], ['predicate']);
    assert.equal(fn.mixedLines, 0);
  });

  it('a mode branch that only sets its mode flag (or success) records the mode; a policy set there is CC logic', () => {
    // VirtMmCommunication2Initialize on edk2 master.
    const records = entryStyles([
      'if (AmdSvsmIsSvsmPresent ()) {',
      '  mUseSvsmProtocol = TRUE;',
      '  Status           = EFI_SUCCESS;',
      '} else {',
      '  Status = HwInit ();',
      '}',
    ]);
    assert.deepEqual(records, { styles: ['predicate'], mixedLines: 0 });
    // PlatformNoexecDxeInitialization: NX for the stack is forced in TDX guests.
    const policy = entryStyles([
      'if (TdIsEnabled ()) {',
      '  mInfo->PcdSetNxForStack = TRUE;',
      '  return EFI_SUCCESS;',
      '}',
    ]);
    assert.ok(policy.styles.includes('inline'));
    assert.ok(policy.mixedLines > 0);
  });

  it('a parameter is declared in the header: only its uses are CC logic', () => {
    const text = cFile(entryPoint(['SplitPage (0, 0);']), [
      'VOID',
      'SplitPage (',
      '  IN EFI_PHYSICAL_ADDRESS  GhcbBase,',
      '  IN UINTN                 GhcbSize',
      '  )',
      '{',
      '  mCount = mCount + 1;',
      '  if ((mAddress < GhcbBase + GhcbSize) && (mAddress > GhcbBase)) {',
      '    mSplit = TRUE;',
      '  }',
      '}',
    ]);
    const fn = platformFunction(text, 'SplitPage');
    const lines = text.split('\n');
    const inline = fn?.spots.filter((sp) => sp.style === 'inline') ?? [];
    assert.deepEqual(
      inline.map((sp) => lines[sp.line - 1]!.trim()),
      ['if ((mAddress < GhcbBase + GhcbSize) && (mAddress > GhcbBase)) {'],
      'the test of the GHCB range, not the parameter lines',
    );
  });

  it('storing a ConfidentialComputingGuestHas answer is a mode check, mode value included', () => {
    assert.deepEqual(
      entryStyles([
        'mData->SevEsIsEnabled  = ConfidentialComputingGuestHas (CCAttrAmdSevEs);',
        'mData->SevSnpIsEnabled = ConfidentialComputingGuestHas (CCAttrAmdSevSnp);',
      ]),
      { styles: ['predicate'], mixedLines: 0 },
    );
  });

  it('copying, combining or reading mode flags is a mode check; copying CC data is not', () => {
    assert.deepEqual(
      entryStyles([
        'mInfo->SevEsIsEnabled  = mData->SevEsIsEnabled;',
        'mData->UseSevEsAPMethod = mData->SevEsIsEnabled && !mData->SevSnpIsEnabled;',
        'mData->SevEsIsEnabled = PcdGetBool (PcdSevEsIsEnabled);',
        'CcAttr = PcdGet64 (PcdConfidentialComputingGuestAttr);',
      ]),
      { styles: ['predicate'], mixedLines: 0 },
    );
    assert.deepEqual(entryStyles(['mInfo->GhcbBase = (UINTN)mData->GhcbBase;']), {
      styles: ['inline'],
      mixedLines: 1,
    });
  });

  it('a weak signature alone in a function is no CC logic, next to strong code of its technology it is', () => {
    const text = cFile(
      entryPoint(['ApplyMask ();']),
      cFunction('SetPoolReadOnly', [
        'mMask = PcdGet64 (PcdPteMemoryEncryptionAddressOrMask);',
        'mEntry = mEntry | mMask;',
      ]),
      cFunction('ApplyMask', [
        'mMask = PcdGet64 (PcdPteMemoryEncryptionAddressOrMask);',
        'if (MemEncryptSevIsEnabled ()) {',
        '  mBase = MemEncryptSevGetEncryptionMask ();',
        '}',
      ]),
    );
    const alone = platformFunction(text, 'SetPoolReadOnly');
    assert.equal(alone?.mixedLines ?? 0, 0, 'the memory-encryption mask alone is generic paging code');
    const mixed = platformFunction(text, 'ApplyMask');
    assert.ok(
      mixed?.spots.some(
        (sp) => sp.style === 'inline' && sp.line === sp.endLine && sp.evidence[0]?.detail.includes('PcdPte'),
      ),
      'next to SEV code the same mask is SEV code',
    );
  });

  it('a function compiled only under a CC build switch exists for that CC', () => {
    const text = cFile(
      entryPoint(['CheckWorkArea ();']),
      ['#ifdef TDX_PEI_LESS_BOOT'],
      cFunction('CheckWorkArea', ['mArea = (TDX_WORK_AREA *)(UINTN)FixedPcdGet32 (PcdOvmfWorkAreaBase);']),
      ['#endif'],
      ['#ifndef TDX_PEI_LESS_BOOT'],
      cFunction('PlainWorkArea', ['mArea = (TDX_WORK_AREA *)(UINTN)FixedPcdGet32 (PcdOvmfWorkAreaBase);']),
      ['#endif'],
    );
    const switched = platformFunction(text, 'CheckWorkArea');
    assert.equal(switched?.role, 'cc-function');
    assert.equal(switched?.mixedLines, 0);
    assert.ok(
      switched?.evidence.some((e) => e.detail.startsWith('compiled only when TDX_PEI_LESS_BOOT is defined')),
    );
    const other = platformFunction(text, 'PlainWorkArea');
    assert.equal(other?.role, 'common', '#ifndef: compiled in every other build');
  });

  it('a DEBUG or ASSERT that names the mode does no CC work', () => {
    assert.deepEqual(
      entryStyles([
        'ASSERT (!MemEncryptSevIsEnabled ());',
        'DEBUG ((',
        '  DEBUG_ERROR,',
        '  "%a: init failed via %a\\n",',
        '  __func__,',
        '  mUseSvsmProtocol ? "SVSM" : "HW"',
        '  ));',
      ]),
      { styles: ['predicate'], mixedLines: 0 },
    );
  });

  it('testing a BOOLEAN function that answers a mode question is a mode check (replacement dispatch)', () => {
    const styles = (x64: readonly string[], ia32?: readonly string[]) => {
      const files: Record<string, string> = {
        'Platform.c': cFile(
          entryPoint([
            'if (CanUseSevSnpCreateAp (mData)) {',
            '  SevSnpCreateAp (mData);',
            '} else {',
            '  SendIpi ();',
            '}',
          ]),
        ),
        'X64/AmdSev.c': cFile(cFunction('CanUseSevSnpCreateAp', x64, 'BOOLEAN')),
      };
      if (ia32) files['Ia32/AmdSev.c'] = cFile(cFunction('CanUseSevSnpCreateAp', ia32, 'BOOLEAN'));
      const fn = analyzeFiles(platformPei(files))
        .cc.files.get('OvmfPkg/PlatformPei/Platform.c')
        ?.functions.find((f) => f.name === 'EntryPoint');
      return [...new Set(fn?.spots.map((sp) => sp.style))].sort();
    };
    const checks = ['if (!mData->SevSnpIsEnabled) {', '  return FALSE;', '}', 'return mData->Ready;'];
    assert.deepEqual(styles(checks), ['dispatch', 'predicate']);
    assert.deepEqual(
      styles(checks, ['return FALSE;']),
      ['dispatch', 'predicate'],
      'an IA32 twin, always FALSE',
    );
    assert.ok(styles(['return mData->Ready;']).includes('inline'), 'no mode check: not a mode question');
  });

  it('an early return that also depends on something else does not make the rest CC code', () => {
    const model = analyzeFiles(
      platformPei({
        'Platform.c': cFile(
          entryPoint(['GetLowMemory ();']),
          cFunction('GetLowMemory', [
            'if ((mHostBridge == CLOUDHV_DEVICE_ID) && (CcProbe () != CcGuestTypeIntelTdx)) {',
            '  return;',
            '}',
            'mLowMemory = ReadCmos ();',
          ]),
        ),
      }),
    );
    const fn = model.cc.files
      .get('OvmfPkg/PlatformPei/Platform.c')
      ?.functions.find((f) => f.name === 'GetLowMemory');
    assert.equal(fn?.role, 'common', 'other guests on other hosts run the rest too');
    assert.equal(fn?.mixedLines, 0);
    assert.equal(
      callStyle(['if (mQ35 && !MemEncryptSevSnpIsEnabled ()) {', '  return;', '}', ...WORK]),
      'inline',
    );
  });
});
