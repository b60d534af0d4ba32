import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FdfParseOptions, parseFdf } from '../../src/metadata/fdf.js';
import type { FdfFlash } from '../../src/metadata/model.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { Workspace } from '../../src/workspace/workspace.js';

function parse(files: Record<string, string>, options: FdfParseOptions = {}, path = 'Plat/Plat.fdf') {
  const ws = new Workspace([MemorySource.fromStrings('mem', files)]);
  const fdf = parseFdf(ws, path, options);
  const diags = ws.diagnostics
    .sorted()
    .map((d) => `${d.severity} ${d.code} ${d.file}:${d.line ?? 0} ${d.message}`);
  return { fdf, diags };
}

const infs = (...paths: string[]) => Object.fromEntries(paths.map((p) => [p, '[Defines]\n']));
const sets = (fdf: FdfFlash) =>
  fdf.pcdSets.map((s) => `${s.tokenSpace}.${s.name}=${s.value} @${s.origin.file}:${s.origin.line}`);

describe('parseFdf: [Defines], [FD.*], SET and region PCDs', () => {
  const files = {
    'Plat/Plat.fdf': `[Defines]
DEFINE BLOCK_SIZE = 0x1000
!if $(FD_SIZE_IN_KB) == 1024
DEFINE FW_BASE_ADDRESS = 0xFFF00000
DEFINE FW_SIZE = 0x00100000
!else
DEFINE FW_BASE_ADDRESS = 0xFFC00000
DEFINE FW_SIZE = 0x00400000
!endif
SET gTok.PcdFdBase = $(FW_BASE_ADDRESS)
SET gTok.PcdFtwBase = gTok.PcdFdBase + $(BLOCK_SIZE) * 2

[FD.OVMF]
BaseAddress   = $(FW_BASE_ADDRESS)|gTok.PcdFdBaseAddress
Size          = $(FW_SIZE)
ErasePolarity = 1
BlockSize     = $(BLOCK_SIZE)
NumBlocks     = 0x100

0x00000000|0x0000e000
DATA = {
  0x00, 0x01,
!if $(FD_SIZE_IN_KB) == 1024
  0x02,
!endif
  0x03
}

0x0000e000|$(BLOCK_SIZE)
gTok.PcdVarBase|gTok.PcdVarSize

0x10000|0xE0000
FV = FVMAIN

0xF0000|0x10000
FILE = Plat/Microcode.bin

!include Plat/MemFd.fdf.inc
`,
    'Plat/MemFd.fdf.inc': `[FD.MEMFD]
BaseAddress   = 0x800000
Size          = 0x100000

0x000000|0x006000
gTok.PcdPageTablesBase|gTok.PcdPageTablesSize

0x00B000|0x001000
gTok.PcdWorkAreaBase|gTok.PcdWorkAreaSize

0x010000|0x0F0000
gTok.PcdPeiMemFvBase|gTok.PcdPeiMemFvSize
FV = PEIFV

SET gTok.PcdSevEsWorkAreaBase = $(MEMFD_BASE) + gTok.PcdWorkAreaBase + gTok.PcdCcHeader
!if gTok.PcdWorkAreaBase == 0xB000
SET gTok.PcdSeen = TRUE
!endif
`,
  };
  const options: FdfParseOptions = {
    macros: new Map([
      ['FD_SIZE_IN_KB', '1024'],
      ['MEMFD_BASE', '0x800000'],
    ]),
    pcd: (ts, name) => (ts === 'gTok' && name === 'PcdCcHeader' ? '4' : undefined),
  };

  it('reads DEFINEs and SETs of [Defines], with arithmetic and the DSC macros', () => {
    const { fdf, diags } = parse(files, options);
    assert.deepEqual(diags, []);
    assert.deepEqual(
      [...fdf.defines].map(([k, v]) => `${k}=${v.value}@${v.origin.line}`),
      ['BLOCK_SIZE=0x1000@2', 'FW_BASE_ADDRESS=0xFFF00000@4', 'FW_SIZE=0x00100000@5'],
    );
    assert.deepEqual(fdf.files, ['Plat/Plat.fdf', 'Plat/MemFd.fdf.inc']);
  });

  it('reads FD attributes, regions with offsets, sizes, PCD pairs and content, also from an include', () => {
    const { fdf } = parse(files, options);
    assert.deepEqual(
      fdf.fds.map((fd) => ({
        name: fd.name,
        at: `${fd.origin.file}:${fd.origin.line}`,
        attributes: Object.fromEntries(fd.attributes),
        regions: fd.regions.map(
          (r) =>
            `${r.offset}|${r.size} ${r.pcdOffset ? `${r.pcdOffset.tokenSpace}.${r.pcdOffset.name}` : '-'}|${r.pcdSize ? r.pcdSize.name : '-'} '${r.content}' @${r.origin.file}:${r.origin.line}`,
        ),
      })),
      [
        {
          name: 'OVMF',
          at: 'Plat/Plat.fdf:13',
          attributes: {
            BaseAddress: '0xFFF00000',
            Size: '0x00100000',
            ErasePolarity: '1',
            BlockSize: '0x1000',
            NumBlocks: '0x100',
          },
          regions: [
            "0x0|0xE000 -|- 'DATA = { 0x00, 0x01, 0x02, 0x03 }' @Plat/Plat.fdf:20",
            "0xE000|0x1000 gTok.PcdVarBase|PcdVarSize '' @Plat/Plat.fdf:29",
            "0x10000|0xE0000 -|- 'FV = FVMAIN' @Plat/Plat.fdf:32",
            "0xF0000|0x10000 -|- 'FILE = Plat/Microcode.bin' @Plat/Plat.fdf:35",
          ],
        },
        {
          name: 'MEMFD',
          at: 'Plat/MemFd.fdf.inc:1',
          attributes: { BaseAddress: '0x800000', Size: '0x100000' },
          regions: [
            "0x0|0x6000 gTok.PcdPageTablesBase|PcdPageTablesSize '' @Plat/MemFd.fdf.inc:5",
            "0xB000|0x1000 gTok.PcdWorkAreaBase|PcdWorkAreaSize '' @Plat/MemFd.fdf.inc:8",
            "0x10000|0xF0000 gTok.PcdPeiMemFvBase|PcdPeiMemFvSize 'FV = PEIFV' @Plat/MemFd.fdf.inc:11",
          ],
        },
      ],
    );
  });

  it('records SETs, FD shortcut PCDs and region PCDs in order; expressions see region offsets within the FD', () => {
    const { fdf } = parse(files, options);
    assert.deepEqual(sets(fdf), [
      'gTok.PcdFdBase=0xFFF00000 @Plat/Plat.fdf:10',
      'gTok.PcdFtwBase=0xFFF02000 @Plat/Plat.fdf:11',
      'gTok.PcdFdBaseAddress=0xFFF00000 @Plat/Plat.fdf:14',
      'gTok.PcdVarBase=0xFFF0E000 @Plat/Plat.fdf:30',
      'gTok.PcdVarSize=0x00001000 @Plat/Plat.fdf:30',
      'gTok.PcdPageTablesBase=0x00800000 @Plat/MemFd.fdf.inc:6',
      'gTok.PcdPageTablesSize=0x00006000 @Plat/MemFd.fdf.inc:6',
      'gTok.PcdWorkAreaBase=0x0080B000 @Plat/MemFd.fdf.inc:9',
      'gTok.PcdWorkAreaSize=0x00001000 @Plat/MemFd.fdf.inc:9',
      'gTok.PcdPeiMemFvBase=0x00810000 @Plat/MemFd.fdf.inc:12',
      'gTok.PcdPeiMemFvSize=0x000F0000 @Plat/MemFd.fdf.inc:12',
      'gTok.PcdSevEsWorkAreaBase=0x80B004 @Plat/MemFd.fdf.inc:15',
      'gTok.PcdSeen=TRUE @Plat/MemFd.fdf.inc:17',
    ]);
  });

  it('takes the other branch when the DSC macro differs', () => {
    const { fdf } = parse(files, {
      ...options,
      macros: new Map([
        ['FD_SIZE_IN_KB', '4096'],
        ['MEMFD_BASE', '0'],
      ]),
    });
    assert.equal(fdf.defines.get('FW_BASE_ADDRESS')?.value, '0xFFC00000');
    assert.equal(fdf.fds[0]?.regions[0]?.content, 'DATA = { 0x00, 0x01, 0x03 }');
  });
});

