import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DscParseOptions, dscPcdLookup, parseDsc } from '../../src/metadata/dsc.js';
import type { DscPlatform, SectionScope } from '../../src/metadata/model.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { Workspace } from '../../src/workspace/workspace.js';

function parse(files: Record<string, string>, options: DscParseOptions = {}, path = 'Plat/Plat.dsc') {
  const ws = new Workspace([MemorySource.fromStrings('mem', files)]);
  const dsc = parseDsc(ws, path, { arch: 'X64', ...options });
  const diags = ws.diagnostics
    .sorted()
    .map((d) => `${d.severity} ${d.code} ${d.file}:${d.line ?? 0} ${d.message}`);
  return { dsc, diags };
}

const scope = (s: SectionScope) => `${s.section}.${s.arch}.${s.moduleType}${s.extra ? `.${s.extra}` : ''}`;
const libs = (dsc: DscPlatform) =>
  dsc.libraryClasses.map(
    (l) => `${l.scopes.map(scope).join(',')} ${l.className}|${l.instance} @${l.origin.line}`,
  );

/** INF files that exist in the fixture tree (content does not matter to the DSC parser). */
const infs = (...paths: string[]) => Object.fromEntries(paths.map((p) => [p, '[Defines]\n']));

const DEFINES = [
  '[Defines]',
  '  PLATFORM_NAME           = Plat',
  '  PLATFORM_GUID           = 11111111-2222-3333-4444-555555555555',
  '  PLATFORM_VERSION        = 0.1',
  '  SUPPORTED_ARCHITECTURES = IA32|X64',
  '  BUILD_TARGETS           = DEBUG|RELEASE',
  '  OUTPUT_DIRECTORY        = Build/Plat$(ARCH)',
  '  FLASH_DEFINITION        = Plat/Plat.fdf',
  '  DEFINE SMM_REQUIRE      = FALSE',
  '',
].join('\n');

