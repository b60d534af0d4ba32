import { cpuidProbeInSec } from '../../../src/rules/code/cpuid-probe-in-sec.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { c, lineOf, MDE_DEC, module, platformDsc } from './code-tree.js';

const SEC = 'OvmfPkg/Sec/SecMain.inf';
const PEI = 'OvmfPkg/PlatformPei/PlatformPei.inf';
const IOLIB = 'MdePkg/Library/BaseIoLibIntrinsic/BaseIoLibIntrinsicSev.inf';

/** The common platform: a SEC core and a PEIM, both linking the IoLib instance. */
const COMMON = {
  'MdePkg/MdePkg.dec': MDE_DEC,
  'OvmfPkg/OvmfPkgX64.dsc': platformDsc('OvmfPkgX64', [`IoLib|${IOLIB}`], [SEC, PEI]),
};

/** SecMain before 76fda1def3: TDX probed with CPUID before the IDT is loaded. */
const SEC_PROBES = c(
  'VOID',
  'EFIAPI',
  'SecCoreStartupWithStack (VOID)',
  '{',
  '  if (TdIsEnabled ()) {',
  '    TdxHelperProcessTdHob ();',
  '  }',
  '  LoadIdt ();',
  '}',
);

const SEC_WORK_AREA = c(
  'VOID',
  'EFIAPI',
  'SecCoreStartupWithStack (VOID)',
  '{',
  '  if (CcProbe () == CcGuestTypeIntelTdx) {',
  '    if (TdIsEnabled ()) {',
  '      TdxHelperProcessTdHob ();',
  '    }',
  '  }',
  '}',
);

/** IoLibInternalTdx.c before 7012cb73c4: the IoLib asks CPUID on every MMIO. */
const IOLIB_TDX = c(
  'BOOLEAN  mTdxEnabled = FALSE;',
  '',
  'BOOLEAN',
  'IsTdxGuest (VOID)',
  '{',
  '  mTdxEnabled = TdIsEnabled ();',
  '  return mTdxEnabled;',
  '}',
);

const IOLIB_MMIO = c(
  'UINT8',
  'MmioRead8 (UINTN Address)',
  '{',
  '  if (IsTdxGuest ()) {',
  '    return TdMmioRead8 (Address);',
  '  }',
  '  return *(volatile UINT8 *)Address;',
  '}',
);

const ioLib = (internal: string) =>
  module(
    'MdePkg/Library/BaseIoLibIntrinsic',
    { name: 'BaseIoLibIntrinsicSev', libraryClass: 'IoLib' },
    {
      'IoLib.c': IOLIB_MMIO,
      'IoLibInternalTdx.c': internal,
    },
  );

const sec = (text: string) =>
  module('OvmfPkg/Sec', { name: 'SecMain', type: 'SEC', uses: ['IoLib'] }, { 'SecMain.c': text });
const pei = (text: string) =>
  module(
    'OvmfPkg/PlatformPei',
    { name: 'PlatformPei', type: 'PEIM', uses: ['IoLib'] },
    { 'Platform.c': text },
  );
const PLAIN = c('VOID', 'Plain (VOID)', '{', '}');

ruleCases(cpuidProbeInSec, {
  valid: [
    {
      name: 'TdIsEnabled in a PEIM: PEI has its #VC handler and writable data',
      files: { ...COMMON, ...sec(PLAIN), ...pei(SEC_PROBES), ...ioLib(PLAIN) },
    },
    {
      name: 'in SEC behind the work-area check, which needs no CPUID',
      files: { ...COMMON, ...sec(SEC_WORK_AREA), ...pei(PLAIN), ...ioLib(PLAIN) },
    },
    {
      name: 'a SEC core of a TDX-only platform (it boots no SEV-ES guest)',
      files: {
        'MdePkg/MdePkg.dec': MDE_DEC,
        'OvmfPkg/IntelTdx/IntelTdxX64.dsc': platformDsc('IntelTdxX64', [`IoLib|${IOLIB}`], [SEC]),
        ...sec(SEC_PROBES),
        ...ioLib(PLAIN),
      },
    },
    {
      name: 'a library linked into SEC whose probing function nothing in SEC calls',
      files: {
        ...COMMON,
        ...sec(PLAIN),
        ...pei(c('VOID', 'Go (VOID)', '{', '  MmioRead8 (0);', '}')),
        ...module(
          'MdePkg/Library/BaseIoLibIntrinsic',
          { name: 'BaseIoLibIntrinsicSev', libraryClass: 'IoLib' },
          {
            'IoLibInternalTdx.c': IOLIB_TDX,
          },
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'SEC core probes TDX with CPUID (76fda1def3)',
      files: { ...COMMON, ...sec(SEC_PROBES), ...pei(PLAIN), ...ioLib(PLAIN) },
      findings: [
        {
          path: 'OvmfPkg/Sec/SecMain.c',
          line: lineOf(SEC_PROBES, 'TdIsEnabled'),
          cc: 'cc',
          message:
            'TdIsEnabled () runs CPUID in SEC code (OvmfPkg/Sec/SecMain.inf of OvmfPkg/OvmfPkgX64.dsc)',
        },
      ],
    },
    {
      name: 'the IoLib linked into SEC probes TDX with CPUID on every MMIO (7012cb73c4)',
      files: { ...COMMON, ...sec(PLAIN), ...pei(PLAIN), ...ioLib(IOLIB_TDX) },
      findings: [
        {
          path: 'MdePkg/Library/BaseIoLibIntrinsic/IoLibInternalTdx.c',
          line: lineOf(IOLIB_TDX, 'TdIsEnabled'),
          cc: 'cc',
          message: 'TdIsEnabled () runs CPUID in SEC code',
        },
      ],
    },
  ],
});
