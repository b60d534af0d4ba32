import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatReport, isReportFormat, REPORT_FORMATS } from '../../src/report/index.js';
import { formatJson } from '../../src/report/json.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatText } from '../../src/report/text.js';
import { sampleInput } from './sample-input.js';

describe('formatReport', () => {
  it('dispatches to each format with its options', () => {
    const input = sampleInput();
    assert.equal(formatReport('json', input), formatJson(input));
    assert.equal(formatReport('text', input), formatText(input, { color: false }));
    assert.equal(
      formatReport('text', input, { color: true, maxFindings: 1 }),
      formatText(input, { color: true, maxFindings: 1 }),
    );
    assert.equal(
      formatReport('markdown', input, { collapseAbove: 1 }),
      formatMarkdown(input, { collapseAbove: 1 }),
    );
    for (const f of REPORT_FORMATS) assert.ok(formatReport(f, input).endsWith('\n'), f);
  });

  it('knows its format names', () => {
    assert.ok(isReportFormat('sarif'));
    assert.ok(!isReportFormat('html'));
  });
});
