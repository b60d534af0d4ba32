import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeFrame } from '../../src/report/code-frame.js';

const LINES = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
const shape = (rows: ReturnType<typeof codeFrame>) =>
  rows.map((r) => `${r.marked ? '>' : ' '}${r.lineNo ?? '...'}`);

describe('codeFrame', () => {
  it('shows two lines of context around the span', () => {
    assert.deepEqual(shape(codeFrame(LINES, 5, 6)), [' 3', ' 4', '>5', '>6', ' 7', ' 8']);
    assert.equal(codeFrame(LINES, 5, 5)[2]!.text, 'line 5');
  });

  it('clips the context at the start and the end of the file', () => {
    assert.deepEqual(shape(codeFrame(LINES, 1, 1)), ['>1', ' 2', ' 3']);
    assert.deepEqual(shape(codeFrame(LINES, 20, 25)), [' 18', ' 19', '>20']);
  });

  it('cuts a long span to its first and last lines', () => {
    assert.deepEqual(shape(codeFrame(LINES, 3, 15, { context: 1 })), [
      ' 2',
      '>3',
      '>4',
      '>5',
      '>...',
      '>13',
      '>14',
      '>15',
      ' 16',
    ]);
  });

  it('gives nothing for a line outside the file', () => {
    assert.deepEqual(codeFrame(LINES, 0, 1), []);
    assert.deepEqual(codeFrame(LINES, 21, 21), []);
    assert.deepEqual(codeFrame([], 1, 1), []);
  });

  it('treats an end line before the start line as a one-line span', () => {
    assert.deepEqual(shape(codeFrame(LINES, 5, 2, { context: 0 })), ['>5']);
  });
});
