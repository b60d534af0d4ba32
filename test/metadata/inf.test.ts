import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics.js';
import {
  libraryClassesProduced,
  libraryInstanceSupports,
  moduleSupports,
  parseInf,
} from '../../src/metadata/inf.js';
import type { InfModule } from '../../src/metadata/model.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { Workspace } from '../../src/workspace/workspace.js';

const BOM = '\ufeff';
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

function workspace(files: Record<string, string>): Workspace {
  return new Workspace([MemorySource.fromStrings('mem', files)]);
}

function diagnostics(ws: Workspace): string[] {
  return ws.diagnostics
    .sorted()
    .map((d: Diagnostic) => `${d.severity} ${d.code} ${d.file}:${d.line} ${d.message}`);
}

function parse(ws: Workspace, path: string): InfModule {
  const m = parseInf(ws, path);
  assert.ok(m, `${path} parses`);
  return m;
}

const DRIVER_INF = `## @file
#  A PEIM with a bit of everything.
##

[Defines]
  INF_VERSION     = 1.27
  BASE_NAME       = WidgetPei
  FILE_GUID       = 5C1E0A52-3B57-4A77-9C0B-4E1C0F2E8A11
  MODULE_TYPE     = peim
  VERSION_STRING  = 1.0
  ENTRY_POINT     = WidgetEntry
  DEFINE SUB      = Arch
  DEFINE GEN      = $(SUB)/Gen   // a C++-style comment

/* the block comment swallows whole lines
[Bogus]
*/

[Sources]
  Widget.c
  Widget.h
  ../Common/Shared.c
  $(GEN)/Table.c
  Widget.S | GCC
  WidgetMsft.asm |MSFT
  Fast.nasm ||||gTokSpace.PcdUseNasm

[Sources.IA32]
  WidgetNull.c

[Sources.X64, Sources.AARCH64]
  X64/WidgetCc.c

[Packages]
  MdePkg/MdePkg.dec
  WidgetPkg/WidgetPkg.dec

[LibraryClasses]
  BaseLib                 ## CONSUMES
  DebugLib | gTokSpace.PcdDebugOn

[LibraryClasses.X64]
  CcProbeLib

[Guids]
  ## SOMETIMES_PRODUCES ## HOB
  gWidgetHobGuid
  gWidgetEventGuid | gTokSpace.PcdEvents   ## CONSUMES ## Event

[Protocols]
  gWidgetProtocolGuid     ## TO_START
  gOtherProtocolGuid      | NOT gTokSpace.PcdNoOther

[Ppis]
  gWidgetPpiGuid          ## NOTIFY

[FixedPcd]
  gTokSpace.PcdWidgetBase     ## CONSUMES

[PatchPcd.X64]
  gTokSpace.PcdWidgetPatch|0x10

[FeaturePcd]
  gTokSpace.PcdUseNasm

[Pcd]
  # The size, in bytes.
  gTokSpace.PcdWidgetSize|128|gTokSpace.PcdSized   ## SOMETIMES_CONSUMES

[PcdEx]
  gTokSpace.PcdWidgetEx

[Depex]
  gWidgetPpiGuid AND
  gOtherPpiGuid

[Depex.X64.PEIM]
  TRUE

[BuildOptions]
  GCC:*_*_*_CC_FLAGS        = -DWIDGET=1
  MSFT:*_*_IA32_CC_FLAGS    == /Od
  *_*_X64_NASM_FLAGS        = -I$(WORKSPACE)/WidgetPkg/Include/
  *_*_*_NASMB_FLAGS         = -I$(WORKSPACE)/WidgetPkg/Vtf/
  *_*_*_PP_FLAGS            = -DSUB=$(SUB)

[BuildOptions.AARCH64]
  GCC:*_*_AARCH64_CC_FLAGS  = -mstrict-align

[Binaries]
  PE32|Widget.efi|*

[UserExtensions.TianoCore."ExtraFiles"]
  anything at all | goes = here
`;

