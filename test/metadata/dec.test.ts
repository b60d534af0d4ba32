import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeGuid, PackageIndex, parseDec } from '../../src/metadata/dec.js';
import type { DecPackage } from '../../src/metadata/model.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { Workspace } from '../../src/workspace/workspace.js';

const BOM = '\ufeff';
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

function workspace(files: Record<string, string>): Workspace {
  return new Workspace([MemorySource.fromStrings('mem', files)]);
}

function diagnostics(ws: Workspace): string[] {
  return ws.diagnostics.sorted().map((d) => `${d.severity} ${d.code} ${d.file}:${d.line} ${d.message}`);
}

function parse(ws: Workspace, path: string): DecPackage {
  const p = parseDec(ws, path);
  assert.ok(p, `${path} parses`);
  return p;
}

const WIDGET_DEC = `## @file
#  A package that declares a little of everything.
##

[Defines]
  DEC_SPECIFICATION = 0x00010005
  PACKAGE_NAME      = WidgetPkg
  PACKAGE_GUID      = 0D7E4C3A-5F61-4B8E-A1C2-33D4E5F60718
  PACKAGE_VERSION   = 0.1
  DEFINE ARCH_INC   = Include/Arch

[Includes]
  Include

[Includes.X64]
  $(ARCH_INC)/X64

[Includes.common.Private]
  PrivateInclude

[LibraryClasses]
  ##  @libraryclass  Widgets for everyone.
  WidgetLib|Include/Library/WidgetLib.h

[LibraryClasses.X64.PEIM]
  WidgetPeiLib|Include/Library/WidgetPeiLib.h

[LibraryClasses.common.Private]
  WidgetInternalLib|PrivateInclude/Library/WidgetInternalLib.h

[Guids]
  gWidgetTokenSpaceGuid = { 0x0A1B2C3D, 0x4E5F, 0x6a7b, { 0x8C, 0x9d, 0x0E, 0x1F, 0x2a, 0x3B, 0x4c, 0x5D }}
  gWidgetShortGuid      = {0x1, 0x2, 0x3, {0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa, 0xb}}

[Guids.common.Private]
  gWidgetSecretGuid = { 0xDEADBEEF, 0x0001, 0x0002, { 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80 } }

[Protocols]
  gWidgetProtocolGuid = { 0x11111111, 0x2222, 0x3333, { 0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55 } }

[Ppis.X64]
  gWidgetPpiGuid = { 0x99999999, 0x8888, 0x7777, { 0x66, 0x66, 0x55, 0x55, 0x44, 0x44, 0x33, 0x33 } }

[PcdsFeatureFlag]
  gWidgetTokenSpaceGuid.PcdWidgetEnable|TRUE|BOOLEAN|0x00000001

[PcdsFixedAtBuild, PcdsPatchableInModule]
  ## The base of the widget window.
  # @Prompt Widget base
  gWidgetTokenSpaceGuid.PcdWidgetBase|0xFE000000|UINT32|0x00000002
  ## @Prompt Banner
  # @ValidList 0x80000001 | "Hi", "Hello"
  gWidgetTokenSpaceGuid.PcdWidgetBanner|L"a|b # not a comment"|VOID*|0x00000003
  gWidgetTokenSpaceGuid.PcdWidgetTable|{ 0x01, 0x02 }|VOID*|0x00000004

[PcdsFixedAtBuild.AARCH64, PcdsPatchableInModule.AARCH64]
  gWidgetTokenSpaceGuid.PcdWidgetBase|0x09000000|UINT32|0x00000002

[PcdsDynamic, PcdsDynamicEx]
  gWidgetTokenSpaceGuid.PcdWidgetMode|(0x1 | 0x2)|UINT8|0x00000005
  gWidgetTokenSpaceGuid.PcdWidgetConfig|{0x0}|WIDGET_CONFIG|0x00000006 {
    <HeaderFiles>
      Pcd/WidgetConfig.h
    <Packages>
      WidgetPkg/WidgetPkg.dec
  }
  gWidgetTokenSpaceGuid.PcdWidgetConfig.Speed|3
  gWidgetTokenSpaceGuid.PcdWidgetConfig[0]|0x1
  gWidgetTokenSpaceGuid.PcdWidgetLast|0|UINT16|0x00000007

[PcdsFixedAtBuild]
  gWidgetTokenSpaceGuid.PcdWidgetCode|{CODE({
    0x1, 0x2
  })}|VOID*|0x00000008

[UserExtensions.TianoCore."ExtraFiles"]
  WidgetPkgExtra.uni
`;

