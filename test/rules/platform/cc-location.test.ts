import { ccLocation } from '../../../src/rules/platform/cc-location.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { BASE_LIBRARIES, BASE_TREE, dsc, inf, lineOf } from './fixture-tree.js';

const COMMON = 'OvmfPkg/OvmfPkgX64.dsc';
const SEV = 'OvmfPkg/AmdSev/AmdSevX64.dsc';
const TDX = 'OvmfPkg/IntelTdx/IntelTdxX64.dsc';

const TREE = {
  ...BASE_TREE,
  'MdePkg/Library/BaseIoLibIntrinsic/BaseIoLibIntrinsic.inf': inf({
    name: 'BaseIoLibIntrinsic',
    libraryClass: 'IoLib',
  }),
  'MdePkg/Library/BaseIoLibIntrinsic/BaseIoLibIntrinsicSev.inf': inf({
    name: 'BaseIoLibIntrinsicSev',
    libraryClass: 'IoLib',
  }),
  'OvmfPkg/Library/SevIoLib/SevIoLib.inf': inf({ name: 'SevIoLib', libraryClass: 'IoLib' }),
  'OvmfPkg/PciDxe/PciDxe.inf': inf({ name: 'PciDxe', uses: ['IoLib'] }),
  'OvmfPkg/TdxPei/TdxPei.inf': inf({ name: 'TdxPei', type: 'PEIM', uses: ['TdxLib'] }),
  'OvmfPkg/Library/CcProbeLib/SecPeiCcProbeLib.inf': inf({
    name: 'SecPeiCcProbeLib',
    libraryClass: 'CcProbeLib|SEC PEIM',
  }),
  'OvmfPkg/ProbePei/ProbePei.inf': inf({ name: 'ProbePei', type: 'PEIM', uses: ['CcProbeLib'] }),
};

const components = (...infs: string[]) => ['[Components]', ...infs.map((i) => `  ${i}`)].join('\n');
const withIoLib = (instance: string) => `${BASE_LIBRARIES}\n  IoLib|${instance}`;

/** The common platform: SEV string I/O, the SEV driver, a TDX driver and a TDX PEIM. */
const COMMON_DSC = dsc({
  name: 'Ovmf',
  body: [
    withIoLib('MdePkg/Library/BaseIoLibIntrinsic/BaseIoLibIntrinsicSev.inf'),
    components(
      'OvmfPkg/AmdSevDxe/AmdSevDxe.inf',
      'OvmfPkg/PciDxe/PciDxe.inf',
      'OvmfPkg/TdxDxe/TdxDxe.inf',
      'OvmfPkg/TdxPei/TdxPei.inf',
    ),
  ].join('\n'),
});

const SEV_PLAIN_IO = dsc({
  name: 'AmdSevX64',
  body: [
    withIoLib('MdePkg/Library/BaseIoLibIntrinsic/BaseIoLibIntrinsic.inf'),
    components('OvmfPkg/AmdSevDxe/AmdSevDxe.inf', 'OvmfPkg/PciDxe/PciDxe.inf'),
  ].join('\n'),
});

const SEV_NO_DRIVER = dsc({
  name: 'AmdSevX64',
  body: [
    withIoLib('MdePkg/Library/BaseIoLibIntrinsic/BaseIoLibIntrinsicSev.inf'),
    components('OvmfPkg/PciDxe/PciDxe.inf'),
  ].join('\n'),
});

/** A DXE-only TDX platform (no PEI phase at all, as the PEI-less IntelTdxX64). */
const TDX_PEILESS = dsc({
  name: 'IntelTdxX64',
  body: [BASE_LIBRARIES, components('OvmfPkg/TdxDxe/TdxDxe.inf')].join('\n'),
});

/** The third platform edk2 fixed in 8b87eb9dfb: the SEV platform itself mapped CcProbeLib to Null. */
const COMMON_PROBES = dsc({
  name: 'Ovmf',
  body: [
    BASE_LIBRARIES,
    '[LibraryClasses.common.PEIM]',
    '  CcProbeLib|OvmfPkg/Library/CcProbeLib/SecPeiCcProbeLib.inf',
    components('OvmfPkg/AmdSevDxe/AmdSevDxe.inf', 'OvmfPkg/ProbePei/ProbePei.inf'),
  ].join('\n'),
});
const SEV_PROBE_NULL = dsc({
  name: 'AmdSevX64',
  body: [
    BASE_LIBRARIES.replace(
      'CcProbeLib|OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf',
      'CcProbeLib|MdePkg/Library/CcProbeLibNull/CcProbeLibNull.inf',
    ),
    components('OvmfPkg/AmdSevDxe/AmdSevDxe.inf', 'OvmfPkg/ProbePei/ProbePei.inf'),
  ].join('\n'),
});

const MISPLACED = 'OvmfPkg/AmdSevX64.dsc';
const MISPLACED_DSC = dsc({
  name: 'AmdSevX64',
  fdf: 'OvmfPkg/AmdSevX64.fdf',
  body: [BASE_LIBRARIES, components('OvmfPkg/AmdSevDxe/AmdSevDxe.inf')].join('\n'),
});

