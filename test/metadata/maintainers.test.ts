import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  matchesPattern,
  parseMaintainers,
  patternToRegexSource,
  recipientsForPath,
  sectionsForPath,
} from '../../src/metadata/maintainers.js';
import type { MaintainersFile } from '../../src/metadata/model.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { Workspace } from '../../src/workspace/workspace.js';

function workspace(files: Record<string, string>): Workspace {
  return new Workspace([MemorySource.fromStrings('mem', files)]);
}

function diagnostics(ws: Workspace): string[] {
  return ws.diagnostics.sorted().map((d) => `${d.severity} ${d.code} ${d.file}:${d.line} ${d.message}`);
}

describe('patternToRegexSource (GetMaintainer.py pattern_to_regex)', () => {
  const cases: [string, string][] = [
    ['OvmfPkg/', 'OvmfPkg/.*'],
    ['OvmfPkg/Fdt', 'OvmfPkg/Fdt'],
    ['MdeModulePkg/*', 'MdeModulePkg/(?!.*?/.*?)'],
    ['*/Pci/*', '.*/Pci/(?!.*?/.*?)'],
    ['OvmfPkg/IoMmuDxe/CcIoMmu.*', 'OvmfPkg/IoMmuDxe/CcIoMmu\\.(?!.*?/.*?)'],
    ['Pkg/*.h', 'Pkg/.*\\.h'],
    ['Foo?.c', 'Foo.\\.c'],
    ['*', '(?!.*?/.*?)'],
    ['*/', '.*/.*'],
  ];
  for (const [pattern, source] of cases) {
    it(`${pattern} → ${source}`, () => assert.equal(patternToRegexSource(pattern), source));
  }
});

describe('matchesPattern: anchored at the start only, * crosses / except at the end', () => {
  const cases: [string, string, boolean][] = [
    // A trailing / covers the whole subtree, and only it.
    ['OvmfPkg/', 'OvmfPkg/Sec/SecMain.c', true],
    ['OvmfPkg/', 'OvmfPkg/a.c', true],
    ['OvmfPkg/', 'OvmfPkgX/a.c', false],
    ['OvmfPkg/Sec/', 'OvmfPkg/SecMain.c', false],
    // No wildcard: a prefix match, also of longer names.
    ['OvmfPkg/Fdt', 'OvmfPkg/Fdt/x.c', true],
    ['OvmfPkg/Fdt', 'OvmfPkg/FdtFoo/x.c', true],
    ['OvmfPkg/Fdt', 'OvmfPkg/Fdt', true],
    ['OvmfPkg/Fdt', 'XOvmfPkg/Fdt/x.c', false],
    ['OvmfPkg/PlatformPei/AmdSev.c', 'OvmfPkg/PlatformPei/AmdSev.c', true],
    ['OvmfPkg/PlatformPei/AmdSev.c', 'OvmfPkg/PlatformPei/AmdSev.cpp', true],
    // A trailing * stops at the next /.
    ['MdeModulePkg/*', 'MdeModulePkg/a.c', true],
    ['MdeModulePkg/*', 'MdeModulePkg/', true],
    ['MdeModulePkg/*', 'MdeModulePkg/Sub/a.c', false],
    ['*', 'Maintainers.txt', true],
    ['*', 'MdePkg/MdePkg.dec', false],
    ['*/', 'MdePkg/MdePkg.dec', true],
    ['*/', 'Maintainers.txt', false],
    // A * elsewhere crosses /.
    ['*/Pci/*', 'MdePkg/Pci/x.c', true],
    ['*/Pci/*', 'A/B/Pci/x.c', true],
    ['*/Pci/*', 'A/Pci/Sub/x.c', false],
    ['Pkg/*.h', 'Pkg/a.h', true],
    ['Pkg/*.h', 'Pkg/sub/a.h', true],
    ['Pkg/*.h', 'Pkg/a.hpp', true],
    ['Pkg/*.h', 'Pkg/a.c', false],
    ['A*B', 'A/x/B', true],
    ['A*B', 'AxB/c', true],
    [
      'OvmfPkg/Library/ResetSystemLib/*Microvm.*',
      'OvmfPkg/Library/ResetSystemLib/BaseResetShutdownMicrovm.c',
      true,
    ],
    ['OvmfPkg/Library/ResetSystemLib/*Microvm.*', 'OvmfPkg/Library/ResetSystemLib/Sub/Microvm.c', true],
    ['OvmfPkg/Library/ResetSystemLib/*Microvm.*', 'OvmfPkg/Library/ResetSystemLib/Microvm.d/x', false],
    // . is literal; ? is any one character, / included.
    ['OvmfPkg/IoMmuDxe/CcIoMmu.*', 'OvmfPkg/IoMmuDxe/CcIoMmu.c', true],
    ['OvmfPkg/IoMmuDxe/CcIoMmu.*', 'OvmfPkg/IoMmuDxe/CcIoMmu.', true],
    ['OvmfPkg/IoMmuDxe/CcIoMmu.*', 'OvmfPkg/IoMmuDxe/CcIoMmuX.c', false],
    ['a.c', 'abc', false],
    ['Foo?.c', 'Foo1.c', true],
    ['Foo?.c', 'Foo/.c', true],
    ['Foo?.c', 'Foo.c', false],
    ['Foo?.c', 'Foo12.c', false],
    // Other regex characters stay live, as in the script.
    ['Fo+', 'Foooo/x', true],
    ['(unclosed', '(unclosed', false],
    // Case matters.
    ['ovmfpkg/', 'OvmfPkg/a.c', false],
  ];
  for (const [pattern, path, expected] of cases) {
    it(`${pattern} ${expected ? 'covers' : 'does not cover'} ${path}`, () =>
      assert.equal(matchesPattern(pattern, path), expected));
  }
});