const WIDGET_FILES = {
  'WidgetPkg/WidgetPkg.dec': BOM + crlf(WIDGET_DEC),
  'WidgetPkg/Include/Library/WidgetLib.h': '',
  'WidgetPkg/Include/Library/WidgetPeiLib.h': '',
  'WidgetPkg/Include/Arch/X64/WidgetArch.h': '',
  'WidgetPkg/PrivateInclude/Library/WidgetInternalLib.h': '',
};

const at = (line: number) => ({ file: 'WidgetPkg/WidgetPkg.dec', line });

describe('parseDec: a package with every construct (CRLF, UTF-8 BOM)', () => {
  const ws = workspace(WIDGET_FILES);
  const p = parse(ws, 'WidgetPkg/WidgetPkg.dec');

  it('reads [Defines]', () => {
    assert.equal(p.path, 'WidgetPkg/WidgetPkg.dec');
    assert.equal(p.dir, 'WidgetPkg');
    assert.equal(p.name, 'WidgetPkg');
    assert.equal(p.guid, '0D7E4C3A-5F61-4B8E-A1C2-33D4E5F60718');
    assert.deepEqual(
      [...p.defines].map(([k, d]) => [k, d.value, d.origin.line]),
      [
        ['DEC_SPECIFICATION', '0x00010005', 6],
        ['PACKAGE_NAME', 'WidgetPkg', 7],
        ['PACKAGE_GUID', '0D7E4C3A-5F61-4B8E-A1C2-33D4E5F60718', 8],
        ['PACKAGE_VERSION', '0.1', 9],
      ],
    );
  });

  it('resolves include folders against the package, with macros and private scopes', () => {
    assert.deepEqual(p.includes, [
      { path: 'WidgetPkg/Include', arch: 'common', origin: at(13) },
      { path: 'WidgetPkg/Include/Arch/X64', arch: 'X64', origin: at(16) },
      { path: 'WidgetPkg/PrivateInclude', arch: 'common', isPrivate: true, origin: at(19) },
    ]);
  });

  it('reads library classes with arch and privacy', () => {
    assert.deepEqual(p.libraryClasses, [
      {
        name: 'WidgetLib',
        header: 'Include/Library/WidgetLib.h',
        arch: 'common',
        isPrivate: false,
        origin: at(23),
      },
      {
        name: 'WidgetPeiLib',
        header: 'Include/Library/WidgetPeiLib.h',
        arch: 'X64',
        isPrivate: false,
        origin: at(26),
      },
      {
        name: 'WidgetInternalLib',
        header: 'PrivateInclude/Library/WidgetInternalLib.h',
        arch: 'common',
        isPrivate: true,
        origin: at(29),
      },
    ]);
  });

  it('normalises GUID values to lower-case registry form', () => {
    assert.deepEqual(
      p.guids.map((g) => [g.name, g.value, g.arch, g.isPrivate]),
      [
        ['gWidgetTokenSpaceGuid', '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d', 'common', false],
        ['gWidgetShortGuid', '00000001-0002-0003-0405-060708090a0b', 'common', false],
        ['gWidgetSecretGuid', 'deadbeef-0001-0002-1020-304050607080', 'common', true],
      ],
    );
    assert.deepEqual(
      p.protocols.map((g) => [g.name, g.value, g.arch]),
      [['gWidgetProtocolGuid', '11111111-2222-3333-4444-555555555555', 'common']],
    );
    assert.deepEqual(
      p.ppis.map((g) => [g.name, g.value, g.arch]),
      [['gWidgetPpiGuid', '99999999-8888-7777-6666-555544443333', 'X64']],
    );
  });

  it('merges PCD kinds, keeps arch-specific defaults apart, and reads values with | inside', () => {
    assert.deepEqual(
      p.pcds.map((x) => [x.name, x.defaultValue, x.datumType, x.token, x.kinds, x.arch, x.origin.line]),
      [
        ['PcdWidgetEnable', 'TRUE', 'BOOLEAN', '0x00000001', ['FeatureFlag'], 'common', 45],
        [
          'PcdWidgetBase',
          '0xFE000000',
          'UINT32',
          '0x00000002',
          ['FixedAtBuild', 'PatchableInModule'],
          'common',
          50,
        ],
        [
          'PcdWidgetBanner',
          'L"a|b # not a comment"',
          'VOID*',
          '0x00000003',
          ['FixedAtBuild', 'PatchableInModule'],
          'common',
          53,
        ],
        [
          'PcdWidgetTable',
          '{ 0x01, 0x02 }',
          'VOID*',
          '0x00000004',
          ['FixedAtBuild', 'PatchableInModule'],
          'common',
          54,
        ],
        [
          'PcdWidgetBase',
          '0x09000000',
          'UINT32',
          '0x00000002',
          ['FixedAtBuild', 'PatchableInModule'],
          'AARCH64',
          57,
        ],
        ['PcdWidgetMode', '(0x1 | 0x2)', 'UINT8', '0x00000005', ['Dynamic', 'DynamicEx'], 'common', 60],
        ['PcdWidgetConfig', '{0x0}', 'WIDGET_CONFIG', '0x00000006', ['Dynamic', 'DynamicEx'], 'common', 61],
        ['PcdWidgetLast', '0', 'UINT16', '0x00000007', ['Dynamic', 'DynamicEx'], 'common', 69],
        ['PcdWidgetCode', '{CODE({    0x1, 0x2  })}', 'VOID*', '0x00000008', ['FixedAtBuild'], 'common', 72],
      ],
    );
    assert.ok(p.pcds.every((x) => x.tokenSpace === 'gWidgetTokenSpaceGuid'));
  });

  it('reports nothing for a clean package', () => {
    assert.deepEqual(diagnostics(ws), []);
  });
});

