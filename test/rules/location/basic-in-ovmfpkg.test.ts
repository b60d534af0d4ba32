import { basicInOvmfPkg } from '../../../src/rules/location/basic-in-ovmfpkg.js';
import { ruleCases } from '../../helpers/rule-tester.js';
import { BASE_LIBRARIES, BASE_TREE, dsc, inf, lineOf } from '../platform/fixture-tree.js';

const COMMON = 'OvmfPkg/OvmfPkgX64.dsc';
const SEV = 'OvmfPkg/AmdSev/AmdSevX64.dsc';

const HELPER = 'OvmfPkg/IntelTdx/TdxHelperLib/SecTdxHelperLib.inf';
const HELPER_INF = inf({ name: 'SecTdxHelperLib', libraryClass: 'NULL|SEC' });
const HELPER_NULL = 'OvmfPkg/IntelTdx/TdxHelperLib/TdxHelperLibNull.inf';

const SEV_BOOT = 'OvmfPkg/AmdSev/SevBootDxe/SevBootDxe.inf';
const SEV_BOOT_INF = inf({ name: 'SevBootDxe' });

const components = (...lines: string[]) => ['[Components]', ...lines.map((l) => `  ${l}`)].join('\n');

/** The common platform links the TDX SEC hook as a NULL library of SecMain. */
const COMMON_WITH_HELPER = dsc({
  name: 'Ovmf',
  body: [
    BASE_LIBRARIES,
    components('OvmfPkg/Sec/SecMain.inf {', '  <LibraryClasses>', `    NULL|${HELPER}`, '}'),
  ].join('\n'),
});

ruleCases(basicInOvmfPkg, {
  valid: [
    {
      name: 'an advanced module in OvmfPkg/AmdSev that only the SEV platform builds; basic modules directly in OvmfPkg',
      files: {
        ...BASE_TREE,
        'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf': inf({ name: 'SecretDxe' }),
        [COMMON]: dsc({
          name: 'Ovmf',
          body: [BASE_LIBRARIES, components('OvmfPkg/AmdSevDxe/AmdSevDxe.inf')].join('\n'),
        }),
        [SEV]: dsc({
          name: 'AmdSevX64',
          body: [
            BASE_LIBRARIES,
            components('OvmfPkg/AmdSevDxe/AmdSevDxe.inf', 'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf'),
          ].join('\n'),
        }),
      },
    },
    {
      name: 'a Null instance in OvmfPkg/IntelTdx that the common platform links is not a feature',
      files: {
        ...BASE_TREE,
        [HELPER_NULL]: inf({ name: 'TdxHelperLibNull', libraryClass: 'TdxHelperLib' }),
        'OvmfPkg/TdxPei/TdxPei.inf': inf({
          name: 'TdxPei',
          type: 'PEIM',
          packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
          uses: ['TdxHelperLib'],
        }),
        [COMMON]: dsc({
          name: 'Ovmf',
          body: [
            BASE_LIBRARIES,
            `  TdxHelperLib|${HELPER_NULL}`,
            components('OvmfPkg/TdxPei/TdxPei.inf'),
          ].join('\n'),
        }),
      },
    },
    {
      name: 'a module in OvmfPkg/AmdSev that no platform builds and no registry entry names: neither basic nor advanced is known',
      files: { ...BASE_TREE, [SEV_BOOT]: SEV_BOOT_INF },
    },
  ],
  invalid: [
    {
      name: 'the TDX SEC hook in OvmfPkg/IntelTdx is linked by the common platform (and the registry says basic): move it to OvmfPkg/Library',
      files: { ...BASE_TREE, [HELPER]: HELPER_INF, [COMMON]: COMMON_WITH_HELPER },
      findings: [
        {
          path: HELPER,
          line: lineOf(HELPER_INF, 'BASE_NAME'),
          cc: 'tdx',
          message:
            "SecTdxHelperLib is a basic TDX module (the common platform OvmfPkgX64 builds it, and the feature registry lists it under the basic feature 'tdx-early-init') but lives in OvmfPkg/IntelTdx",
        },
      ],
    },
    {
      name: 'a SEV driver in OvmfPkg/AmdSev that the common platform builds, with no registry entry',
      files: {
        ...BASE_TREE,
        [SEV_BOOT]: SEV_BOOT_INF,
        [COMMON]: dsc({ name: 'Ovmf', body: [BASE_LIBRARIES, components(SEV_BOOT)].join('\n') }),
      },
      findings: [
        {
          path: SEV_BOOT,
          line: lineOf(SEV_BOOT_INF, 'BASE_NAME'),
          cc: 'sev',
          message:
            'SevBootDxe is a basic SEV module (the common platform OvmfPkgX64 builds it (OvmfPkgX64.dsc:',
        },
      ],
    },
    {
      name: 'the config declares a feature basic although no platform builds it yet',
      files: {
        ...BASE_TREE,
        [SEV_BOOT]: SEV_BOOT_INF,
        'ccguard.config.json': JSON.stringify({
          features: [{ name: 'sev-boot', cc: 'sev', kind: 'basic', modules: [SEV_BOOT] }],
        }),
      },
      findings: [
        {
          path: SEV_BOOT,
          line: lineOf(SEV_BOOT_INF, 'BASE_NAME'),
          cc: 'sev',
          message:
            "SevBootDxe is a basic SEV module (the feature registry lists it under the basic feature 'sev-boot') but lives in OvmfPkg/AmdSev; basic CC modules belong directly in OvmfPkg",
        },
      ],
    },
  ],
});
