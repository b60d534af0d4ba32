/**
 * One way of counting mixed code everywhere: the map's spot, function, file and module figures
 * and the inline-cc-logic finding count the lines of an inline span that hold code, not its
 * blank and comment-only lines.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMapJson } from '../../src/cc/map-report.js';
import { inlineCcLogic } from '../../src/rules/isolation/inline-cc-logic.js';
import { runRules } from '../../src/rules/run.js';
import { analyzeFiles } from '../helpers/rule-tester.js';
import { entryPoint, platformPei } from '../rules/isolation/cases.js';
import { cFile, cFunction } from '../rules/isolation/tree.js';

const BLOCK = [
  'if (MemEncryptSevIsEnabled ()) {',
  '  //',
  '  // Under SEV the page must be shared with the host: clear its',
  '  // encryption bit before the host reads it.',
  '  //',
  '',
  '  MemEncryptSevClearPageEncMask (0, mBase, 1);',
  '  /* and the GHCB too */',
  '  mGhcbBase = PcdGet64 (PcdGhcbBase);',
  '}',
];

describe('mixed lines', () => {
  const model = analyzeFiles(platformPei({ 'Platform.c': cFile(entryPoint(BLOCK)) }));
  const map = buildMapJson(model);
  const sev = map.technologies.find((t) => t.id === 'sev')!;
  const mod = sev.modules.find((m) => m.inf === 'OvmfPkg/PlatformPei/PlatformPei.inf')!;

  it('count the code lines of the span, not its comments and blank lines', () => {
    assert.equal(mod.mixedSpots.length, 1);
    const spot = mod.mixedSpots[0]!;
    assert.equal(spot.endLine - spot.line + 1, BLOCK.length, 'the span is the whole if');
    assert.equal(spot.lines, 4, 'if, two statements, closing brace');
    assert.equal(mod.mixedLines, 4);
    assert.equal(mod.files.find((f) => f.path.endsWith('Platform.c'))?.mixedLines, 4);
    assert.equal(mod.functions.find((f) => f.name === 'EntryPoint')?.mixedLines, 4);
    assert.equal(map.summary.tree.sev?.mixedLines, 4);
  });

  it('give the inline-cc-logic finding the same count', () => {
    const { findings } = runRules(model, { rules: [inlineCcLogic] });
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /\(4 lines: /);
  });

  it("count none in a BOOLEAN function that only computes a mode check (the spec's IsSev ())", () => {
    const helper = (returnType: string) =>
      analyzeFiles(
        platformPei({
          'Platform.c': cFile(
            entryPoint(['mOk = AttrCheck ();']),
            cFunction(
              'AttrCheck',
              [
                'switch (mAttr) {',
                '  case CCAttrAmdSev:',
                '    return mLevel >= CCAttrAmdSev;',
                '}',
                'return FALSE;',
              ],
              returnType,
            ),
          ),
        }),
      )
        .cc.files.get('OvmfPkg/PlatformPei/Platform.c')!
        .functions.find((f) => f.name === 'AttrCheck')!;
    assert.equal(helper('BOOLEAN').mixedLines, 0);
    assert.ok(helper('BOOLEAN').spots.every((sp) => sp.style === 'predicate'));
    assert.ok(helper('UINT64').mixedLines > 0, 'a function returning a value is not a mode check');
  });

  it('count a local declared without a value as no line; its uses count', () => {
    const fn = (body: readonly string[]) =>
      analyzeFiles(platformPei({ 'Platform.c': cFile(entryPoint(body)) }))
        .cc.files.get('OvmfPkg/PlatformPei/Platform.c')!
        .functions.find((f) => f.name === 'EntryPoint')!;
    assert.equal(fn(['GHCB  *Ghcb;', 'VOID  *GhcbBase;']).mixedLines, 0);
    assert.equal(fn(['GHCB  *Ghcb;', 'Ghcb = mGhcbPage;']).mixedLines, 1);
  });

  it('count no line for a weak signature of one technology in a function that exists for another', () => {
    const model = analyzeFiles(
      platformPei({
        'Platform.c': cFile(
          entryPoint(['if (MemEncryptSevIsEnabled ()) {', '  mBase = PcdGet32 (PcdOvmfSecGhcbBase);', '}']),
          cFunction('ScanE820Tdx', [
            'mHob = (VOID *)(UINTN)PcdGet32 (PcdOvmfSecGhcbBase);',
            'ScanHobs (mHob);',
          ]),
        ),
      }),
    );
    const fns = model.cc.files.get('OvmfPkg/PlatformPei/Platform.c')!.functions;
    const tdx = fns.find((f) => f.name === 'ScanE820Tdx')!;
    assert.ok(tdx.ccs.includes('tdx'));
    assert.deepEqual(tdx.spots, [], "the TD_HOB read is the TDX function's own");
    assert.ok(fns.find((f) => f.name === 'EntryPoint')!.mixedLines > 0, 'next to SEV code it counts');
  });
});
