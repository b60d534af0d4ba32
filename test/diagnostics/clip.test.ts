/**
 * Diagnostics quote the offending text; a corrupt or generated file can hold a line of hundreds
 * of thousands of characters. The sink keeps each message readable and still specific.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clipMessage, DiagnosticCode, DiagnosticSink } from '../../src/diagnostics.js';

describe('diagnostic messages', () => {
  it('clip an over-long quoted run, keeping its start and its length', () => {
    const line = 'A'.repeat(200_000);
    const clipped = clipMessage(`'${line}' must be in format of <TARGET>_<TOOLCHAIN>_<ARCH>_<TOOL>_FLAGS`);
    assert.ok(clipped.length < 300, `${clipped.length} characters`);
    assert.match(clipped, /^'A{119}… \(200002 characters\) must be in format of <TARGET>/);
  });

  it('keep long paths and ordinary messages whole', () => {
    const path = `Platform/${'Vendor/'.repeat(20)}Library/FooLib/FooLib.inf`;
    assert.ok(path.length > 150);
    const message = `package ${path} not found`;
    assert.equal(clipMessage(message), message);
    assert.equal(clipMessage('macro $(FOO) is not defined'), 'macro $(FOO) is not defined');
  });

  it('are clipped by the sink, and a repeat of the same clipped problem is reported once', () => {
    const sink = new DiagnosticSink();
    for (let i = 0; i < 2; i++) {
      sink.report({
        severity: 'error',
        code: DiagnosticCode.MalformedLine,
        file: 'A.inf',
        line: 3,
        message: `bad line ${'B'.repeat(5000)}`,
      });
    }
    assert.equal(sink.all.length, 1);
    assert.ok(sink.all.every((d) => d.message.length < 200));
  });
});