ruleCases(ccLocation, {
  valid: [
    {
      name: 'the SEV platform builds every SEV module of the common platform; the PEI-less TDX platform lacks only the TDX PEIM',
      files: {
        ...TREE,
        [COMMON]: COMMON_DSC,
        [SEV]: dsc({
          name: 'AmdSevX64',
          body: [
            withIoLib('MdePkg/Library/BaseIoLibIntrinsic/BaseIoLibIntrinsicSev.inf'),
            components('OvmfPkg/AmdSevDxe/AmdSevDxe.inf', 'OvmfPkg/PciDxe/PciDxe.inf'),
          ].join('\n'),
        }),
        [TDX]: TDX_PEILESS,
      },
    },
    {
      name: 'the SEV platform links another real SEV instance for the same class',
      files: {
        ...TREE,
        [COMMON]: COMMON_DSC,
        [SEV]: dsc({
          name: 'AmdSevX64',
          body: [
            withIoLib('OvmfPkg/Library/SevIoLib/SevIoLib.inf'),
            components('OvmfPkg/AmdSevDxe/AmdSevDxe.inf', 'OvmfPkg/PciDxe/PciDxe.inf'),
          ].join('\n'),
        }),
      },
    },
    {
      name: 'Null instances in the common platform are not features the CC platform must copy',
      files: {
        ...TREE,
        [COMMON]: dsc({
          name: 'Ovmf',
          body: [
            BASE_LIBRARIES.replace(
              'MemEncryptSevLib|OvmfPkg/Library/BaseMemEncryptSevLib/DxeMemEncryptSevLib.inf',
              'MemEncryptSevLib|OvmfPkg/Library/MemEncryptSevLibNull/MemEncryptSevLibNull.inf',
            ),
            components('OvmfPkg/AmdSevDxe/AmdSevDxe.inf'),
          ].join('\n'),
        }),
        [SEV]: dsc({
          name: 'AmdSevX64',
          body: [BASE_LIBRARIES, components('OvmfPkg/AmdSevDxe/AmdSevDxe.inf')].join('\n'),
        }),
      },
    },
  ],
  invalid: [
    {
      name: 'the SEV platform maps IoLib to the plain instance where the common platform links the SEV one: the finding is on that mapping',
      files: { ...TREE, [COMMON]: COMMON_DSC, [SEV]: SEV_PLAIN_IO },
      findings: [
        {
          path: SEV,
          line: lineOf(SEV_PLAIN_IO, 'IoLib|'),
          cc: 'sev',
          message:
            'The SEV platform AmdSevX64 lacks BaseIoLibIntrinsicSev, which the common platform OvmfPkgX64 links for IoLib (OvmfPkgX64.dsc:',
        },
      ],
    },
    {
      name: 'the SEV platform does not build the SEV driver of the common platform: the finding is on its [Components] header',
      files: { ...TREE, [COMMON]: COMMON_DSC, [SEV]: SEV_NO_DRIVER },
      findings: [
        {
          path: SEV,
          line: lineOf(SEV_NO_DRIVER, '[Components]'),
          cc: 'sev',
          message: 'The SEV platform AmdSevX64 lacks AmdSevDxe, which the common platform OvmfPkgX64 builds',
        },
      ],
    },
    {
      name: 'the SEV platform maps CcProbeLib (CC in general) to its Null instance where the common platform links two real ones: one finding on that line',
      files: { ...TREE, [COMMON]: COMMON_PROBES, [SEV]: SEV_PROBE_NULL },
      findings: [
        {
          path: SEV,
          line: lineOf(SEV_PROBE_NULL, 'CcProbeLibNull'),
          cc: 'sev',
          message:
            'The SEV platform AmdSevX64 lacks DxeCcProbeLib and SecPeiCcProbeLib, which the common platform OvmfPkgX64 links for CcProbeLib (OvmfPkgX64.dsc:',
        },
      ],
    },
    {
      name: 'a SEV platform configured outside OvmfPkg/AmdSev: its DSC and its FDF',
      files: {
        ...TREE,
        'ccguard.config.json': JSON.stringify({ platforms: { cc: { sev: [MISPLACED] } } }),
        [MISPLACED]: MISPLACED_DSC,
        'OvmfPkg/AmdSevX64.fdf': '[FV.DXEFV]\nINF OvmfPkg/AmdSevDxe/AmdSevDxe.inf\n',
      },
      findings: [
        {
          path: MISPLACED,
          line: lineOf(MISPLACED_DSC, 'PLATFORM_NAME'),
          cc: 'sev',
          message: 'The SEV platform AmdSevX64 keeps its DSC OvmfPkg/AmdSevX64.dsc outside OvmfPkg/AmdSev',
        },
        {
          path: MISPLACED,
          line: lineOf(MISPLACED_DSC, 'FLASH_DEFINITION'),
          cc: 'sev',
          message: 'keeps its FDF OvmfPkg/AmdSevX64.fdf outside OvmfPkg/AmdSev',
        },
      ],
    },
  ],
});
