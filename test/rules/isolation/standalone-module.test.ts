/**
 * isolation/standalone-module (spec 3.1): one info finding per (shared module, technology) whose
 * code sits at level C, D or mixed and is large enough to be a feature; CC modules, hook-only
 * modules, small spots and vendor-neutral code stay quiet.
 */
import standaloneModule from '../../../src/rules/isolation/standalone-module.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import {
  entryPoint,
  inlineSevBlock,
  LEVEL_C_TREE,
  LEVEL_D_TREE,
  MIXED_TREE,
  platformPei,
  SEV_FIXUP,
} from './cases.js';
import { BASE_NAME_LINE, cFile, cFunction, inf, PACKAGES } from './tree.js';

const INF = 'OvmfPkg/PlatformPei/PlatformPei.inf';

/** One inline SEV line: a real spot, but no feature. */
const SMALL_TREE = platformPei({
  'Platform.c': cFile(
    entryPoint(['mGhcbBase = PcdGet64 (PcdGhcbBase) + MemEncryptSevGetEncryptionMask ();']),
  ),
});

ruleCases(standaloneModule, {
  valid: [
    {
      name: 'a driver that exists for SEV (named for it) is level A: nothing to isolate',
      files: {
        ...PACKAGES,
        'OvmfPkg/AmdSevDxe/AmdSevDxe.inf': inf({
          name: 'AmdSevDxe',
          type: 'DXE_DRIVER',
          sources: ['AmdSevDxe.c'],
          packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
        }),
        'OvmfPkg/AmdSevDxe/AmdSevDxe.c': cFile(entryPoint(inlineSevBlock())),
      },
    },
    {
      name: 'a shared module that only calls a SEV hook library keeps no SEV code of its own',
      files: platformPei({ 'Platform.c': cFile(entryPoint(['AmdSevInitialize ();'])) }),
    },
    {
      name: 'one inline SEV line is below the default size of a feature',
      files: SMALL_TREE,
    },
    {
      name: 'vendor-neutral CC code (the CcProbe interface) is not a vendor feature by default',
      files: platformPei({
        'Platform.c': cFile(
          entryPoint([
            'if (CcProbe () != CcGuestTypeNonEncrypted) {',
            '  mShared = PcdGet64 (PcdConfidentialComputingGuestAttr);',
            '  mShared = mShared + 1;',
            '  mShared = mShared + 2;',
            '  mShared = mShared + 3;',
            '  mShared = mShared + 4;',
            '  mShared = mShared + 5;',
            '  mShared = mShared + 6;',
            '  mShared = mShared + 7;',
            '}',
          ]),
        ),
      }),
    },
  ],
  invalid: [
    {
      name: 'level D: a SEV function in the common Platform.c',
      files: LEVEL_D_TREE,
      findings: [
        {
          path: INF,
          line: BASE_NAME_LINE,
          cc: 'sev',
          severity: 'info',
          message: 'SEV code at isolation level D',
        },
      ],
    },
    {
      name: 'level C: the SEV function in AmdSev.c of the shared PEIM',
      files: LEVEL_C_TREE,
      findings: [{ path: INF, line: BASE_NAME_LINE, cc: 'sev', message: 'isolation level C' }],
    },
    {
      name: 'mixed: SEV work inline in the common entry point',
      files: MIXED_TREE,
      findings: [{ path: INF, line: BASE_NAME_LINE, cc: 'sev', message: 'isolation level mixed' }],
    },
    {
      name: 'two technologies in one shared module: one finding each',
      files: platformPei({
        'Platform.c': cFile(entryPoint(['SevPlatformFixup ();', 'TdxPlatformFixup ();']), SEV_FIXUP),
        'IntelTdx.c': cFile(
          cFunction('TdxPlatformFixup', [
            'if (!TdIsEnabled ()) {',
            '  return;',
            '}',
            '',
            'mShared = TdSharedPageMask ();',
            'TdVmCall (TDVMCALL_MAPGPA, mBase, 0, 0, 0, NULL);',
            'mShared = mShared | TdSharedPageMask ();',
            'PcdSet64S (PcdTdxSharedBitMask, mShared);',
          ]),
        ),
      }),
      findings: [
        { path: INF, line: BASE_NAME_LINE, cc: 'sev', message: 'level D' },
        { path: INF, line: BASE_NAME_LINE, cc: 'tdx', message: 'level C' },
      ],
    },
    {
      name: 'options minTouchpoints/minLines 0 report even one inline line',
      files: {
        ...SMALL_TREE,
        'ccguard.config.json': JSON.stringify({
          rules: { 'isolation/standalone-module': { options: { minTouchpoints: 0, minLines: 0 } } },
        }),
      },
      findings: [{ path: INF, line: BASE_NAME_LINE, cc: 'sev', message: 'level mixed' }],
    },
  ],
});