const DRIVER_FILES = {
  'WidgetPkg/Widget/WidgetPei.inf': BOM + crlf(DRIVER_INF),
  'WidgetPkg/Widget/Widget.c': '',
  'WidgetPkg/Widget/Widget.h': '',
  'WidgetPkg/Common/Shared.c': '',
  'WidgetPkg/Widget/Arch/Gen/Table.c': '',
  'WidgetPkg/Widget/Widget.S': '',
  'WidgetPkg/Widget/WidgetMsft.asm': '',
  'WidgetPkg/Widget/Fast.nasm': '',
  'WidgetPkg/Widget/WidgetNull.c': '',
  'WidgetPkg/Widget/X64/WidgetCc.c': '',
  'MdePkg/MdePkg.dec': '',
  'WidgetPkg/WidgetPkg.dec': '',
};

const at = (line: number) => ({ file: 'WidgetPkg/Widget/WidgetPei.inf', line });

describe('parseInf: a module with every construct (CRLF, UTF-8 BOM)', () => {
  const ws = workspace(DRIVER_FILES);
  const m = parse(ws, 'WidgetPkg/Widget/WidgetPei.inf');

  it('reads [Defines], upper-casing MODULE_TYPE and keys', () => {
    assert.equal(m.path, 'WidgetPkg/Widget/WidgetPei.inf');
    assert.equal(m.dir, 'WidgetPkg/Widget');
    assert.equal(m.baseName, 'WidgetPei');
    assert.equal(m.fileGuid, '5C1E0A52-3B57-4A77-9C0B-4E1C0F2E8A11');
    assert.equal(m.moduleType, 'PEIM');
    assert.equal(m.infVersion, '1.27');
    assert.deepEqual(
      [...m.defines.keys()],
      ['INF_VERSION', 'BASE_NAME', 'FILE_GUID', 'MODULE_TYPE', 'VERSION_STRING', 'ENTRY_POINT'],
    );
    assert.deepEqual(m.defines.get('VERSION_STRING'), {
      name: 'VERSION_STRING',
      value: '1.0',
      origin: at(10),
    });
    assert.deepEqual(m.entryPoints, ['WidgetEntry']);
    assert.deepEqual(m.libraryClassDecls, []);
    assert.equal(m.archDefines.size, 0);
  });

  it('resolves sources against the module folder, per arch, with their | fields', () => {
    assert.deepEqual(
      m.sources.map((s) => [s.path, s.arch, s.family, s.featureFlag ?? '', s.origin.line]),
      [
        ['WidgetPkg/Widget/Widget.c', 'common', '', '', 20],
        ['WidgetPkg/Widget/Widget.h', 'common', '', '', 21],
        ['WidgetPkg/Common/Shared.c', 'common', '', '', 22],
        ['WidgetPkg/Widget/Arch/Gen/Table.c', 'common', '', '', 23],
        ['WidgetPkg/Widget/Widget.S', 'common', 'GCC', '', 24],
        ['WidgetPkg/Widget/WidgetMsft.asm', 'common', 'MSFT', '', 25],
        ['WidgetPkg/Widget/Fast.nasm', 'common', '', 'gTokSpace.PcdUseNasm', 26],
        ['WidgetPkg/Widget/WidgetNull.c', 'IA32', '', '', 29],
        ['WidgetPkg/Widget/X64/WidgetCc.c', 'X64', '', '', 32],
        ['WidgetPkg/Widget/X64/WidgetCc.c', 'AARCH64', '', '', 32],
      ],
    );
  });

  it('resolves packages against the workspace', () => {
    assert.deepEqual(
      m.packages.map((p) => [p.path, p.arch]),
      [
        ['MdePkg/MdePkg.dec', 'common'],
        ['WidgetPkg/WidgetPkg.dec', 'common'],
      ],
    );
  });

  it('keeps usage comments and feature-flag expressions of names', () => {
    const rows = (list: InfModule['guids']) =>
      list.map((u) => [u.name, u.arch, u.usage, u.featureFlag ?? '']);
    assert.deepEqual(rows(m.libraryClasses), [
      ['BaseLib', 'common', 'CONSUMES', ''],
      ['DebugLib', 'common', '', 'gTokSpace.PcdDebugOn'],
      ['CcProbeLib', 'X64', '', ''],
    ]);
    assert.deepEqual(rows(m.guids), [
      ['gWidgetHobGuid', 'common', 'SOMETIMES_PRODUCES', ''],
      ['gWidgetEventGuid', 'common', 'CONSUMES', 'gTokSpace.PcdEvents'],
    ]);
    assert.deepEqual(rows(m.protocols), [
      ['gWidgetProtocolGuid', 'common', 'TO_START', ''],
      ['gOtherProtocolGuid', 'common', '', 'NOT gTokSpace.PcdNoOther'],
    ]);
    assert.deepEqual(rows(m.ppis), [['gWidgetPpiGuid', 'common', 'NOTIFY', '']]);
  });

  it('reads every PCD section kind with arch scopes, values and usage', () => {
    assert.deepEqual(
      m.pcds.map((p) => [p.tokenSpace, p.name, p.kind, p.arch, p.usage, p.value ?? '', p.featureFlag ?? '']),
      [
        ['gTokSpace', 'PcdWidgetBase', 'FixedAtBuild', 'common', 'CONSUMES', '', ''],
        ['gTokSpace', 'PcdWidgetPatch', 'PatchableInModule', 'X64', '', '0x10', ''],
        ['gTokSpace', 'PcdUseNasm', 'FeatureFlag', 'common', '', '', ''],
        ['gTokSpace', 'PcdWidgetSize', 'Pcd', 'common', 'SOMETIMES_CONSUMES', '128', 'gTokSpace.PcdSized'],
        ['gTokSpace', 'PcdWidgetEx', 'DynamicEx', 'common', '', '', ''],
      ],
    );
  });

  it('joins [Depex] lines per scope', () => {
    assert.deepEqual(m.depex, [
      {
        arch: 'common',
        moduleType: 'common',
        expression: 'gWidgetPpiGuid AND gOtherPpiGuid',
        origin: at(74),
      },
      { arch: 'X64', moduleType: 'PEIM', expression: 'TRUE', origin: at(78) },
    ]);
  });

  it('reads [BuildOptions] with family, == and $(WORKSPACE) left for the build', () => {
    assert.deepEqual(
      m.buildOptions.map((o) => [o.family, o.key, o.operator, o.value, o.arch]),
      [
        ['GCC', '*_*_*_CC_FLAGS', '=', '-DWIDGET=1', 'common'],
        ['MSFT', '*_*_IA32_CC_FLAGS', '==', '/Od', 'common'],
        ['', '*_*_X64_NASM_FLAGS', '=', '-I$(WORKSPACE)/WidgetPkg/Include/', 'common'],
        ['', '*_*_*_NASMB_FLAGS', '=', '-I$(WORKSPACE)/WidgetPkg/Vtf/', 'common'],
        ['', '*_*_*_PP_FLAGS', '=', '-DSUB=Arch', 'common'],
        ['GCC', '*_*_AARCH64_CC_FLAGS', '=', '-mstrict-align', 'AARCH64'],
      ],
    );
  });

  it('reports nothing for a clean module ([Binaries] and [UserExtensions] accepted)', () => {
    assert.deepEqual(diagnostics(ws), []);
  });
});