describe('parseDsc: [Defines], [SkuIds], [LibraryClasses]', () => {
  const files = {
    'Plat/Plat.dsc': `${DEFINES}
[SkuIds]
  0|DEFAULT

[LibraryClasses]
  BaseLib|Pkg/Library/BaseLib/BaseLib.inf
!if $(SMM_REQUIRE) == FALSE
  CcProbeLib|Plat/Library/CcProbeLib/DxeCcProbeLib.inf
!else
  CcProbeLib|Pkg/Library/CcProbeLibNull/CcProbeLibNull.inf
!endif

[LibraryClasses.common.PEIM, LibraryClasses.common.SEC]
  PcdLib|Pkg/Library/PeiPcdLib/PeiPcdLib.inf

[LibraryClasses.X64]
  NULL|Plat/Library/HookLib/HookLib.inf
`,
    'Plat/Plat.fdf': '',
    ...infs(
      'Pkg/Library/BaseLib/BaseLib.inf',
      'Plat/Library/CcProbeLib/DxeCcProbeLib.inf',
      'Pkg/Library/CcProbeLibNull/CcProbeLibNull.inf',
      'Pkg/Library/PeiPcdLib/PeiPcdLib.inf',
      'Plat/Library/HookLib/HookLib.inf',
    ),
  };

  it('reads [Defines] keywords, archs, the flash definition and macros for the given arch', () => {
    const { dsc, diags } = parse(files, { arch: 'X64', builtins: { TARGET: 'DEBUG' } });
    assert.deepEqual(diags, []);
    assert.equal(dsc.path, 'Plat/Plat.dsc');
    assert.deepEqual(
      [...dsc.defines].map(([k, v]) => `${k}=${v.value}@${v.origin.line}`),
      [
        'PLATFORM_NAME=Plat@2',
        'PLATFORM_GUID=11111111-2222-3333-4444-555555555555@3',
        'PLATFORM_VERSION=0.1@4',
        'SUPPORTED_ARCHITECTURES=IA32|X64@5',
        'BUILD_TARGETS=DEBUG|RELEASE@6',
        'OUTPUT_DIRECTORY=Build/PlatX64@7',
        'FLASH_DEFINITION=Plat/Plat.fdf@8',
      ],
    );
    assert.deepEqual(dsc.supportedArchs, ['IA32', 'X64']);
    assert.equal(dsc.flashDefinition, 'Plat/Plat.fdf');
    assert.equal(dsc.macros.get('SMM_REQUIRE'), 'FALSE');
    assert.equal(dsc.macros.get('PLATFORM_NAME'), 'Plat');
    assert.equal(dsc.macros.get('ARCH'), 'X64');
    assert.equal(dsc.macros.get('TARGET'), 'DEBUG');
    assert.deepEqual(dsc.skuIds, [{ id: '0', name: 'DEFAULT', origin: { file: 'Plat/Plat.dsc', line: 12 } }]);
    assert.deepEqual(dsc.files, ['Plat/Plat.dsc']);
  });

  it('keeps every scope of a multi-scope header and picks the mapping chosen by a condition', () => {
    const { dsc } = parse(files);
    assert.deepEqual(libs(dsc), [
      'LibraryClasses.common.common BaseLib|Pkg/Library/BaseLib/BaseLib.inf @15',
      'LibraryClasses.common.common CcProbeLib|Plat/Library/CcProbeLib/DxeCcProbeLib.inf @17',
      'LibraryClasses.common.PEIM,LibraryClasses.common.SEC PcdLib|Pkg/Library/PeiPcdLib/PeiPcdLib.inf @23',
      'LibraryClasses.X64.common NULL|Plat/Library/HookLib/HookLib.inf @26',
    ]);
  });

  it('lets command-line -D override the DSC DEFINE', () => {
    const { dsc } = parse(files, { defines: { SMM_REQUIRE: 'TRUE' } });
    assert.equal(
      libs(dsc)[1],
      'LibraryClasses.common.common CcProbeLib|Pkg/Library/CcProbeLibNull/CcProbeLibNull.inf @19',
    );
    assert.equal(dsc.macros.get('SMM_REQUIRE'), 'TRUE');
  });

  it('evaluates $(ARCH) conditions with the caller arch', () => {
    const src = {
      'Plat/Plat.dsc': `${DEFINES}[LibraryClasses]\n!if $(ARCH) == X64\n  A|Pkg/A.inf\n!else\n  A|Pkg/A32.inf\n!endif\n`,
      'Plat/Plat.fdf': '',
      ...infs('Pkg/A.inf', 'Pkg/A32.inf'),
    };
    assert.equal(parse(src, { arch: 'X64' }).dsc.libraryClasses[0]?.instance, 'Pkg/A.inf');
    assert.equal(parse(src, { arch: 'IA32' }).dsc.libraryClasses[0]?.instance, 'Pkg/A32.inf');
  });
});