const MAINTAINERS = `Widget Maintainers
==================

Descriptions of section entries:

  F: Files, with wildcards.
  M: Maintainer.

Everything
----------
L: list@example.org
F: *
F: */

Stewards
--------
F: *
M: Stew Ard <stew@example.org> [stew]

Widget Packages:
----------------
WidgetPkg
F: WidgetPkg/
X: WidgetPkg/Legacy/
M: Wid Get <wid@example.org> [widget]
R: Rev Iewer <rev@example.org> [rev]
S: Maintained

WidgetPkg: legacy bits
F: WidgetPkg/Legacy/
F: WidgetPkg/Cc/*Tdx.*
R: Old Timer <old@example.org> [old]
S: Odd Fixes

Trailing blanks   
F: Spaced/  
R: Space Man <space@example.org>
`;

describe('parseMaintainers: sections as GetMaintainer.py sees them', () => {
  const ws = workspace({ 'Maintainers.txt': MAINTAINERS.replace(/\n/g, '\r\n') });
  const mf = parseMaintainers(ws) as MaintainersFile;

  it('makes one section per run of tag lines, titled by the line above', () => {
    assert.equal(mf.path, 'Maintainers.txt');
    assert.deepEqual(
      mf.sections.map((s) => [s.title, s.origin.line, s.entries.map((e) => `${e.tag}:${e.value}`)]),
      [
        ['Everything', 11, ['L:list@example.org', 'F:*', 'F:*/']],
        ['Stewards', 17, ['F:*', 'M:Stew Ard <stew@example.org> [stew]']],
        [
          'WidgetPkg',
          23,
          [
            'F:WidgetPkg/',
            'X:WidgetPkg/Legacy/',
            'M:Wid Get <wid@example.org> [widget]',
            'R:Rev Iewer <rev@example.org> [rev]',
            'S:Maintained',
          ],
        ],
        [
          'WidgetPkg: legacy bits',
          30,
          [
            'F:WidgetPkg/Legacy/',
            'F:WidgetPkg/Cc/*Tdx.*',
            'R:Old Timer <old@example.org> [old]',
            'S:Odd Fixes',
          ],
        ],
        ['Trailing blanks', 36, ['F:Spaced/  ', 'R:Space Man <space@example.org>']],
      ],
    );
    assert.deepEqual(mf.sections[2]?.entries[1]?.origin, { file: 'Maintainers.txt', line: 24 });
    assert.deepEqual(diagnostics(ws), []);
  });

  it('applies X: only inside its own section', () => {
    const titles = (p: string) => sectionsForPath(mf, p).map((s) => s.title);
    assert.deepEqual(titles('WidgetPkg/Core/Widget.c'), ['Everything', 'WidgetPkg']);
    assert.deepEqual(titles('WidgetPkg/Legacy/Old.c'), ['Everything', 'WidgetPkg: legacy bits']);
    assert.deepEqual(titles('WidgetPkg/Cc/WidgetTdx.c'), [
      'Everything',
      'WidgetPkg',
      'WidgetPkg: legacy bits',
    ]);
    assert.deepEqual(titles('WidgetPkg/Cc/Sub/WidgetTdx.c'), [
      'Everything',
      'WidgetPkg',
      'WidgetPkg: legacy bits',
    ]);
    assert.deepEqual(titles('WidgetPkg/Cc/WidgetTdx.d/x.c'), ['Everything', 'WidgetPkg']);
    assert.deepEqual(titles('README.md'), ['Everything', 'Stewards']);
    // Trailing blanks stay part of the pattern, as in the script.
    assert.deepEqual(titles('Spaced/x.c'), ['Everything']);
  });

  it('collects recipients as get_maintainers does, falling back to <default>', () => {
    const widget = recipientsForPath(mf, 'WidgetPkg/Core/Widget.c');
    assert.deepEqual(widget.maintainers, ['Wid Get <wid@example.org> [widget]']);
    assert.deepEqual(widget.reviewers, ['Rev Iewer <rev@example.org> [rev]']);
    assert.deepEqual(widget.lists, ['list@example.org']);
    assert.equal(widget.usedDefault, false);
    assert.deepEqual(widget.statusWarnings, []);
    assert.deepEqual(widget.addresses, [
      'Rev Iewer <rev@example.org> [rev]',
      'Wid Get <wid@example.org> [widget]',
      'list@example.org',
    ]);

    // No covering section has an M:, so the sections covering `<default>` (F: *) are added.
    const legacy = recipientsForPath(mf, 'WidgetPkg/Legacy/Old.c');
    assert.equal(legacy.usedDefault, true);
    assert.deepEqual(
      legacy.sections.map((s) => s.title),
      ['Everything', 'WidgetPkg: legacy bits', 'Stewards'],
    );
    assert.deepEqual(legacy.maintainers, ['Stew Ard <stew@example.org> [stew]']);
    assert.deepEqual(legacy.statusWarnings, ['Odd Fixes']);
    assert.deepEqual(legacy.addresses, [
      'Old Timer <old@example.org> [old]',
      'Stew Ard <stew@example.org> [stew]',
      'list@example.org',
    ]);
  });
});

