import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanLine, expandMacros, parseSectionHeader, splitTopLevel } from '../../src/metadata/lines.js';

const canon = (u: string) =>
  ({ LIBRARYCLASSES: 'LibraryClasses', PCDSDYNAMIC: 'PcdsDynamic', PCDSDYNAMICEX: 'PcdsDynamicEx' })[u];

describe('cleanLine', () => {
  it('keeps # inside strings and splits the comment off', () => {
    assert.deepEqual(cleanLine('  gTok.PcdX|"a#b"  # note'), { code: 'gTok.PcdX|"a#b"', comment: '# note' });
    assert.deepEqual(cleanLine("  X = 'c#' "), { code: "X = 'c#'", comment: '' });
    assert.deepEqual(cleanLine('# only'), { code: '', comment: '# only' });
  });
});

describe('parseSectionHeader', () => {
  it('parses several scopes', () => {
    const r = parseSectionHeader('[LibraryClasses.common.PEIM, LibraryClasses.common.SEC]', canon);
    assert.ok(r.ok);
    assert.deepEqual(
      r.scopes.map((s) => [s.section, s.arch, s.moduleType]),
      [
        ['LibraryClasses', 'common', 'PEIM'],
        ['LibraryClasses', 'common', 'SEC'],
      ],
    );
  });
  it('accepts two PCD kinds in one header and rejects unknown sections', () => {
    const r = parseSectionHeader('[PcdsDynamic, PcdsDynamicEx]', canon);
    assert.ok(r.ok);
    assert.equal(r.scopes.length, 2);
    assert.equal(parseSectionHeader('[Bogus]', canon).ok, false);
  });
  it("rejects 'common' mixed with a specific arch", () => {
    assert.equal(parseSectionHeader('[LibraryClasses.common, LibraryClasses.X64]', canon).ok, false);
  });
});

describe('expandMacros', () => {
  it('expands nested macros and reports unknown ones once', () => {
    const unknown: string[] = [];
    const m: Record<string, string> = { A: '$(B)/x', B: 'pkg' };
    assert.equal(
      expandMacros(
        '$(A)/$(C)',
        (n) => m[n],
        (n) => unknown.push(n),
      ),
      'pkg/x/$(C)',
    );
    assert.deepEqual(unknown, ['C']);
  });
});

describe('splitTopLevel', () => {
  it('does not split inside strings or braces', () => {
    assert.deepEqual(splitTopLevel('g.P|L"a|b"|VOID*|{0x1|0x2}'), ['g.P', 'L"a|b"', 'VOID*', '{0x1|0x2}']);
  });
});