const MEMLIB_INF = `[Defines]
  INF_VERSION    = 0x00010005
  BASE_NAME      = MemLibOpt
  FILE_GUID      = 11111111-2222-3333-4444-555555555555
  MODULE_TYPE    = BASE
  LIBRARY_CLASS  = MemLib
  LIBRARY_CLASS  = MemLibExtra | DXE_DRIVER  UEFI_DRIVER
  CONSTRUCTOR    = MemLibInit
  DESTRUCTOR     = MemLibFini

[Defines.AARCH64]
  LIBRARY_CLASS  = MemLib|DXE_CORE DXE_DRIVER

[Defines.RISCV64]
  LIBRARY_CLASS  = MemLib|SEC
`;

describe('LIBRARY_CLASS semantics (BaseTools InfBuildData.LibraryClass)', () => {
  const ws = workspace({ 'Pkg/MemLib/MemLibOpt.inf': MEMLIB_INF });
  const m = parse(ws, 'Pkg/MemLib/MemLibOpt.inf');

  it('keeps every declaration with its arch', () => {
    assert.deepEqual(
      m.libraryClassDecls.map((d) => [d.name, d.moduleTypes, d.arch, d.origin.line]),
      [
        ['MemLib', [], 'common', 6],
        ['MemLibExtra', ['DXE_DRIVER', 'UEFI_DRIVER'], 'common', 7],
        ['MemLib', ['DXE_CORE', 'DXE_DRIVER'], 'AARCH64', 12],
        ['MemLib', ['SEC'], 'RISCV64', 15],
      ],
    );
    assert.deepEqual(m.constructors, ['MemLibInit']);
    assert.deepEqual(m.destructors, ['MemLibFini']);
    assert.deepEqual([...m.archDefines.keys()], ['AARCH64', 'RISCV64']);
    assert.equal(m.archDefines.get('AARCH64')?.get('LIBRARY_CLASS')?.value, 'MemLib|DXE_CORE DXE_DRIVER');
  });

  it('adds [Defines.<arch>] lines after the common ones instead of replacing them', () => {
    assert.deepEqual(
      libraryClassesProduced(m, 'X64').map((d) => [d.name, d.arch]),
      [
        ['MemLib', 'common'],
        ['MemLibExtra', 'common'],
      ],
    );
    assert.deepEqual(
      libraryClassesProduced(m, 'aarch64').map((d) => [d.name, d.arch]),
      [
        ['MemLib', 'common'],
        ['MemLibExtra', 'common'],
        ['MemLib', 'AARCH64'],
      ],
    );
  });

  it('checks module types against one declaration, and BaseTools reads only the first', () => {
    const [common, extra, aarch64] = libraryClassesProduced(m, 'AARCH64') as [
      (typeof m.libraryClassDecls)[number],
      (typeof m.libraryClassDecls)[number],
      (typeof m.libraryClassDecls)[number],
    ];
    assert.equal(moduleSupports(common, 'SEC'), true);
    assert.equal(moduleSupports(extra, 'SEC'), false);
    assert.equal(moduleSupports(extra, 'UEFI_DRIVER'), true);
    assert.equal(moduleSupports(aarch64, 'SEC'), false);
    // The AARCH64 restriction comes second, so SEC still links the instance on AARCH64.
    assert.equal(libraryInstanceSupports(m, 'AARCH64', 'SEC'), true);
  });

  it('applies the first declaration, exempting USER_DEFINED and HOST_APPLICATION', () => {
    const peiOnly = parse(
      workspace({
        'L.inf': `[Defines]\nINF_VERSION=0x00010005\nBASE_NAME=L\nFILE_GUID=11111111-2222-3333-4444-555555555555\nMODULE_TYPE=PEIM\nLIBRARY_CLASS=L|PEIM PEI_CORE\n`,
      }),
      'L.inf',
    );
    assert.equal(libraryInstanceSupports(peiOnly, 'X64', 'PEIM'), true);
    assert.equal(libraryInstanceSupports(peiOnly, 'X64', 'DXE_DRIVER'), false);
    assert.equal(libraryInstanceSupports(peiOnly, 'X64', 'USER_DEFINED'), true);
    assert.equal(libraryInstanceSupports(peiOnly, 'X64', 'HOST_APPLICATION'), true);
    const driver = parse(ws, 'Pkg/MemLib/MemLibOpt.inf');
    assert.equal(libraryInstanceSupports({ ...driver, libraryClassDecls: [] }, 'X64', 'BASE'), false);
  });

  it('reports nothing', () => {
    assert.deepEqual(diagnostics(ws), []);
  });
});