describe('parseMaintainers: what ends a section, and bad input', () => {
  const TEXT = `Preamble
F: Top/
M: A <a@example.org>
R:
M: B <b@example.org>
Comment line inside
F: Next/
  F: Indented/
X: (bad
`;
  const ws = workspace({ 'Docs/Maintainers.txt': TEXT });
  const mf = parseMaintainers(ws, 'Docs/Maintainers.txt') as MaintainersFile;

  it('splits at an empty tag, a non-tag line and an indented tag', () => {
    assert.deepEqual(
      mf.sections.map((s) => [s.title, s.entries.map((e) => `${e.tag}:${e.value}`)]),
      [
        ['Preamble', ['F:Top/', 'M:A <a@example.org>']],
        ['', ['M:B <b@example.org>']],
        ['Comment line inside', ['F:Next/']],
        ['', ['X:(bad']],
      ],
    );
  });

  it('reports them with file and line', () => {
    assert.deepEqual(diagnostics(ws), [
      'warning CCG021 Docs/Maintainers.txt:4 empty R: entry ends the section (as in GetMaintainer.py)',
      'warning CCG021 Docs/Maintainers.txt:8 indented tag line is not a tag for GetMaintainer.py; it ends the section',
      'warning CCG021 Docs/Maintainers.txt:9 X: pattern (bad is not a valid regular expression for GetMaintainer.py',
    ]);
  });

  it('returns undefined when the file cannot be read', () => {
    assert.equal(parseMaintainers(ws), undefined);
  });
});
