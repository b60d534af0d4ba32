/**
 * review/maintainers-coverage: every CC-specific file is covered, as GetMaintainer.py decides, by
 * a CC section of Maintainers.txt; a wholly CC and uncovered directory is one finding, other
 * uncovered files one finding per directory and technology.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import maintainersCoverage from '../../../src/rules/review/maintainers-coverage.js';
import { findingsOf, ruleCases } from '../../helpers/rule-tester.js';
import { entryPoint, LEVEL_C_TREE, SEV_FIXUP } from '../isolation/cases.js';
import { cFile, inf } from '../isolation/tree.js';

interface Section {
  readonly title: string;
  readonly f: readonly string[];
  readonly x?: readonly string[];
}

/** Maintainers.txt with a preamble, each section's title above a row of dashes. */
function maintainers(...sections: readonly Section[]): string {
  const out = [
    'Example maintainers written for ccguard tests.',
    '',
    'Descriptions of section entries:',
    '  F: files',
    '',
  ];
  for (const s of sections) {
    out.push(
      s.title,
      '-'.repeat(s.title.length),
      ...s.f.map((f) => `F: ${f}`),
      ...(s.x ?? []).map((x) => `X: ${x}`),
    );
    out.push('R: Ria Reviewer <ria@example.org>', '');
  }
  return out.join('\n');
}

const OVMF: Section = { title: 'OvmfPkg', f: ['OvmfPkg/'] };
const ALL: Section = { title: 'All patches CC:d here', f: ['*', '*/'] };

/** LEVEL_C_TREE (PlatformPei with AmdSev.c) plus a TDX driver in OvmfPkg/IntelTdx/TdxFooDxe. */
const TREE: Record<string, string> = {
  ...LEVEL_C_TREE,
  'OvmfPkg/IntelTdx/TdxFooDxe/TdxFooDxe.inf': inf({
    name: 'TdxFooDxe',
    type: 'DXE_DRIVER',
    sources: ['TdxFooDxe.c'],
    packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
  }),
  'OvmfPkg/IntelTdx/TdxFooDxe/TdxFooDxe.c': cFile(entryPoint(['mShared = TdSharedPageMask ();'])),
};

const CC: Section = {
  title: 'OvmfPkg: Confidential Computing',
  f: ['OvmfPkg/PlatformPei/AmdSev.c', 'OvmfPkg/IntelTdx/'],
};

ruleCases(maintainersCoverage, {
  valid: [
    {
      name: 'every CC file covered by the Confidential Computing section',
      files: { ...TREE, 'Maintainers.txt': maintainers(ALL, OVMF, CC) },
    },
    {
      name: 'a section found by its F: patterns alone (all into CC places)',
      files: {
        ...TREE,
        'Maintainers.txt': maintainers(OVMF, {
          title: 'Virtualisation extras',
          f: ['OvmfPkg/IntelTdx/', 'OvmfPkg/*/AmdSev.c'],
        }),
      },
    },
    {
      name: 'F: is anchored at the start only: `OvmfPkg/Intel` covers OvmfPkg/IntelTdx/',
      files: {
        ...TREE,
        'Maintainers.txt': maintainers(OVMF, {
          title: 'OvmfPkg: TDX',
          f: ['OvmfPkg/Intel', 'OvmfPkg/PlatformPei/AmdSev.c'],
        }),
      },
    },
    {
      name: 'an X: of another section does not uncover a file',
      files: { ...TREE, 'Maintainers.txt': maintainers({ ...OVMF, x: ['OvmfPkg/IntelTdx/'] }, CC) },
    },
    {
      name: 'option ccSections names the CC sections',
      files: {
        ...TREE,
        'Maintainers.txt': maintainers(OVMF, {
          title: 'Guest hardening',
          f: ['OvmfPkg/PlatformPei/', 'OvmfPkg/IntelTdx/'],
        }),
        'ccguard.config.json': JSON.stringify({
          rules: { 'review/maintainers-coverage': { options: { ccSections: ['Guest hardening'] } } },
        }),
      },
    },
    {
      name: 'no Maintainers.txt: nothing to check',
      files: TREE,
    },
  ],
  invalid: [
    {
      name: 'CC files covered only by the package section: the TDX directory as one finding, AmdSev.c on its own',
      files: { ...TREE, 'Maintainers.txt': maintainers(ALL, OVMF) },
      findings: [
        {
          path: 'OvmfPkg/IntelTdx/TdxFooDxe/TdxFooDxe.inf',
          line: 1,
          cc: 'tdx',
          message: 'OvmfPkg/IntelTdx/ (2 TDX-specific files) is covered by no CC section',
        },
        {
          path: 'OvmfPkg/PlatformPei/AmdSev.c',
          line: 1,
          cc: 'sev',
          message: 'OvmfPkg/PlatformPei/AmdSev.c is SEV-specific',
        },
      ],
    },
    {
      name: 'an X: inside the CC section takes the file out of it',
      files: {
        ...TREE,
        'Maintainers.txt': maintainers(OVMF, { ...CC, x: ['OvmfPkg/PlatformPei/AmdSev.c'] }),
      },
      findings: [{ path: 'OvmfPkg/PlatformPei/AmdSev.c', line: 1, cc: 'sev', message: 'no CC section' }],
    },
    {
      name: 'a trailing `*` stops at `/`: `OvmfPkg/PlatformPei/*` does not reach a subdirectory',
      files: {
        ...TREE,
        'OvmfPkg/PlatformPei/PlatformPei.inf': inf({
          name: 'PlatformPei',
          sources: ['Platform.c', 'X64/AmdSev.c'],
          packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
        }),
        'OvmfPkg/PlatformPei/X64/AmdSev.c': cFile(SEV_FIXUP),
        'Maintainers.txt': maintainers(OVMF, { ...CC, f: ['OvmfPkg/PlatformPei/*', 'OvmfPkg/IntelTdx/'] }),
      },
      findings: [{ path: 'OvmfPkg/PlatformPei/X64/AmdSev.c', line: 1, cc: 'sev' }],
    },
    {
      name: 'two uncovered SEV files of one directory are one finding',
      files: {
        ...TREE,
        'OvmfPkg/PlatformPei/PlatformPei.inf': inf({
          name: 'PlatformPei',
          sources: ['Platform.c', 'AmdSev.c', 'AmdSevEs.c'],
          packages: ['MdePkg/MdePkg.dec', 'OvmfPkg/OvmfPkg.dec'],
        }),
        'OvmfPkg/PlatformPei/AmdSevEs.c': cFile(entryPoint()),
        'Maintainers.txt': maintainers(OVMF, { ...CC, f: ['OvmfPkg/IntelTdx/'] }),
      },
      findings: [
        {
          path: 'OvmfPkg/PlatformPei/AmdSev.c',
          line: 1,
          cc: 'sev',
          message: '2 SEV-specific files in OvmfPkg/PlatformPei/ (AmdSev.c, AmdSevEs.c)',
        },
      ],
    },
  ],
});