describe('parseDsc: [Components]', () => {
  const files = {
    'Plat/Plat.dsc': `${DEFINES}  DEFINE UP_CPU_PEI_GUID = 280251c4-1d09-4035-9062-839acb5f18c1

[Components.IA32]
  Plat/Sec/SecMain.inf {
    <LibraryClasses>
      NULL|Pkg/Library/LzmaLib/LzmaLib.inf
      NULL|Plat/IntelTdx/SecTdxHelperLib.inf
    <PcdsFixedAtBuild>
      gTok.PcdDebugMask|0x2F
    <BuildOptions>
      GCC:*_*_*_CC_FLAGS = -DSEC
  }

  Pkg/CpuMpPei/CpuMpPei.inf {
    <LibraryClasses>
      MpInitLib|Pkg/Library/MpInitLib/PeiMpInitLib.inf
  }

  Pkg/CpuMpPei/CpuMpPei.inf {
    <Defines>
      FILE_GUID = $(UP_CPU_PEI_GUID)
    <LibraryClasses>
      MpInitLib|Pkg/Library/MpInitLibUp/MpInitLibUp.inf
  }
!include Plat/Include/PeiComponents.dsc.inc

[Components.X64]
  Plat/Dxe/Dxe.inf
  Plat/Dxe/Other.inf
  {
    <LibraryClasses>
      X|Pkg/X.inf
  }
  Plat/Missing/Missing.inf
`,
    'Plat/Include/PeiComponents.dsc.inc': '!if $(SMM_REQUIRE) == FALSE\n  Plat/Tpm/TpmPei.inf\n!endif\n',
    'Plat/Plat.fdf': '',
    ...infs(
      'Plat/Sec/SecMain.inf',
      'Pkg/Library/LzmaLib/LzmaLib.inf',
      'Plat/IntelTdx/SecTdxHelperLib.inf',
      'Pkg/CpuMpPei/CpuMpPei.inf',
      'Pkg/Library/MpInitLib/PeiMpInitLib.inf',
      'Pkg/Library/MpInitLibUp/MpInitLibUp.inf',
      'Plat/Tpm/TpmPei.inf',
      'Plat/Dxe/Dxe.inf',
      'Plat/Dxe/Other.inf',
      'Pkg/X.inf',
    ),
  };

  it('reads components with their block overrides, per-arch scopes and includes without a header', () => {
    const { dsc, diags } = parse(files);
    assert.deepEqual(
      dsc.components.map(
        (c) =>
          `${c.scopes.map(scope).join(',')} ${c.inf} @${c.origin.file}:${c.origin.line}` +
          ` defines[${[...c.defines].map(([k, v]) => `${k}=${v.value}`).join(',')}]` +
          ` libs[${c.libraryClasses.map((l) => `${l.className}|${l.instance}`).join(',')}]` +
          ` pcds[${c.pcds.map((p) => `${p.section}:${p.tokenSpace}.${p.name}=${p.value}`).join(',')}]` +
          ` bo[${c.buildOptions.map((b) => `${b.family}:${b.key}${b.operator}${b.value}`).join(',')}]`,
      ),
      [
        'Components.IA32.common Plat/Sec/SecMain.inf @Plat/Plat.dsc:13 defines[] libs[NULL|Pkg/Library/LzmaLib/LzmaLib.inf,NULL|Plat/IntelTdx/SecTdxHelperLib.inf] pcds[PcdsFixedAtBuild:gTok.PcdDebugMask=0x2F] bo[GCC:*_*_*_CC_FLAGS=-DSEC]',
        'Components.IA32.common Pkg/CpuMpPei/CpuMpPei.inf @Plat/Plat.dsc:23 defines[] libs[MpInitLib|Pkg/Library/MpInitLib/PeiMpInitLib.inf] pcds[] bo[]',
        'Components.IA32.common Pkg/CpuMpPei/CpuMpPei.inf @Plat/Plat.dsc:28 defines[FILE_GUID=280251c4-1d09-4035-9062-839acb5f18c1] libs[MpInitLib|Pkg/Library/MpInitLibUp/MpInitLibUp.inf] pcds[] bo[]',
        'Components.IA32.common Plat/Tpm/TpmPei.inf @Plat/Include/PeiComponents.dsc.inc:2 defines[] libs[] pcds[] bo[]',
        'Components.X64.common Plat/Dxe/Dxe.inf @Plat/Plat.dsc:37 defines[] libs[] pcds[] bo[]',
        'Components.X64.common Plat/Dxe/Other.inf @Plat/Plat.dsc:38 defines[] libs[X|Pkg/X.inf] pcds[] bo[]',
        'Components.X64.common Plat/Missing/Missing.inf @Plat/Plat.dsc:43 defines[] libs[] pcds[] bo[]',
      ],
    );
    assert.deepEqual(dsc.components[0]?.libraryClasses[0]?.scopes, [
      { section: 'LibraryClasses', arch: 'IA32', moduleType: 'common', extra: '' },
    ]);
    assert.deepEqual(diags, ['warning CCG034 Plat/Plat.dsc:43 component Plat/Missing/Missing.inf not found']);
    assert.deepEqual(dsc.files, ['Plat/Plat.dsc', 'Plat/Include/PeiComponents.dsc.inc']);
  });

  it('does not let a component-scoped PCD or DEFINE reach later !if', () => {
    const { dsc } = parse({
      'Plat/Plat.dsc': `${DEFINES}[Components]
  Plat/A.inf {
    <PcdsFeatureFlag>
      gTok.PcdFlag|TRUE
  }
[LibraryClasses]
!if gTok.PcdFlag == TRUE
  L|Pkg/L.inf
!endif
`,
      'Plat/Plat.fdf': '',
      ...infs('Plat/A.inf', 'Pkg/L.inf'),
    });
    assert.deepEqual(dsc.libraryClasses, []);
  });
});

