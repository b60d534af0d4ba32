import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJson } from '../../src/report/json.js';
import { assertGolden } from './golden.js';
import { FINDINGS, sampleInput } from './sample-input.js';

describe('formatJson', () => {
  it('matches the golden document', () => {
    assertGolden('sample.json', formatJson(sampleInput()));
  });

  it('has the public shape with keys in a fixed order', () => {
    const doc = JSON.parse(formatJson(sampleInput()));
    assert.deepEqual(Object.keys(doc), ['findings', 'summary', 'stale', 'diagnostics']);
    assert.deepEqual(Object.keys(doc.findings[0]), [
      'ruleId',
      'severity',
      'cc',
      'path',
      'line',
      'endLine',
      'message',
      'evidence',
      'fix',
      'fingerprint',
    ]);
    assert.deepEqual(doc.summary, {
      byRule: { 'isolation/inline-cc-logic': 3, 'platform/one-image': 1, 'review/maintainers-coverage': 1 },
      bySeverity: { error: 1, warning: 3, info: 1 },
      byCc: { general: 1, sev: 3, tdx: 1 },
      total: 5,
      suppressed: 1,
      baselined: 2,
    });
    assert.equal(doc.findings[4].cc, null);
  });

  it('gives the same bytes whatever the input order', () => {
    const input = sampleInput();
    const reordered = sampleInput({
      findings: [...FINDINGS].reverse(),
      diagnostics: [...input.diagnostics].reverse(),
    });
    assert.equal(formatJson(reordered), formatJson(input));
  });

  it('keeps text from the tree as data, two-space indented with a final newline', () => {
    const out = formatJson(sampleInput());
    assert.ok(out.endsWith('}\n'));
    assert.ok(out.includes('\n  "findings": [\n    {\n'));
    assert.equal(JSON.parse(out).findings[0].message, FINDINGS[0]!.message);
  });
});