describe('parseFdf: [FV.*]', () => {
  const files = {
    'Plat/Plat.fdf': `[Defines]
DEFINE UP_CPU_PEI_GUID = 280251c4-1d09-4035-9062-839acb5f18c1

[FV.SECFV]
FvNameGuid  = 763BED0D-DE9F-48F5-81F1-3E90E1B1A015
BlockSize   = 0x1000
FvAlignment = 16
INF  Plat/Sec/SecMain.inf
INF  RuleOverride=RESET_VECTOR Plat/ResetVector/ResetVector.inf

[FV.PEIFV]
APRIORI PEI {
  INF  Pkg/Pcd/Pei/Pcd.inf
}
INF  Pkg/CpuMpPei/CpuMpPei.inf
INF  FILE_GUID = $(UP_CPU_PEI_GUID) Pkg/CpuMpPei/CpuMpPei.inf
INF  USE = X64 RuleOverride = ACPITABLE Plat/Acpi/Acpi.inf | RELOCS_STRIPPED

[FV.DXEFV]
APRIORI DXE {
  INF  Pkg/Pcd/Dxe/Pcd.inf
!if gTok.PcdSmmRequire == FALSE
  INF  Plat/Fvb/Fvb.inf
!endif
  FILE FREEFORM = 11111111-2222-3333-4444-555555555555 {
    SECTION RAW = Plat/Blob.bin
  }
}
INF  Pkg/Dxe/DxeMain.inf
FILE DRIVER = 5D695E11-9B3F-4b83-B25F-4A8D5D69BE07 {
  SECTION PE32 = Intel3.5/EFIX64/E3522X2.EFI
}
FILE FREEFORM = PCD(gTok.PcdLogoFile) Align=4K {
  SECTION RAW = $(WORKSPACE)/Plat/Logo.bmp
  SECTION UI = "Logo"
}
FILE RAW = 7E374E25-8E01-4FEE-87F2-390C23C606CD { Plat/Raw1.bin Align = 16 Plat/Raw2.bin }

[FV.FVMAIN_COMPACT]
FILE FV_IMAGE = 9E21FD93-9C72-4c15-8C4B-E77F1DB2D792 {
   SECTION GUIDED EE4E5898-3914-4259-9D6E-DC7BD79403CF PROCESSING_REQUIRED = TRUE {
     SECTION FV_IMAGE = PEIFV
     SECTION FV_IMAGE = DXEFV
   }
 }

[FV.NCCFV]
INF  Plat/Ncc/Ncc.inf
`,
    ...infs(
      'Plat/Sec/SecMain.inf',
      'Plat/ResetVector/ResetVector.inf',
      'Pkg/Pcd/Pei/Pcd.inf',
      'Pkg/CpuMpPei/CpuMpPei.inf',
      'Plat/Acpi/Acpi.inf',
      'Pkg/Pcd/Dxe/Pcd.inf',
      'Plat/Fvb/Fvb.inf',
      'Pkg/Dxe/DxeMain.inf',
      'Plat/Ncc/Ncc.inf',
    ),
    'Plat/Blob.bin': 'x',
    'Plat/Logo.bmp': 'x',
  };
  const options: FdfParseOptions = {
    pcd: (ts, name) =>
      ts === 'gTok' && name === 'PcdSmmRequire'
        ? 'FALSE'
        : name === 'PcdLogoFile'
          ? '7BB28B99-61BB-11D5-9A5D-0090273FC14D'
          : undefined,
  };

  it('reads INF statements with their options, APRIORI blocks (with !if inside) and FV attributes', () => {
    const { fdf, diags } = parse(files, options);
    assert.deepEqual(diags, []);
    assert.deepEqual(
      fdf.fvs.map((fv) => ({
        name: fv.name,
        attributes: Object.fromEntries(fv.attributes),
        infs: fv.infs.map(
          (i) =>
            `${i.apriori ? 'APRIORI ' : ''}${i.inf}${[...i.options].map(([k, v]) => ` ${k}=${v}`).join('')} @${i.origin.line}`,
        ),
      })),
      [
        {
          name: 'SECFV',
          attributes: {
            FvNameGuid: '763BED0D-DE9F-48F5-81F1-3E90E1B1A015',
            BlockSize: '0x1000',
            FvAlignment: '16',
          },
          infs: ['Plat/Sec/SecMain.inf @8', 'Plat/ResetVector/ResetVector.inf RULEOVERRIDE=RESET_VECTOR @9'],
        },
        {
          name: 'PEIFV',
          attributes: {},
          infs: [
            'APRIORI Pkg/Pcd/Pei/Pcd.inf @13',
            'Pkg/CpuMpPei/CpuMpPei.inf @15',
            'Pkg/CpuMpPei/CpuMpPei.inf FILE_GUID=280251c4-1d09-4035-9062-839acb5f18c1 @16',
            'Plat/Acpi/Acpi.inf USE=X64 RULEOVERRIDE=ACPITABLE RELOCS_STRIPPED=TRUE @17',
          ],
        },
        {
          name: 'DXEFV',
          attributes: {},
          infs: [
            'APRIORI Pkg/Pcd/Dxe/Pcd.inf @21',
            'APRIORI Plat/Fvb/Fvb.inf @23',
            'Pkg/Dxe/DxeMain.inf @29',
          ],
        },
        { name: 'FVMAIN_COMPACT', attributes: {}, infs: [] },
        { name: 'NCCFV', attributes: {}, infs: ['Plat/Ncc/Ncc.inf @48'] },
      ],
    );
  });

  it('reads FILE statements, one-line and multi-line, with the files they pack', () => {
    const { fdf } = parse(files, options);
    assert.deepEqual(
      fdf.fvs.flatMap((fv) =>
        fv.files.map(
          (f) =>
            `${fv.name} ${f.apriori ? 'APRIORI ' : ''}${f.type} ${f.nameGuid}${[...f.options].map(([k, v]) => ` ${k}=${v}`).join('')} [${f.contents.join(', ')}] @${f.origin.line}`,
        ),
      ),
      [
        'DXEFV APRIORI FREEFORM 11111111-2222-3333-4444-555555555555 [Plat/Blob.bin] @25',
        'DXEFV DRIVER 5D695E11-9B3F-4b83-B25F-4A8D5D69BE07 [Intel3.5/EFIX64/E3522X2.EFI] @30',
        'DXEFV FREEFORM 7BB28B99-61BB-11D5-9A5D-0090273FC14D ALIGN=4K [Plat/Logo.bmp] @33',
        'DXEFV RAW 7E374E25-8E01-4FEE-87F2-390C23C606CD [Plat/Raw1.bin, Plat/Raw2.bin] @37',
        'FVMAIN_COMPACT FV_IMAGE 9E21FD93-9C72-4c15-8C4B-E77F1DB2D792 [] @40',
      ],
    );
  });

  it('drops the APRIORI INF of an inactive branch', () => {
    const { fdf } = parse(files, { pcd: (_ts, name) => (name === 'PcdSmmRequire' ? 'TRUE' : undefined) });
    assert.deepEqual(
      fdf.fvs[2]?.infs.map((i) => i.inf),
      ['Pkg/Pcd/Dxe/Pcd.inf', 'Pkg/Dxe/DxeMain.inf'],
    );
  });
});