describe('parseDsc: [Pcds*] and [BuildOptions]', () => {
  const files = {
    'Plat/Plat.dsc': `${DEFINES}
[PcdsFeatureFlag]
  gTok.PcdSmmSmramRequire|$(SMM_REQUIRE)
!if FALSE
  gTok.PcdHidden|TRUE
!endif

[PcdsFixedAtBuild]
  gTok.PcdString|L"a|b"|VOID*|0x10
  gTok.PcdBytes|{ 0x01, 0x02 }
  gTok.PcdCode|{CODE({
    0x1, 0x2
  })}
  gTok.PcdStruct.Field|7
  gTok.PcdEmpty

[PcdsDynamic, PcdsDynamicEx]
  gTok.PcdBoth|0x10

[PcdsDynamicHii.common.DEFAULT.STANDARD]
  gTok.PcdHii|L"Timeout"|gEfiGlobalVariableGuid|0x0|5

[LibraryClasses]
!if gTok.PcdSmmSmramRequire == FALSE && gTok.PcdBoth == 0x10
  A|Pkg/A.inf
!endif
!if gTok.PcdHidden == TRUE
  B|Pkg/B.inf
!endif
!if gTok.PcdDecOnly == 3
  C|Pkg/C.inf
!endif

[BuildOptions]
  GCC:*_*_*_CC_FLAGS = -mno-mmx -DX=1
  MSFT:RELEASE_*_*_CC_FLAGS == /D MDEPKG_NDEBUG
[BuildOptions.common.EDKII.DXE_RUNTIME_DRIVER, BuildOptions.common.EDKII.DXE_DRIVER]
  GCC:*_*_*_DLINK_FLAGS = -z common-page-size=0x1000

[DefaultStores]
  0|STANDARD

[UserExtensions.TianoCore."ExtraFiles"]
  anything at all | here
`,
    'Plat/Plat.fdf': '',
    ...infs('Pkg/A.inf', 'Pkg/B.inf', 'Pkg/C.inf'),
  };

  it('reads PCD settings with values holding | and braces, multi-line CODE values, fields and several kinds per header', () => {
    const { dsc, diags } = parse(files, {
      decPcdDefault: (ts, n) => (ts === 'gTok' && n === 'PcdDecOnly' ? '3' : undefined),
    });
    // The PCD set only in an inactive branch has no value for the later !if (BaseTools: "not defined in DSC").
    assert.deepEqual(diags, [
      "error CCG013 Plat/Plat.dsc:36 cannot evaluate 'gTok.PcdHidden == TRUE': PCD gTok.PcdHidden has no value here (an expression can use only PCDs set in [PcdsFixedAtBuild] or [PcdsFeatureFlag])",
    ]);
    assert.deepEqual(
      dsc.pcds.map(
        (p) =>
          `${p.section}[${p.scopes.map(scope).join(',')}] ${p.tokenSpace}.${p.name}=${p.value} fields=${JSON.stringify(p.fields)} @${p.origin.line}`,
      ),
      [
        'PcdsFeatureFlag[PcdsFeatureFlag.common.common] gTok.PcdSmmSmramRequire=FALSE fields=["FALSE"] @12',
        'PcdsFixedAtBuild[PcdsFixedAtBuild.common.common] gTok.PcdString=L"a|b" fields=["L\\"a|b\\"","VOID*","0x10"] @18',
        'PcdsFixedAtBuild[PcdsFixedAtBuild.common.common] gTok.PcdBytes={ 0x01, 0x02 } fields=["{ 0x01, 0x02 }"] @19',
        'PcdsFixedAtBuild[PcdsFixedAtBuild.common.common] gTok.PcdCode={CODE({\n0x1, 0x2\n})} fields=["{CODE({\\n0x1, 0x2\\n})}"] @20',
        'PcdsFixedAtBuild[PcdsFixedAtBuild.common.common] gTok.PcdStruct.Field=7 fields=["7"] @23',
        'PcdsFixedAtBuild[PcdsFixedAtBuild.common.common] gTok.PcdEmpty= fields=[] @24',
        'PcdsDynamic[PcdsDynamic.common.common] gTok.PcdBoth=0x10 fields=["0x10"] @27',
        'PcdsDynamicEx[PcdsDynamicEx.common.common] gTok.PcdBoth=0x10 fields=["0x10"] @27',
        'PcdsDynamicHii[PcdsDynamicHii.common.DEFAULT.STANDARD] gTok.PcdHii=L"Timeout" fields=["L\\"Timeout\\"","gEfiGlobalVariableGuid","0x0","5"] @30',
      ],
    );
  });

  it('feeds active PCD values to later !if, never one of an inactive branch, then falls back to DEC defaults', () => {
    const { dsc } = parse(files, {
      decPcdDefault: (ts, n) => (ts === 'gTok' && n === 'PcdDecOnly' ? '3' : undefined),
    });
    assert.deepEqual(
      dsc.libraryClasses.map((l) => l.className),
      ['A', 'C'],
    );
  });

  it('reads build options with family, == and the full scope of each header item', () => {
    const { dsc } = parse(files);
    assert.deepEqual(
      dsc.buildOptions.map(
        (b) =>
          `${b.arch} ${b.scope ? scope(b.scope) : ''} ${b.family}:${b.key} ${b.operator} ${b.value} @${b.origin.line}`,
      ),
      [
        'common BuildOptions.common.common GCC:*_*_*_CC_FLAGS = -mno-mmx -DX=1 @44',
        'common BuildOptions.common.common MSFT:RELEASE_*_*_CC_FLAGS == /D MDEPKG_NDEBUG @45',
        'common BuildOptions.common.EDKII.DXE_RUNTIME_DRIVER GCC:*_*_*_DLINK_FLAGS = -z common-page-size=0x1000 @47',
        'common BuildOptions.common.EDKII.DXE_DRIVER GCC:*_*_*_DLINK_FLAGS = -z common-page-size=0x1000 @47',
      ],
    );
  });

  it('hands the platform PCD values to an FDF through dscPcdLookup', () => {
    const { dsc } = parse(files);
    const pcd = dscPcdLookup(dsc);
    assert.equal(pcd('gTok', 'PcdBoth'), '0x10');
    assert.equal(pcd(undefined, 'PcdSmmSmramRequire'), 'FALSE');
    assert.equal(pcd('gTok', 'PcdHidden'), undefined);
    assert.equal(pcd('gTok', 'PcdHii'), undefined);
  });
});

