import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { computeFingerprint, normalizeContent } from '../../src/report/fingerprint.js';

const BODY = ['  if (MemEncryptSevIsEnabled ()) {', '    SevInit ();', '  }'];

describe('computeFingerprint', () => {
  it('is the first 32 hex digits of sha-256 over rule id, key and normalised content', () => {
    const expected = createHash('sha256').update('["r/x","Key","a b\\nc"]').digest('hex').slice(0, 32);
    assert.equal(computeFingerprint('r/x', 'Key', ['  a   b ', '', '\tc']), expected);
    assert.match(computeFingerprint('r/x', 'Key'), /^[0-9a-f]{32}$/);
  });

  it('ignores indentation, re-wrapping of whitespace and blank lines', () => {
    const base = computeFingerprint('isolation/inline-cc-logic', 'SecStartup', BODY);
    const reindented = ['if (MemEncryptSevIsEnabled ()) {', '', '\tSevInit  ();', '}'];
    assert.equal(computeFingerprint('isolation/inline-cc-logic', 'SecStartup', reindented), base);
  });

  it('changes with the rule, the key or the code', () => {
    const base = computeFingerprint('isolation/inline-cc-logic', 'SecStartup', BODY);
    assert.notEqual(computeFingerprint('isolation/cc-file', 'SecStartup', BODY), base);
    assert.notEqual(computeFingerprint('isolation/inline-cc-logic', 'SecInit', BODY), base);
    assert.notEqual(computeFingerprint('isolation/inline-cc-logic', 'SecStartup', [...BODY, 'X ();']), base);
    // Parts cannot run into each other.
    assert.notEqual(computeFingerprint('a', 'b\0c'), computeFingerprint('a\0b', 'c'));
  });

  it('treats no content like empty content', () => {
    assert.equal(computeFingerprint('r', 'k'), computeFingerprint('r', 'k', []));
    assert.equal(computeFingerprint('r', 'k'), computeFingerprint('r', 'k', ['   ', '']));
    assert.equal(normalizeContent([' a\t\tb ', '', 'c ']), 'a b\nc');
  });
});