describe('normalizeGuid', () => {
  it('reads C-struct and registry forms, refuses anything else', () => {
    assert.equal(
      normalizeGuid('{0xA, 0xB, 0xC, {0xD, 0xE, 0xF, 0x10, 0x11, 0x12, 0x13, 0x14}}'),
      '0000000a-000b-000c-0d0e-0f1011121314',
    );
    assert.equal(
      normalizeGuid('AABBCCDD-1122-3344-5566-778899AABBCC'),
      'aabbccdd-1122-3344-5566-778899aabbcc',
    );
    assert.equal(normalizeGuid('{0x1, 0x2, 0x3, {0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa}}'), undefined);
    assert.equal(normalizeGuid('{1, 0x2, 0x3, {0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa, 0xb}}'), undefined);
    assert.equal(
      normalizeGuid('{0x123456789, 0x2, 0x3, {0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa, 0xb}}'),
      undefined,
    );
    assert.equal(normalizeGuid('gSomeGuid'), undefined);
    assert.equal(normalizeGuid('{0x1, 0x2, 0x3, {0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa, 0xb}} junk'), undefined);
    assert.equal(
      normalizeGuid('{0X1,0x2,0x3,{0x4,0x5,0x6,0x7,0x8,0x9,0xA,0xB}};'),
      '00000001-0002-0003-0405-060708090a0b',
    );
  });
});