describe('parseDsc: real-world layout', () => {
  it('follows includes that switch section and leave the includer there (OvmfPkg.dsc.inc, OvmfTpmLibs.dsc.inc)', () => {
    const { dsc, diags } = parse({
      'Plat/Plat.dsc': `${DEFINES}!include Plat/Include/Defines.dsc.inc
!include Plat/Include/Pcds.dsc.inc
  gTok.PcdAfterInclude|1
[LibraryClasses]
  A|Pkg/A.inf
!include Plat/Include/TpmLibs.dsc.inc
  C|Pkg/C.inf
`,
      'Plat/Include/Defines.dsc.inc': '  DEFINE TPM2_ENABLE = TRUE\n',
      'Plat/Include/Pcds.dsc.inc': '[PcdsFixedAtBuild.common]\n  gTok.PcdInInclude|0\n',
      'Plat/Include/TpmLibs.dsc.inc':
        '!if $(TPM2_ENABLE) == TRUE\n[LibraryClasses.common.PEIM]\n  B|Pkg/B.inf\n!endif\n',
      'Plat/Plat.fdf': '',
      ...infs('Pkg/A.inf', 'Pkg/B.inf', 'Pkg/C.inf'),
    });
    assert.deepEqual(diags, []);
    assert.deepEqual(
      dsc.pcds.map((p) => `${p.name}@${p.origin.file}:${p.origin.line}`),
      ['PcdInInclude@Plat/Include/Pcds.dsc.inc:2', 'PcdAfterInclude@Plat/Plat.dsc:12'],
    );
    assert.deepEqual(libs(dsc), [
      'LibraryClasses.common.common A|Pkg/A.inf @14',
      'LibraryClasses.common.PEIM B|Pkg/B.inf @3',
      'LibraryClasses.common.PEIM C|Pkg/C.inf @16',
    ]);
    assert.equal(dsc.libraryClasses[1]?.origin.file, 'Plat/Include/TpmLibs.dsc.inc');
  });

  it('parses a CRLF file with a UTF-8 BOM', () => {
    const text = `\uFEFF${DEFINES}[LibraryClasses]\n  A|Pkg/A.inf\n`.replace(/\n/g, '\r\n');
    const { dsc, diags } = parse({ 'Plat/Plat.dsc': text, 'Plat/Plat.fdf': '', ...infs('Pkg/A.inf') });
    assert.deepEqual(diags, []);
    assert.deepEqual(libs(dsc), ['LibraryClasses.common.common A|Pkg/A.inf @11']);
  });

  it('reports an !error reached in an active branch and keeps parsing', () => {
    const { dsc, diags } = parse(
      {
        'Plat/Plat.dsc': `${DEFINES}!if $(NETWORK_SNP_ENABLE) == TRUE\n  !error "NETWORK_SNP_ENABLE is IA32/X64/EBC only"\n!endif\n[LibraryClasses]\n  A|Pkg/A.inf\n`,
        'Plat/Plat.fdf': '',
        ...infs('Pkg/A.inf'),
      },
      { defines: { NETWORK_SNP_ENABLE: 'TRUE' } },
    );
    assert.deepEqual(diags, ['error CCG014 Plat/Plat.dsc:11 NETWORK_SNP_ENABLE is IA32/X64/EBC only']);
    assert.equal(dsc.libraryClasses.length, 1);
  });
});

