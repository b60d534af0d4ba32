import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import picomatch from 'picomatch';
import {
  BUILTIN_FEATURES,
  DEFAULT_EXCLUDES,
  edkDefaults,
  expandModules,
  technologyLayouts,
} from '../../src/config/defaults.js';
import { anyGlob, pathFilter } from '../../src/config/path-filter.js';
import { workspace } from './fixture.js';

describe('edkDefaults', () => {
  it('CC platforms: the technology platforms plus every DSC directly in its directories', () => {
    const ws = workspace({
      'OvmfPkg/AmdSev/AmdSevSnpX64.dsc': '',
      'OvmfPkg/AmdSev/Grub/Grub.dsc': '', // not directly in OvmfPkg/AmdSev
    });
    assert.deepEqual(edkDefaults(ws).platforms.cc, {
      sev: ['OvmfPkg/AmdSev/AmdSevSnpX64.dsc', 'OvmfPkg/AmdSev/AmdSevX64.dsc'],
      tdx: ['OvmfPkg/IntelTdx/IntelTdxX64.dsc'],
    });
  });

  it('a config technology overrides directories and platforms field by field', () => {
    const layouts = technologyLayouts([{ id: 'sev', platforms: ['X/Sev.dsc'] }, { id: 'cove' }]);
    assert.deepEqual(
      layouts.map((l) => `${l.id} ${l.directories.join(',')} ${l.platforms.join(',')}`),
      [
        'sev OvmfPkg/AmdSev X/Sev.dsc',
        'tdx OvmfPkg/IntelTdx OvmfPkg/IntelTdx/IntelTdxX64.dsc',
        'cca ArmVirtPkg/ArmCca ',
        'cc  ',
        'cove  ',
      ],
    );
  });

  it('features: only those of this era; an immature glob-only one is kept without modules', () => {
    const ws = workspace(
      {},
      { 'OvmfPkg/Library/VmgExitLib/VmgExitLib.inf': '', 'OvmfPkg/Library/VmgExitLib/SecVmgExitLib.inf': '' },
    );
    assert.deepEqual(
      edkDefaults(ws).features.map((f) => `${f.name} ${f.infs.join(',')}`),
      [
        'sev-es-vc-handler OvmfPkg/Library/VmgExitLib/SecVmgExitLib.inf,OvmfPkg/Library/VmgExitLib/VmgExitLib.inf',
        'attestation ',
      ],
    );
  });

  it('every built-in feature has a unique name, a technology and modules', () => {
    const names = BUILTIN_FEATURES.map((f) => f.name);
    assert.equal(new Set(names).size, names.length);
    for (const f of BUILTIN_FEATURES) {
      assert.ok(f.modules.length > 0, f.name);
      assert.ok(['sev', 'tdx', 'cca', 'cc'].includes(f.cc), f.name);
      assert.ok(f.description, f.name);
    }
  });
});

describe('expandModules', () => {
  const ws = workspace();
  const cases: { patterns: string[]; expected: string[] }[] = [
    { patterns: ['OvmfPkg/AmdSevDxe/AmdSevDxe.inf'], expected: ['OvmfPkg/AmdSevDxe/AmdSevDxe.inf'] },
    { patterns: ['OvmfPkg/AmdSevDxe/Missing.inf'], expected: [] },
    { patterns: ['OvmfPkg/Sec/SecMain.c'], expected: [] },
    {
      patterns: ['**/*CcProbeLib*.inf'],
      expected: [
        'OvmfPkg/Library/CcProbeLib/DxeCcProbeLib.inf',
        'OvmfPkg/Library/CcProbeLib/SecPeiCcProbeLib.inf',
      ],
    },
    {
      patterns: ['OvmfPkg/IntelTdx/TdxHelperLib/*.inf'],
      expected: ['OvmfPkg/IntelTdx/TdxHelperLib/SecTdxHelperLib.inf'],
    },
    {
      patterns: ['OvmfPkg/IntelTdx/TdxHelperLib/*.inf', 'OvmfPkg/IntelTdx/TdxHelperLib/SecTdxHelperLib.inf'],
      expected: ['OvmfPkg/IntelTdx/TdxHelperLib/SecTdxHelperLib.inf'],
    },
  ];
  for (const c of cases) {
    it(c.patterns.join(' '), () => assert.deepEqual(expandModules(ws, c.patterns), c.expected));
  }
});