describe('parseFdf: [Rule.*], [Capsule.*], [OptionRom.*]', () => {
  it('keeps rules with 3 or 4 header parts and their bodies unexpanded, capsule bodies, and skips option ROMs', () => {
    const { fdf, diags } = parse({
      'Plat/Plat.fdf': `[Rule.Common.SEC]
  FILE SEC = $(NAMED_GUID) RELOCS_STRIPPED FIXED {
    TE  TE Align = Auto    $(INF_OUTPUT)/$(MODULE_NAME).efi
  }

[Rule.Common.USER_DEFINED.RESET_VECTOR]
  FILE RAW = $(NAMED_GUID) {
    RAW BIN   Align = 16   |.bin
  }

[Capsule.Update]
  CAPSULE_GUID = 3B6686BD-0D76-4030-B70E-B5519E2FC5A0
  FV = FVMAIN

[OptionRom.Driver]
  INF Plat/Missing.inf
`,
    });
    assert.deepEqual(diags, []);
    assert.deepEqual(
      fdf.rules.map((r) => ({ ...r, origin: `${r.origin.file}:${r.origin.line}` })),
      [
        {
          name: 'Common.SEC',
          arch: 'COMMON',
          moduleType: 'SEC',
          templateName: '',
          body: [
            'FILE SEC = $(NAMED_GUID) RELOCS_STRIPPED FIXED {',
            'TE  TE Align = Auto    $(INF_OUTPUT)/$(MODULE_NAME).efi',
            '}',
          ],
          origin: 'Plat/Plat.fdf:1',
        },
        {
          name: 'Common.USER_DEFINED.RESET_VECTOR',
          arch: 'COMMON',
          moduleType: 'USER_DEFINED',
          templateName: 'RESET_VECTOR',
          body: ['FILE RAW = $(NAMED_GUID) {', 'RAW BIN   Align = 16   |.bin', '}'],
          origin: 'Plat/Plat.fdf:6',
        },
      ],
    );
    assert.deepEqual(fdf.capsules, [
      {
        name: 'UPDATE',
        body: ['CAPSULE_GUID = 3B6686BD-0D76-4030-B70E-B5519E2FC5A0', 'FV = FVMAIN'],
        origin: { file: 'Plat/Plat.fdf', line: 11 },
      },
    ]);
  });
});