describe('parseDsc: bad input', () => {
  it('reports each malformed construct with file and line and keeps the rest', () => {
    const { dsc, diags } = parse({
      'Plat/Plat.dsc': `  Stray = 1
[Defines]
  PLATFORM_NAME = A
  PLATFORM_NAME = B
  NOVALUE =
  JUSTTEXT
[SkuIds]
  0
[LibraryClasses]
  OnlyClass
  Good|Pkg/Missing.inf
[LibraryClasses, Components]
[Components]
  Plat/A.inf {
    orphan line
    <Weird>
      whatever
    <Defines>
      NOT_A_KEYWORD = 1
  Plat/B.inf
[PcdsFixedAtBuild]
  NotAPcd
[PcdsDynamicHii]
  gTok.PcdNoValue
[BuildOptions]
  GCC:CC_FLAGS = -O2
  nothing here
[Nonsense]
  ignored|line
  SET gTok.PcdX = 1
[LibraryClasses]
  Kept|Plat/A.inf
`,
      'Plat/A.inf': '[Defines]\n',
    });
    assert.deepEqual(diags, [
      'warning CCG023 Plat/Plat.dsc:0 [Defines] has no BUILD_TARGETS',
      'warning CCG023 Plat/Plat.dsc:0 [Defines] has no PLATFORM_GUID',
      'warning CCG023 Plat/Plat.dsc:0 [Defines] has no PLATFORM_VERSION',
      'warning CCG023 Plat/Plat.dsc:0 [Defines] has no SUPPORTED_ARCHITECTURES',
      'error CCG021 Plat/Plat.dsc:1 statement outside any section',
      "warning CCG022 Plat/Plat.dsc:4 PLATFORM_NAME redefined (was 'A' at Plat/Plat.dsc:3)",
      'error CCG021 Plat/Plat.dsc:5 no value given for NOVALUE',
      'error CCG021 Plat/Plat.dsc:6 expected NAME = value in [Defines]: JUSTTEXT',
      'error CCG021 Plat/Plat.dsc:8 expected <Number>|<UiName>[|<Parent>]: 0',
      'error CCG021 Plat/Plat.dsc:10 expected <LibraryClass>|<InfPath>: OnlyClass',
      'warning CCG003 Plat/Plat.dsc:11 library instance Pkg/Missing.inf not found',
      'error CCG021 Plat/Plat.dsc:12 different section names in one header [LibraryClasses, Components]',
      "error CCG021 Plat/Plat.dsc:14 component block of Plat/A.inf has no closing '}'",
      'warning CCG021 Plat/Plat.dsc:15 statement before any <Subsection> in a component block',
      'warning CCG020 Plat/Plat.dsc:16 unrecognized sub-section <Weird>',
      "warning CCG021 Plat/Plat.dsc:19 unknown keyword NOT_A_KEYWORD in a component's <Defines>",
      'error CCG021 Plat/Plat.dsc:20 expected NAME = value in <Defines>: Plat/B.inf',
      'error CCG021 Plat/Plat.dsc:22 expected <TokenSpaceGuid>.<PcdName>|<Value>: NotAPcd',
      'error CCG021 Plat/Plat.dsc:24 no PCD value given in [PcdsDynamicHii]: gTok.PcdNoValue',
      "error CCG021 Plat/Plat.dsc:26 'CC_FLAGS' must be in format of <TARGET>_<TOOLCHAIN>_<ARCH>_<TOOL>_FLAGS",
      'error CCG021 Plat/Plat.dsc:27 expected [FAMILY:]KEY = value: nothing here',
      'warning CCG020 Plat/Plat.dsc:28 unknown section [Nonsense]',
      'error CCG021 Plat/Plat.dsc:30 SET is not supported in a DSC file',
    ]);
    assert.deepEqual(
      dsc.components.map((c) => c.inf),
      ['Plat/A.inf'],
    );
    assert.equal(dsc.defines.get('PLATFORM_NAME')?.value, 'B');
    assert.deepEqual(libs(dsc), [
      'LibraryClasses.common.common Good|Pkg/Missing.inf @11',
      'LibraryClasses.common.common Kept|Plat/A.inf @32',
    ]);
  });

  it('reports SET in a DSC as BaseTools does, and an unreadable DSC without throwing', () => {
    assert.deepEqual(
      parse({ 'Plat/Plat.dsc': `${DEFINES}[Defines]\n  SET gTok.PcdX = 1\n`, 'Plat/Plat.fdf': '' }).diags,
      ['error CCG021 Plat/Plat.dsc:11 SET is not supported in a DSC file'],
    );
    const { dsc, diags } = parse({}, {}, 'Nope/Nope.dsc');
    assert.deepEqual(diags, ['error CCG001 Nope/Nope.dsc:0 cannot read DSC file']);
    assert.equal(dsc.components.length, 0);
  });

  it('reports unknown macros in paths and a FLASH_DEFINITION that does not exist', () => {
    const { dsc, diags } = parse({
      'Plat/Plat.dsc': `${DEFINES.replace('Plat/Plat.fdf', 'Plat/None.fdf')}[Components]\n  $(PKG)/A.inf\n`,
    });
    assert.deepEqual(diags, [
      'warning CCG003 Plat/Plat.dsc:8 FLASH_DEFINITION Plat/None.fdf not found',
      'warning CCG015 Plat/Plat.dsc:11 macro $(PKG) is not defined',
    ]);
    assert.equal(dsc.flashDefinition, 'Plat/None.fdf');
    assert.equal(dsc.components[0]?.inf, '$(PKG)/A.inf');
  });
});