const CORE_DEC = `[Defines]
  DEC_SPECIFICATION = 0x00010005
  PACKAGE_NAME      = CorePkg
  PACKAGE_GUID      = 11111111-0000-0000-0000-000000000000

[LibraryClasses]
  WidgetLib|Include/Library/CoreWidgetLib.h

[Guids]
  gCoreTokenSpaceGuid = { 0x22222222, 0x0, 0x0, { 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x1 } }
  gWidgetAliasGuid    = { 0x11111111, 0x2222, 0x3333, { 0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55 } }

[PcdsFixedAtBuild]
  gCoreTokenSpaceGuid.PcdWidgetBase|0x1000|UINT32|0x1
`;

describe('PackageIndex', () => {
  const ws = workspace({ ...WIDGET_FILES, 'CorePkg/CorePkg.dec': CORE_DEC });
  const index = PackageIndex.fromWorkspace(ws);

  it('lists the packages sorted by path', () => {
    assert.deepEqual(
      index.packages.map((p) => p.path),
      ['CorePkg/CorePkg.dec', 'WidgetPkg/WidgetPkg.dec'],
    );
    assert.equal(index.package('WidgetPkg/WidgetPkg.dec')?.name, 'WidgetPkg');
    assert.equal(index.package('Nope.dec'), undefined);
  });

  it('finds the packages declaring a library class, with the header as a workspace path', () => {
    assert.deepEqual(
      index.libraryClass('WidgetLib').map((d) => [d.package.name, d.header]),
      [
        ['CorePkg', 'CorePkg/Include/Library/CoreWidgetLib.h'],
        ['WidgetPkg', 'WidgetPkg/Include/Library/WidgetLib.h'],
      ],
    );
    const inOrder = index.libraryClass('WidgetLib', {
      packages: ['WidgetPkg/WidgetPkg.dec', 'CorePkg/CorePkg.dec'],
    });
    assert.deepEqual(
      inOrder.map((d) => d.package.name),
      ['WidgetPkg', 'CorePkg'],
    );
    assert.equal(index.libraryClass('WidgetPeiLib', { arch: 'IA32' }).length, 0);
    assert.equal(index.libraryClass('WidgetPeiLib', { arch: 'x64' }).length, 1);
    assert.equal(index.libraryClass('WidgetInternalLib', { from: 'OtherPkg/Foo/Foo.inf' }).length, 0);
    assert.equal(index.libraryClass('WidgetInternalLib', { from: 'WidgetPkg/Foo/Foo.inf' }).length, 1);
    assert.deepEqual(index.libraryClass('NoSuchLib'), []);
  });

  it('finds a PCD declaration, preferring the arch-specific one, token space optional', () => {
    const base = (arch?: string) =>
      index.pcd('gWidgetTokenSpaceGuid', 'PcdWidgetBase', arch ? { arch } : {})?.pcd.defaultValue;
    assert.equal(base(), '0xFE000000');
    assert.equal(base('X64'), '0xFE000000');
    assert.equal(base('AARCH64'), '0x09000000');
    assert.equal(index.pcd(undefined, 'PcdWidgetBase')?.package.name, 'CorePkg');
    assert.equal(
      index.pcd(undefined, 'PcdWidgetBase', { packages: ['WidgetPkg/WidgetPkg.dec'] })?.pcd.tokenSpace,
      'gWidgetTokenSpaceGuid',
    );
    assert.equal(index.pcdDefault('gWidgetTokenSpaceGuid', 'PcdWidgetBase', 'AARCH64'), '0x09000000');
    assert.equal(index.pcdDefault('gCoreTokenSpaceGuid', 'PcdWidgetBase'), '0x1000');
    assert.equal(index.pcdDefault('gWidgetTokenSpaceGuid', 'PcdNone'), undefined);
  });

  it('finds GUIDs, protocols and PPIs by C name and by value', () => {
    const proto = index.guid('gWidgetProtocolGuid');
    assert.deepEqual(
      [proto?.kind, proto?.package.name, proto?.declaration.value],
      ['protocol', 'WidgetPkg', '11111111-2222-3333-4444-555555555555'],
    );
    assert.equal(index.guid('gWidgetProtocolGuid', { kind: 'guid' }), undefined);
    assert.equal(index.guid('gWidgetPpiGuid', { arch: 'IA32' }), undefined);
    assert.equal(index.guid('gWidgetPpiGuid', { arch: 'X64' })?.kind, 'ppi');
    assert.equal(index.guid('gWidgetSecretGuid', { from: 'CorePkg/X/X.inf' }), undefined);
    assert.equal(index.guid('gWidgetSecretGuid', { from: 'WidgetPkg/X/X.inf' })?.declaration.isPrivate, true);
    assert.deepEqual(
      index.guidsWithValue('11111111-2222-3333-4444-555555555555').map((g) => [g.declaration.name, g.kind]),
      [
        ['gWidgetAliasGuid', 'guid'],
        ['gWidgetProtocolGuid', 'protocol'],
      ],
    );
  });
});