describe('parseInf: bad input is reported with file and line, and parsing carries on', () => {
  const BAD = `DRIVER_NAME = Stray

[Defines]
  INF_VERSION = 0x00010005
  FILE_GUID   = 11111111-2222-3333-4444-555555555555
  FILE_GUID   = 22222222-2222-3333-4444-555555555555
  VERSION_STRING
  ENTRY_POINT = $(NOPE)
  EDK_GLOBAL X = 1
  DEFINE lower = 1
  LIBRARY_CLASS = Foo|PEIM DXE_DRVER

[Frobnicate]
  whatever

[Sources.X64.PEIM.Extra]
  Ignored.c

[Includes]
  Include

[Sources]
  Present.c
  Missing.c
  Gone/A.c
  Gone/Deeper/B.c

[Pcd]
  PcdWithoutTokenSpace
  gTok.PcdTwice

[FixedPcd]
  gTok.PcdTwice

[BuildOptions]
  GCC:*_*_CC_FLAGS = -O2

[Binaries]
  JustAFile.efi

[Packages]
  Nowhere/Nowhere.dec
  NotADec.txt

[LibraryClasses]
  BaseLib

/* never closed
[Guids]
  gSwallowed
`;

  const ws = workspace({ 'Pkg/Bad/Bad.inf': BAD, 'Pkg/Bad/Present.c': '', 'NotADec.txt': '' });
  const m = parse(ws, 'Pkg/Bad/Bad.inf');

  it('lists each problem once, sorted by line', () => {
    const f = 'Pkg/Bad/Bad.inf';
    assert.deepEqual(diagnostics(ws), [
      `warning CCG021 ${f}:1 content outside any section: DRIVER_NAME = Stray`,
      `error CCG023 ${f}:1 [Defines] has no BASE_NAME`,
      `error CCG023 ${f}:1 [Defines] has no MODULE_TYPE`,
      `warning CCG022 ${f}:6 FILE_GUID is defined again (first at line 5); the last value is used`,
      `error CCG021 ${f}:7 no value for VERSION_STRING in [Defines]`,
      `error CCG015 ${f}:8 macro $(NOPE) used in ENTRY_POINT is not defined`,
      `error CCG021 ${f}:9 EDK_GLOBAL can only be used in a .dsc file`,
      `error CCG021 ${f}:10 macro name 'lower' must match [A-Z][A-Z0-9_]*`,
      `warning CCG021 ${f}:11 LIBRARY_CLASS Foo lists unknown module type DXE_DRVER`,
      `error CCG020 ${f}:13 unknown section [Frobnicate]; its content is ignored`,
      `error CCG020 ${f}:16 [Sources.X64.PEIM.Extra] is not a valid section name; its content is ignored`,
      `error CCG020 ${f}:19 section [Includes] is not allowed in an INF with INF_VERSION 0x00010005; its content is ignored`,
      `warning CCG003 ${f}:24 source file Missing.c not found (Pkg/Bad/Missing.c)`,
      `warning CCG003 ${f}:25 2 source file(s) under Pkg/Bad/Gone/ not found: the folder holds no files (a git submodule not checked out?)`,
      `error CCG021 ${f}:29 PCD must be written <TokenSpaceGuidCName>.<PcdCName>: PcdWithoutTokenSpace`,
      `error CCG022 ${f}:33 gTok.PcdTwice is listed as FixedAtBuild here and as Pcd at line 30; a PCD may be listed under one PCD section type only`,
      `error CCG021 ${f}:36 '*_*_CC_FLAGS' must be in format of <TARGET>_<TOOLCHAIN>_<ARCH>_<TOOL>_FLAGS`,
      `error CCG021 ${f}:39 [Binaries] entry must be <FileType>|<FilePath>: JustAFile.efi`,
      `warning CCG003 ${f}:42 package Nowhere/Nowhere.dec not found`,
      `error CCG021 ${f}:43 [Packages] entry NotADec.txt is not a .dec file`,
      `error CCG021 ${f}:48 block comment /* is not closed by */`,
    ]);
  });

  it('still yields what could be read', () => {
    assert.equal(m.moduleType, '');
    assert.equal(m.baseName, '');
    assert.equal(m.fileGuid, '22222222-2222-3333-4444-555555555555');
    assert.equal(m.defines.get('ENTRY_POINT')?.value, '$(NOPE)');
    assert.deepEqual(
      m.sources.map((s) => s.path),
      ['Pkg/Bad/Present.c', 'Pkg/Bad/Missing.c', 'Pkg/Bad/Gone/A.c', 'Pkg/Bad/Gone/Deeper/B.c'],
    );
    assert.deepEqual(
      m.pcds.map((p) => `${p.kind}:${p.name}`),
      ['Pcd:PcdTwice', 'FixedAtBuild:PcdTwice'],
    );
    assert.deepEqual(
      m.packages.map((p) => p.path),
      ['Nowhere/Nowhere.dec', 'NotADec.txt'],
    );
    assert.deepEqual(
      m.libraryClasses.map((l) => l.name),
      ['BaseLib'],
    );
    assert.deepEqual(m.guids, []);
    assert.deepEqual(m.buildOptions, []);
    assert.deepEqual(
      m.libraryClassDecls.map((d) => [d.name, d.moduleTypes]),
      [['Foo', ['PEIM', 'DXE_DRVER']]],
    );
  });

  it('returns undefined only for a file that cannot be read', () => {
    assert.equal(parseInf(ws, 'Pkg/Bad/Absent.inf'), undefined);
    const empty = workspace({ 'E.inf': '' });
    const e = parseInf(empty, 'E.inf');
    assert.ok(e);
    assert.deepEqual(diagnostics(empty), [
      'error CCG023 E.inf:1 [Defines] has no BASE_NAME',
      'warning CCG023 E.inf:1 [Defines] has no FILE_GUID',
      'warning CCG023 E.inf:1 [Defines] has no INF_VERSION',
      'error CCG023 E.inf:1 [Defines] has no MODULE_TYPE',
    ]);
  });

  it('takes usage only from comment lines directly above an entry', () => {
    const uws = workspace({
      'U/U.inf':
        '[Defines]\nINF_VERSION=1.27\nBASE_NAME=U\nFILE_GUID=11111111-2222-3333-4444-555555555555\nMODULE_TYPE=BASE\n' +
        '[Protocols]\n  ## PRODUCES\n\n  gDetachedGuid\n  ## CONSUMES\n  # SOMETIMES_PRODUCES\n  gBothGuid ## CONSUMES\n  gNoneGuid\n',
    });
    assert.deepEqual(
      parseInf(uws, 'U/U.inf')?.protocols.map((p) => [p.name, p.usage]),
      [
        ['gDetachedGuid', ''],
        ['gBothGuid', 'CONSUMES SOMETIMES_PRODUCES'],
        ['gNoneGuid', ''],
      ],
    );
  });

  it('uses caller macros after the file’s own', () => {
    const mws = workspace({
      'M/M.inf':
        '[Defines]\nINF_VERSION=1.27\nBASE_NAME=M\nFILE_GUID=11111111-2222-3333-4444-555555555555\nMODULE_TYPE=BASE\nDEFINE OWN=Own\n[Sources]\n$(OWN)/a.c\n$(EXT)/b.c\n',
      'M/Own/a.c': '',
      'M/Ext/b.c': '',
    });
    const mm = parseInf(
      mws,
      'M/M.inf',
      new Map([
        ['EXT', 'Ext'],
        ['OWN', 'Ignored'],
      ]),
    );
    assert.deepEqual(
      mm?.sources.map((s) => s.path),
      ['M/Own/a.c', 'M/Ext/b.c'],
    );
    assert.deepEqual(diagnostics(mws), []);
  });
});