describe('pathFilter', () => {
  const filter = pathFilter({ include: ['**'], exclude: DEFAULT_EXCLUDES });
  const cases: [string, boolean][] = [
    ['OvmfPkg/Sec/SecMain.c', true],
    ['Build/OvmfX64/DEBUG_GCC5/X64/AutoGen.c', false],
    ['BaseTools/Source/C/GenFv/GenFv.c', false],
    ['UefiCpuPkg/Library/CpuPageTableLib/UnitTest/TestCpuPageTableLib.c', false],
    ['MdePkg/Test/Mock/Library/GoogleTest/MockCcProbeLib/MockCcProbeLib.cpp', false],
    ['MdePkg/Test/UnitTest/Library/BaseLib/Base64UnitTest.c', false],
    ['CryptoPkg/Library/OpensslLib/openssl/crypto/aes/aes_core.c', false],
    ['CryptoPkg/Library/OpensslLib/OpensslGen/include/openssl/ssl.h', false],
    ['SecurityPkg/DeviceSecurity/SpdmLib/libspdm/library/spdm_common_lib/libspdm_com_support.c', false],
    ['OvmfPkg/Library/CcExitLib/CcExitVcHandler.c', true],
  ];
  for (const [p, analysed] of cases) it(`${p} → ${analysed}`, () => assert.equal(filter(p), analysed));

  it('include narrows, exclude wins', () => {
    const f = pathFilter({ include: ['OvmfPkg/**'], exclude: ['OvmfPkg/Xen*/**'] });
    assert.deepEqual(
      ['OvmfPkg/Sec/SecMain.c', 'MdePkg/Include/Base.h', 'OvmfPkg/XenBusDxe/XenBus.c'].map(f),
      [true, false, false],
    );
  });

  it('one joined regex decides as picomatch does, glob by glob', () => {
    const globs = [
      ...DEFAULT_EXCLUDES,
      'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf',
      'OvmfPkg/**/*Attestation*.inf',
      '!OvmfPkg/**',
      '**/*.{c,h}',
      'MdePkg/Library/Base?ib/**',
      '**/[A-Z]*Sev*.nasm',
      '**/.hidden/**',
      '*.dsc',
      'a+(b|c)/**',
      'Odd (name)/x.c',
    ];
    const paths = [
      '',
      'OvmfPkg/Sec/SecMain.c',
      'OvmfPkg/AmdSev/SecretDxe/SecretDxe.inf',
      'OvmfPkg/Library/TdxAttestationLib/TdxAttestationLib.inf',
      'MdePkg/Library/BaseLib/X64/Thunk16.nasm',
      'MdePkg/Library/BaseXib/BaseLib.inf',
      'OvmfPkg/ResetVector/Ia32/AmdSev.nasm',
      'UefiCpuPkg/.hidden/Sev.c',
      'OvmfPkg/OvmfPkgX64.dsc',
      'OvmfPkgX64.dsc',
      'ab/x.c',
      'ac/y/z.c',
      'Odd (name)/x.c',
      'Build/OvmfX64/AutoGen.h',
      'SecurityPkg/DeviceSecurity/SpdmLib/libspdm/a.c',
      'MdePkg/Test/UnitTest/x.c',
    ];
    for (const n of [1, 2, globs.length]) {
      for (let i = 0; i + n <= globs.length; i++) {
        const set = globs.slice(i, i + n);
        const expected = picomatch(set, { dot: true });
        const actual = anyGlob(set);
        for (const p of paths) assert.equal(actual(p), expected(p), `${JSON.stringify(set)} on '${p}'`);
      }
    }
  });
});