describe('parseDec: bad input', () => {
  const BAD = `gStray.PcdBeforeSections|0|UINT8|0x1

[Defines]
  PACKAGE_NAME = BadPkg
  PACKAGE_NAME = BadPkgAgain

[Defines]

[Includes.common.Secret]
  Include

[Guids, Protocols]
  gMixedGuid = { 0x1, 0x2, 0x3, { 0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa, 0xb } }

[Guids.X64.Private, Guids.IA32]
  gHalfPrivateGuid = { 0x1, 0x2, 0x3, { 0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa, 0xb } }

[Guids]
  gShortGuid = { 0x1, 0x2, 0x3, { 0x4, 0x5 } }
  gRegistryGuid = 01234567-89AB-CDEF-0123-456789ABCDEF
  gNoValueGuid
  gBothGuid = { 0x1, 0x2, 0x3, { 0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa, 0xb } }

[Guids.common.Private]
  gBothGuid = { 0x1, 0x2, 0x3, { 0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa, 0xb } }

[LibraryClasses]
  NoHeaderLib
  GhostLib|Include/Library/GhostLib.h
  TwiceLib|Include/TwiceA.h
  TwiceLib|Include/TwiceB.h

[PcdsFeatureFlag, PcdsFixedAtBuild]
  gTok.PcdIgnored|FALSE|BOOLEAN|0x1

[PcdsFixedAtBuild]
  gTok.PcdTwoFields|0x1|UINT8
  PcdNoTokenSpace|0x1|UINT8|0x2
  gTok.1Bad|0x1|UINT8|0x3
  gTok.PcdNoDatum
  gTok.PcdNoDefault||UINT8|0x4
  gTok.PcdOnce|0x1|UINT8|0x5
  gTok.PcdOnce|0x2|UINT8|0x5

[Widgets]
  whatever

[UserExtensions.Acme."Stuff"]
  [[ not a header ]] | nor = anything
`;

  const ws = workspace({
    'BadPkg/BadPkg.dec': BAD,
    'BadPkg/Include/TwiceA.h': '',
    'BadPkg/Include/TwiceB.h': '',
  });
  const p = parse(ws, 'BadPkg/BadPkg.dec');
  const f = 'BadPkg/BadPkg.dec';

  it('reports each problem with its line', () => {
    assert.deepEqual(diagnostics(ws), [
      `error CCG021 ${f}:1 content outside any section: gStray.PcdBeforeSections|0|UINT8|0x1`,
      `error CCG023 ${f}:1 [Defines] has no PACKAGE_GUID`,
      `warning CCG022 ${f}:5 PACKAGE_NAME is defined again (first at line 4); the last value is used`,
      `error CCG022 ${f}:7 a second [Defines] section`,
      `error CCG021 ${f}:9 use the keyword Private as section tag modifier: [Includes.common.Secret]; its content is ignored`,
      `error CCG021 ${f}:12 different section names in one header [Guids, Protocols]; its content is ignored`,
      `error CCG021 ${f}:15 private and public scopes mixed in [Guids.X64.Private, Guids.IA32]; its content is ignored`,
      `error CCG021 ${f}:19 invalid GUID value format for gShortGuid: { 0x1, 0x2, 0x3, { 0x4, 0x5 } }`,
      `error CCG021 ${f}:20 invalid GUID value format for gRegistryGuid: 01234567-89AB-CDEF-0123-456789ABCDEF`,
      `error CCG021 ${f}:21 GUID must be written <CName> = <GuidValueInCFormat>: gNoValueGuid`,
      `error CCG022 ${f}:25 gBothGuid is declared both private and public`,
      `error CCG021 ${f}:28 library class must be written <ClassName>|<HeaderFile>: NoHeaderLib`,
      `warning CCG003 ${f}:29 header Include/Library/GhostLib.h of library class GhostLib not found`,
      `info CCG022 ${f}:31 library class TwiceLib is declared again with header Include/TwiceB.h (first Include/TwiceA.h at line 30); BaseTools uses the last`,
      `error CCG021 ${f}:33 PcdsFeatureFlag must not share a header with other PCD kinds: [PcdsFeatureFlag, PcdsFixedAtBuild]; its content is ignored`,
      `error CCG021 ${f}:37 PCD gTok.PcdTwoFields must have <DefaultValue>|<DatumType>|<Token>, found 2 field(s)`,
      `error CCG021 ${f}:38 PCD must be written <TokenSpaceGuidCName>.<PcdCName>|…: PcdNoTokenSpace|0x1|UINT8|0x2`,
      `error CCG021 ${f}:39 invalid token space or PCD C name: gTok.1Bad`,
      `error CCG021 ${f}:40 no datum information for gTok.PcdNoDatum`,
      `error CCG021 ${f}:41 missing DefaultValue for PCD gTok.PcdNoDefault`,
      `error CCG022 ${f}:43 gTok.PcdOnce is already declared in this section kind at line 42`,
      `error CCG020 ${f}:45 unknown section [Widgets]; its content is ignored`,
    ]);
  });

  it('keeps what is well-formed', () => {
    assert.equal(p.name, 'BadPkgAgain');
    assert.equal(p.guid, '');
    assert.deepEqual(p.includes, []);
    assert.deepEqual(
      p.guids.map((g) => [g.name, g.value, g.isPrivate]),
      [
        ['gShortGuid', '{ 0x1, 0x2, 0x3, { 0x4, 0x5 } }', false],
        ['gRegistryGuid', '01234567-89ab-cdef-0123-456789abcdef', false],
        ['gBothGuid', '00000001-0002-0003-0405-060708090a0b', false],
        ['gBothGuid', '00000001-0002-0003-0405-060708090a0b', true],
      ],
    );
    assert.deepEqual(
      p.libraryClasses.map((c) => [c.name, c.header]),
      [
        ['GhostLib', 'Include/Library/GhostLib.h'],
        ['TwiceLib', 'Include/TwiceA.h'],
        ['TwiceLib', 'Include/TwiceB.h'],
      ],
    );
    assert.deepEqual(
      p.pcds.map((x) => [x.name, x.defaultValue]),
      [['PcdOnce', '0x1']],
    );
  });

  it('reports a missing [Defines] section and returns undefined for an unreadable file', () => {
    const w = workspace({ 'N/N.dec': '[Guids]\n' });
    parse(w, 'N/N.dec');
    assert.deepEqual(diagnostics(w), ['error CCG023 N/N.dec:1 no [Defines] section']);
    assert.equal(parseDec(w, 'N/Missing.dec'), undefined);
  });
});