/**
 * BaseIoLibIntrinsicSev's shape on edk2: the I/O library OVMF builds for every CC is named for
 * SEV, and holds a TDX-named and a CC-named file next to the generic library.
 */
const SHARED_IO_LIB: Record<string, string> = {
  'MdePkg/Library/FooIoLib/FooIoLib.inf': inf({
    name: 'FooIoLib',
    libraryClass: 'IoLib',
    sources: ['IoLib.c'],
  }),
  'MdePkg/Library/FooIoLib/FooIoLibSev.inf': inf({
    name: 'FooIoLibSev',
    libraryClass: 'IoLib',
    sources: ['IoLib.c', 'IoLibSev.c', 'IoLibInternalTdx.c', 'IoLibFifoCc.c'],
  }),
  'MdePkg/Library/FooIoLib/IoLib.c': cFile(entryPoint()),
  'MdePkg/Library/FooIoLib/IoLibSev.c': cFile(SEV_FIXUP),
  'MdePkg/Library/FooIoLib/IoLibInternalTdx.c': cFile(entryPoint(['TdVmCall (0, 0, 0, 0, 0, NULL);'])),
  'MdePkg/Library/FooIoLib/IoLibFifoCc.c': cFile(entryPoint(['Type = CcProbe ();'])),
};

describe('review/maintainers-coverage technology of a file', () => {
  it('takes a file named for one technology as that technology, in a module named for another', () => {
    const found = findingsOf(maintainersCoverage, {
      ...TREE,
      ...SHARED_IO_LIB,
      'Maintainers.txt': maintainers(OVMF, CC),
    });
    const byPath = new Map(found.map((f) => [f.path, f]));
    assert.deepEqual([...byPath].map(([path, f]) => `${path} ${f.cc}`).sort(), [
      'MdePkg/Library/FooIoLib/FooIoLibSev.inf sev',
      'MdePkg/Library/FooIoLib/IoLibFifoCc.c cc',
      'MdePkg/Library/FooIoLib/IoLibInternalTdx.c tdx',
    ]);
    // Each reason is in the evidence: the name, and the module that builds the file.
    const tdx = byPath.get('MdePkg/Library/FooIoLib/IoLibInternalTdx.c')!;
    assert.match(tdx.message, /IoLibInternalTdx\.c is TDX-specific/);
    assert.ok(
      tdx.evidence.some(
        (e) => e.detail.includes('carries the Tdx tag') && e.detail.includes('FooIoLibSev (sev)'),
      ),
      JSON.stringify(tdx.evidence),
    );
  });
});

describe('review/maintainers-coverage fix', () => {
  it('names the F: line and the CC section to add it to', () => {
    const found = findingsOf(maintainersCoverage, {
      ...TREE,
      'Maintainers.txt': maintainers(OVMF, { ...CC, f: ['OvmfPkg/IntelTdx/'] }),
    });
    assert.equal(found.length, 1);
    assert.match(
      found[0]!.fix,
      /Add `F: OvmfPkg\/PlatformPei\/AmdSev\.c` to the CC section "OvmfPkg: Confidential Computing" \(Maintainers\.txt:\d+\)/,
    );
    assert.ok(found[0]!.evidence.some((e) => e.detail.includes('covered only by "OvmfPkg"')));
  });
});