describe('parseFdf: macro precedence', () => {
  it('an FDF DEFINE beats the DSC macros; command-line and built-in macros beat the FDF', () => {
    const { fdf } = parse(
      {
        'Plat/Plat.fdf':
          '[Defines]\nDEFINE A = fdf\nDEFINE B = fdf\nDEFINE C = fdf\n[FV.X]\nFvNameString = $(A) $(B) $(C) $(D)\n',
      },
      {
        macros: new Map([
          ['A', 'dsc'],
          ['D', 'dsc'],
        ]),
        defines: { B: 'cmdline' },
        builtins: { C: 'builtin' },
      },
    );
    assert.equal(fdf.fvs[0]?.attributes.get('FvNameString'), 'fdf cmdline builtin dsc');
  });
});

describe('parseFdf: bad input', () => {
  it('reports each problem with file and line and keeps going', () => {
    const { fdf, diags } = parse({
      'Plat/Plat.fdf': `INF Plat/A.inf
[FD]
[FD.X]
FV = TOO_EARLY
Size = 0x1000|NotAPcd
0x0|0x1000
FV = A
FV = B
Size = 0x2000
what is this
[FV.Y]
INF Plat/A.txt
INF Plat/Missing.inf
INF Plat/A.inf extra
INF BOGUS = 1 Plat/A.inf | KEEP
}
APRIORI SMM {
FILE RAW = 11111111-2222-3333-4444-555555555555
just words
APRIORI PEI {
FILE RAW = 11111111-2222-3333-4444-555555555555 {
  Plat/A.bin
[FV.Y]
INF $(NOPE)/A.inf
[Rule.Common]
[Bogus.X]
`,
      'Plat/A.inf': '[Defines]\n',
    });
    assert.deepEqual(diags, [
      'error CCG021 Plat/Plat.fdf:1 statement outside any section',
      'error CCG021 Plat/Plat.fdf:2 [FD] needs a name',
      'error CCG021 Plat/Plat.fdf:4 region content before any offset|size: FV = TOO_EARLY',
      "error CCG021 Plat/Plat.fdf:5 expected TokenSpace.PcdName after '|': NotAPcd",
      'error CCG021 Plat/Plat.fdf:8 second content for one region: FV = B',
      'error CCG021 Plat/Plat.fdf:9 FD attribute Size after the first region',
      'error CCG021 Plat/Plat.fdf:10 unexpected statement in [FD.X]: what is this',
      'error CCG021 Plat/Plat.fdf:12 expected an .inf path in INF statement: INF Plat/A.txt',
      'warning CCG003 Plat/Plat.fdf:13 INF Plat/Missing.inf not found',
      'error CCG021 Plat/Plat.fdf:14 unexpected text after INF path: extra',
      'warning CCG021 Plat/Plat.fdf:15 unknown INF option BOGUS',
      "error CCG021 Plat/Plat.fdf:15 unknown reloc flag 'KEEP'",
      "error CCG021 Plat/Plat.fdf:16 '}' without a block",
      'error CCG021 Plat/Plat.fdf:17 expected APRIORI PEI|DXE {: APRIORI SMM {',
      "error CCG021 Plat/Plat.fdf:18 FILE statement without '{ … }'",
      'error CCG021 Plat/Plat.fdf:19 unexpected statement in [FV.Y]: just words',
      'error CCG021 Plat/Plat.fdf:20 APRIORI block is not closed',
      "error CCG021 Plat/Plat.fdf:21 '{' is not closed",
      'warning CCG022 Plat/Plat.fdf:23 [FV.Y] defined twice',
      'warning CCG003 Plat/Plat.fdf:24 INF $(NOPE)/A.inf not found',
      'warning CCG015 Plat/Plat.fdf:24 macro $(NOPE) is not defined',
      'error CCG021 Plat/Plat.fdf:25 expected [Rule.<Arch>.<ModuleType>[.<TemplateName>]]',
      'warning CCG020 Plat/Plat.fdf:26 unknown section [Bogus]',
    ]);
    assert.deepEqual(
      fdf.fds[0]?.regions.map((r) => r.content),
      ['FV = A'],
    );
    assert.deepEqual(
      fdf.fvs.map(
        (fv) =>
          `${fv.name}: ${fv.infs.map((i) => `${i.apriori ? '*' : ''}${i.inf}`).join(' ')} / ${fv.files.map((f) => `${f.apriori ? '*' : ''}${f.type}[${f.contents.join(',')}]`).join(' ')}`,
      ),
      ['Y: Plat/Missing.inf Plat/A.inf Plat/A.inf / RAW[] *RAW[Plat/A.bin]', 'Y: $(NOPE)/A.inf / '],
    );
  });
});
