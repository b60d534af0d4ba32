import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TreeChanges } from '../../src/review/changes.js';
import { compareFindingSets } from '../../src/review/compare.js';
import type { Finding } from '../../src/rules/types.js';

function finding(
  ruleId: string,
  key: string,
  path: string,
  line: number,
  endLine: number,
  fingerprint: string,
): Finding {
  return {
    ruleId,
    severity: 'warning',
    cc: 'sev',
    path,
    line,
    endLine,
    message: `${key} at ${path}:${line}`,
    evidence: [{ kind: 'code', detail: 'x' }],
    fix: 'fix',
    key,
    fingerprint,
  };
}

const names = (fs: readonly Finding[]) => fs.map((f) => `${f.path}:${f.line} ${f.fingerprint}`);

describe('TreeChanges', () => {
  // a.c: lines 3-4 replaced by 3 lines; 2 lines inserted after line 9; line 12 deleted.
  const changes = new TreeChanges([
    {
      oldPath: 'a.c',
      newPath: 'a.c',
      copy: false,
      ranges: [
        { oldStart: 3, oldLines: 2, newStart: 3, newLines: 3 },
        { oldStart: 9, oldLines: 0, newStart: 11, newLines: 2 },
        { oldStart: 12, oldLines: 1, newStart: 14, newLines: 0 },
      ],
    },
    { oldPath: 'old.c', newPath: 'new.c', copy: false, ranges: [] },
    { oldPath: 'src.c', newPath: 'copy.c', copy: true, ranges: [] },
    { oldPath: null, newPath: 'added.c', copy: false, ranges: [] },
    { oldPath: 'deleted.c', newPath: null, copy: false, ranges: [] },
  ]);

  it('says whether a span of head lines was touched', () => {
    assert.equal(changes.touches('a.c', 1, 2), false);
    assert.equal(changes.touches('a.c', 2, 3), true);
    assert.equal(changes.touches('a.c', 5, 5), true);
    assert.equal(changes.touches('a.c', 6, 10), false);
    assert.equal(changes.touches('a.c', 12, 12), true);
    // A deletion after head line 14 touches a span only strictly inside it.
    assert.equal(changes.touches('a.c', 14, 15), true);
    assert.equal(changes.touches('a.c', 15, 16), false);
    assert.equal(changes.touches('a.c', 13, 14), false);
    assert.equal(changes.touches('new.c', 1, 100), false);
    assert.equal(changes.touches('added.c', 7, 7), true);
    assert.equal(changes.touches('other.c', 1, 1), false);
  });

  it('maps base lines and paths into the head tree', () => {
    assert.deepEqual(changes.mapLine('a.c', 2), { path: 'a.c', line: 2 });
    assert.deepEqual(changes.mapLine('a.c', 4), { path: 'a.c', line: 3 });
    assert.deepEqual(changes.mapLine('a.c', 5), { path: 'a.c', line: 6 });
    assert.deepEqual(changes.mapLine('a.c', 10), { path: 'a.c', line: 13 });
    assert.deepEqual(changes.mapLine('a.c', 13), { path: 'a.c', line: 15 });
    assert.deepEqual(changes.mapLine('old.c', 7), { path: 'new.c', line: 7 });
    assert.deepEqual(changes.mapLine('src.c', 7), { path: 'src.c', line: 7 });
    assert.equal(changes.mapLine('deleted.c', 1), undefined);
    assert.equal(changes.size, 5);
  });
});

describe('compareFindingSets', () => {
  const none = new TreeChanges([]);

  it('matches by fingerprint wherever the finding moved; unmatched ones are new or resolved', () => {
    const base = [finding('r', 'k1', 'a.c', 10, 12, 'F1'), finding('r', 'k2', 'a.c', 30, 30, 'F2')];
    const head = [finding('r', 'k1', 'b.c', 50, 52, 'F1'), finding('r', 'k3', 'a.c', 5, 5, 'F3')];
    const c = compareFindingSets(base, head, none);
    assert.deepEqual(names(c.fresh), ['a.c:5 F3']);
    assert.deepEqual(names(c.touched), []);
    assert.deepEqual(names(c.resolved), ['a.c:30 F2']);
    assert.equal(c.unchanged, 1);
  });

  it('counts fingerprints: a copied finding is new once', () => {
    const base = [finding('r', 'k', 'a.c', 10, 12, 'F')];
    const head = [finding('r', 'k', 'a.c', 10, 12, 'F'), finding('r', 'k', 'copy.c', 10, 12, 'F')];
    const c = compareFindingSets(base, head, none);
    assert.deepEqual(names(c.fresh), ['copy.c:10 F']);
    assert.equal(c.unchanged, 1);
  });

  it('pairs an edited finding by rule, key and file (through renames), preferring overlapping spans', () => {
    const changes = new TreeChanges([
      {
        oldPath: 'old.c',
        newPath: 'new.c',
        copy: false,
        ranges: [{ oldStart: 11, oldLines: 1, newStart: 11, newLines: 1 }],
      },
    ]);
    // Two spots of one function; the second one's code was edited and a third spot added first.
    const base = [finding('r', 'Fn', 'old.c', 5, 6, 'A'), finding('r', 'Fn', 'old.c', 10, 12, 'B')];
    const head = [
      finding('r', 'Fn', 'new.c', 2, 2, 'C'),
      finding('r', 'Fn', 'new.c', 5, 6, 'A'),
      finding('r', 'Fn', 'new.c', 10, 12, "B'"),
    ];
    const c = compareFindingSets(base, head, changes);
    assert.deepEqual(names(c.touched), ["new.c:10 B'"]);
    assert.deepEqual(names(c.fresh), ['new.c:2 C']);
    assert.deepEqual(names(c.resolved), []);
    assert.equal(c.unchanged, 1);
  });

  it('reports a same-fingerprint finding as touched when the change touched its lines', () => {
    const changes = new TreeChanges([
      {
        oldPath: 'a.c',
        newPath: 'a.c',
        copy: false,
        ranges: [{ oldStart: 11, oldLines: 1, newStart: 11, newLines: 1 }],
      },
    ]);
    const c = compareFindingSets(
      [finding('r', 'k', 'a.c', 10, 12, 'F')],
      [finding('r', 'k', 'a.c', 10, 12, 'F')],
      changes,
    );
    assert.deepEqual(names(c.touched), ['a.c:10 F']);
    assert.equal(c.unchanged, 0);
  });

  it('never pairs findings of other rules or keys', () => {
    const base = [finding('r1', 'k', 'a.c', 1, 1, 'X')];
    const head = [finding('r2', 'k', 'a.c', 1, 1, 'Y'), finding('r1', 'other', 'a.c', 1, 1, 'Z')];
    const c = compareFindingSets(base, head, none);
    assert.deepEqual(names(c.fresh), ['a.c:1 Y', 'a.c:1 Z']);
    assert.deepEqual(names(c.resolved), ['a.c:1 X']);
  });
});
