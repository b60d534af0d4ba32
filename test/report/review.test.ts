import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { computeFingerprint } from '../../src/report/fingerprint.js';
import type { ReportInput } from '../../src/report/input.js';
import { formatJson } from '../../src/report/json.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';
import type { Finding } from '../../src/rules/types.js';
import { assertGolden } from './golden.js';
import { projectFile } from './project-file.js';
import { FINDINGS, sampleInput } from './sample-input.js';

// biome-ignore lint/suspicious/noExplicitAny: walking a parsed JSON document
type Json = any;

const RESOLVED: Finding = {
  ruleId: 'isolation/inline-cc-logic',
  severity: 'warning',
  cc: 'sev',
  path: 'OvmfPkg/Sec/SecMain.c',
  line: 40,
  endLine: 44,
  message: 'SEV logic inline in common function SecExit <before>',
  evidence: [{ kind: 'code', detail: 'calls SevExit', path: 'OvmfPkg/Sec/SecMain.c', line: 41 }],
  fix: 'Extract a hook.',
  key: 'SecExit',
  fingerprint: computeFingerprint('isolation/inline-cc-logic', 'SecExit', ['  SevExit ();']),
};

/** The sample as a review: the SEV finding of SecMain.c was there before (touched), the rest is new. */
function reviewInput(): ReportInput {
  const touched = FINDINGS.find((f) => f.path === 'OvmfPkg/Sec/SecMain.c' && f.cc === 'sev')!;
  const { baselined: _b, staleBaseline: _s, ...rest } = sampleInput();
  return {
    ...rest,
    review: {
      change: 'c82ab4d8c148..work tree',
      touched: new Set([touched.fingerprint]),
      resolved: [RESOLVED],
      unchanged: 7,
    },
  };
}

describe('review reports', () => {
  it('text: marks each finding new or touched, lists the resolved ones and the review figures', () => {
    assertGolden('sample-review.txt', formatText(reviewInput(), { color: false }));
  });

  it('markdown: a review heading, states, and a "Resolved by this change" section', () => {
    const md = formatMarkdown(reviewInput());
    assertGolden('sample-review.md', md);
    assert.match(md, /^## ccguard review of `c82ab4d8c148\.\.work tree` in `edk2-demo`$/m);
    assert.match(md, /^### Resolved by this change \(1\)$/m);
    // Resolved findings sit in the old tree: never linked to the new one.
    assert.doesNotMatch(
      formatMarkdown(reviewInput(), { linkBase: 'https://x/blob/h/' }),
      /\(https:\/\/x\/blob\/h\/OvmfPkg\/Sec\/SecMain\.c#L40/,
    );
  });

  it('json: findings keep the check shape plus their change; resolved ones and review figures', () => {
    const text = formatJson(reviewInput());
    assertGolden('sample-review.json', text);
    const doc: Json = JSON.parse(text);
    const check: Json = JSON.parse(formatJson(sampleInput()));
    assert.deepEqual(
      doc.findings.map(({ change: _c, ...f }: Json) => f),
      check.findings,
    );
    assert.deepEqual(
      doc.findings.map((f: Json) => f.change),
      ['new', 'new', 'touched', 'new', 'new'],
    );
    assert.equal(doc.resolved[0].change, 'resolved');
    assert.deepEqual(doc.summary.review, {
      change: 'c82ab4d8c148..work tree',
      new: 4,
      touched: 1,
      resolved: 1,
      unchanged: 7,
    });
  });

  it('sarif: baselineState new/updated on results, resolved findings only in the run properties', () => {
    const schema = JSON.parse(fs.readFileSync(projectFile('test/fixtures/sarif-schema-2.1.0.json'), 'utf8'));
    const { id, $schema: _d, ...body } = schema;
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile({ ...body, $id: id });
    const log: Json = JSON.parse(formatSarif(reviewInput()));
    const valid = validate(structuredClone(log));
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
    const states = log.runs[0].results.map((r: Json) => r.baselineState);
    assert.deepEqual(states.filter((s: string) => s === 'updated').length, 1);
    assert.equal(states.filter((s: string) => s === 'new').length, states.length - 1);
    assert.ok(!log.runs[0].results.some((r: Json) => r.baselineState === 'absent'));
    assert.deepEqual(log.runs[0].properties.resolved, [
      {
        ruleId: 'isolation/inline-cc-logic',
        level: 'warning',
        message: RESOLVED.message,
        uri: 'OvmfPkg/Sec/SecMain.c',
        startLine: 40,
        endLine: 44,
        partialFingerprints: { 'ccguard/v1': RESOLVED.fingerprint },
      },
    ]);
    // A check's log has no review marks.
    const plain: Json = JSON.parse(formatSarif(sampleInput()));
    assert.ok(plain.runs[0].results.every((r: Json) => r.baselineState === undefined));
  });
});
