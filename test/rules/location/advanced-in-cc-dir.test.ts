import { advancedInCcDir } from '../../../src/rules/location/advanced-in-cc-dir.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { BASE_LIBRARIES, BASE_TREE, dsc, inf, lineOf } from '../platform/fixture-tree.js';

const COMMON = 'OvmfPkg/OvmfPkgX64.dsc';
const SEV = 'OvmfPkg/AmdSev/AmdSevX64.dsc';
const TDX = 'OvmfPkg/IntelTdx/IntelTdxX64.dsc';

const components = (...lines: string[]) => ['[Components]', ...lines.map((l) => `  ${l}`)].join('\n');

/** The spec's own example: no CC code of its own, used only by the SEV platform, outside OvmfPkg/AmdSev. */
const GRUB = 'OvmfPkg/Library/PlatformBootManagerLibGrub/PlatformBootManagerLibGrub.inf';
const GRUB_INF = inf({
  name: 'PlatformBootManagerLibGrub',
  libraryClass: 'PlatformBootManagerLib',
  type: 'DXE_DRIVER',
});

const MEASURE = 'OvmfPkg/Tcg/TdMeasureDxe/TdMeasureDxe.inf';
const MEASURE_INF = inf({ name: 'TdMeasureDxe', uses: ['TdxLib'] });

const TDX_IN_SEV_DIR = 'OvmfPkg/AmdSev/TdxQuoteDxe/TdxQuoteDxe.inf';
const TDX_IN_SEV_DIR_INF = inf({ name: 'TdxQuoteDxe', uses: ['TdxLib'] });

const SEV_ONLY = (...extra: string[]) =>
  dsc({
    name: 'AmdSevX64',
    body: [BASE_LIBRARIES, components('OvmfPkg/AmdSevDxe/AmdSevDxe.inf', ...extra)].join('\n'),
  });
const TDX_ONLY = (...extra: string[]) =>
  dsc({
    name: 'IntelTdxX64',
    body: [BASE_LIBRARIES, components('OvmfPkg/TdxDxe/TdxDxe.inf', ...extra)].join('\n'),
  });

ruleCases(advancedInCcDir, {
  valid: [
    {
      name: 'an advanced SEV driver inside OvmfPkg/AmdSev; a basic SEV driver directly in OvmfPkg',
      files: {
        ...BASE_TREE,
        'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf': inf({ name: 'SecretDxe' }),
        [COMMON]: dsc({
          name: 'Ovmf',
          body: [BASE_LIBRARIES, components('OvmfPkg/AmdSevDxe/AmdSevDxe.inf')].join('\n'),
        }),
        [SEV]: SEV_ONLY('OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf'),
      },
    },
    {
      name: 'a SEV library outside OvmfPkg that only the SEV platform builds is location/arch-code business',
      files: {
        ...BASE_TREE,
        'UefiCpuPkg/Library/SevExtraLib/SevExtraLib.inf': inf({
          name: 'SevExtraLib',
          libraryClass: 'SevExtraLib',
          type: 'DXE_DRIVER',
        }),
        [SEV]: SEV_ONLY('UefiCpuPkg/Library/SevExtraLib/SevExtraLib.inf'),
      },
    },
    {
      name: 'an instance that shares its directory with instances other platforms build is common code, not a feature to move',
      files: {
        ...BASE_TREE,
        'OvmfPkg/Library/FwCfgLib/FwCfgSecTdxLib.inf': inf({
          name: 'FwCfgSecTdxLib',
          libraryClass: 'FwCfgLib',
          type: 'DXE_DRIVER',
        }),
        'OvmfPkg/Library/FwCfgLib/FwCfgDxeLib.inf': inf({
          name: 'FwCfgDxeLib',
          libraryClass: 'FwCfgLib',
          type: 'DXE_DRIVER',
        }),
        [COMMON]: dsc({
          name: 'Ovmf',
          body: [BASE_LIBRARIES, components('OvmfPkg/Library/FwCfgLib/FwCfgDxeLib.inf')].join('\n'),
        }),
        [TDX]: TDX_ONLY('OvmfPkg/Library/FwCfgLib/FwCfgSecTdxLib.inf'),
      },
    },
    {
      name: 'a Null instance used only by the SEV platform is not a feature',
      files: {
        ...BASE_TREE,
        'OvmfPkg/Library/SevHashLibNull/SevHashLibNull.inf': inf({
          name: 'SevHashLibNull',
          libraryClass: 'SevHashLib',
          type: 'DXE_DRIVER',
        }),
        [SEV]: SEV_ONLY('OvmfPkg/Library/SevHashLibNull/SevHashLibNull.inf'),
      },
    },
    {
      name: 'a technology whose directory the tree does not have (no OvmfPkg/IntelTdx here): nowhere to move to yet',
      files: {
        ...BASE_TREE,
        [MEASURE]: MEASURE_INF,
        'ccguard.config.json': JSON.stringify({
          features: [{ name: 'td-measure', cc: 'tdx', kind: 'advanced', modules: [MEASURE] }],
        }),
      },
    },
  ],
  invalid: [
    {
      name: "the spec's example: PlatformBootManagerLibGrub, used only by the SEV platform, in OvmfPkg/Library",
      files: { ...BASE_TREE, [GRUB]: GRUB_INF, [SEV]: SEV_ONLY(GRUB) },
      findings: [
        {
          path: GRUB,
          line: lineOf(GRUB_INF, 'BASE_NAME'),
          cc: 'sev',
          message:
            "PlatformBootManagerLibGrub is an advanced SEV module (only AmdSevX64 builds it, and the feature registry lists it under the advanced feature 'sev-grub-boot') but lives outside OvmfPkg/AmdSev",
        },
      ],
    },
    {
      name: 'a TDX driver that only the TDX platform builds, in OvmfPkg/Tcg',
      files: { ...BASE_TREE, [MEASURE]: MEASURE_INF, [TDX]: TDX_ONLY(MEASURE) },
      findings: [
        {
          path: MEASURE,
          line: lineOf(MEASURE_INF, 'BASE_NAME'),
          cc: 'tdx',
          message:
            'TdMeasureDxe is an advanced TDX module (only the TDX platform IntelTdxX64 builds it (IntelTdxX64.dsc:',
        },
      ],
    },
    {
      name: 'a TDX driver inside the SEV directory',
      files: {
        ...BASE_TREE,
        [TDX_IN_SEV_DIR]: TDX_IN_SEV_DIR_INF,
        [TDX]: TDX_ONLY(TDX_IN_SEV_DIR),
        [SEV]: SEV_ONLY(),
      },
      findings: [
        {
          path: TDX_IN_SEV_DIR,
          line: lineOf(TDX_IN_SEV_DIR_INF, 'BASE_NAME'),
          cc: 'tdx',
          message: 'but lives in the SEV directory; advanced CC modules belong in OvmfPkg/IntelTdx',
        },
      ],
    },
  ],
});
