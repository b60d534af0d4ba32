import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatText, visible } from '../../src/report/text.js';
import { assertGolden } from './golden.js';
import { FINDINGS, sampleInput } from './sample-input.js';

const ANSI = /\u001b\[[0-9;]*m/g;

describe('formatText', () => {
  it('matches the golden report without colour', () => {
    assertGolden('sample.txt', formatText(sampleInput(), { color: false }));
  });

  it('colours only when asked, and colour changes nothing but escape codes', () => {
    const plain = formatText(sampleInput(), { color: false });
    const coloured = formatText(sampleInput(), { color: true });
    assert.doesNotMatch(plain, ANSI);
    assert.match(coloured, /\u001b\[31merror/);
    assert.match(coloured, /\u001b\[33mwarning/);
    assert.equal(coloured.replace(ANSI, ''), plain);
  });

  it('is deterministic whatever the order of its input', () => {
    const shuffled = sampleInput({ findings: [...FINDINGS].reverse() });
    assert.equal(formatText(shuffled, { color: false }), formatText(sampleInput(), { color: false }));
  });

  it('shows escape characters from the tree as text, never raw', () => {
    const out = formatText(sampleInput(), { color: false });
    assert.ok(!out.includes('\u001b'));
    assert.ok(out.includes('\\x1b[31mred'));
    assert.equal(visible('a\u0007b\tc\n'), 'a\\x07b\tc\n');
  });

  it('details at most maxFindings findings but counts all of them', () => {
    const out = formatText(sampleInput(), { color: false, maxFindings: 2 });
    assert.equal((out.match(/^ {4}evidence:$/gm) ?? []).length, 2);
    assert.match(out, /^\.\.\. 3 more findings not shown/m);
    assert.match(out, /✖ 5 findings \(1 error, 3 warnings, 1 info\)\n$/);
  });

  it('ends with a tick when there is nothing to report', () => {
    const out = formatText(
      sampleInput({ findings: [], suppressed: [], staleBaseline: [], diagnostics: [], baselined: 0 }),
      { color: false },
    );
    assert.equal(
      out,
      'Summary for edk2-demo\n  0 diagnostics, 0 suppressed, 0 baselined, 0 stale baseline entries\n✔ no findings\n',
    );
  });

  it('leaves the frame out when the file cannot be read or the line is past its end', () => {
    const f = { ...FINDINGS[1]!, line: 99, endLine: 99 };
    const out = formatText(sampleInput({ findings: [f], readLines: () => undefined }), { color: false });
    assert.match(out, /^ {2}99 {2}error {4}\[sev\] CcProbeLib resolves/m);
    assert.doesNotMatch(out, / \| /);
    const past = formatText(sampleInput({ findings: [f] }), { color: false });
    assert.doesNotMatch(past, / \| /);
  });

  it('marks the result line as failing only for severities at or above failOn', () => {
    const info = sampleInput({ findings: [FINDINGS[4]!] });
    assert.match(formatText(info, { color: true }), /\u001b\[1;33m✖ 1 finding/);
    assert.match(formatText({ ...info, failOn: 'info' }, { color: true }), /\u001b\[1;31m✖ 1 finding/);
  });
});
