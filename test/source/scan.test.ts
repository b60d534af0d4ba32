/**
 * The scan's first pass over the raw text may only ever let files through: every touchpoint of
 * the comment-masked text must be found when the file is scanned in full.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSignatureTable } from '../../src/cc/signatures.js';
import { findTouchpoints } from '../../src/cc/touchpoints.js';
import { maskCComments } from '../../src/source/c.js';
import { scanSource } from '../../src/source/scan.js';

const table = buildSignatureTable();

describe('source scan', () => {
  const cases: [string, string][] = [
    [
      'a quote in a block comment before the call',
      "VOID F (VOID) {\n  /* don't */ if (MemEncryptSevIsEnabled ()) { G (); }\n}\n",
    ],
    [
      'a double quote in a block comment',
      'VOID F (VOID) {\n  /* "a */ MemEncryptSevClearPageEncMask (0, 1, 1);\n}\n',
    ],
    ['CRLF line ends', "VOID F (VOID) {\r\n  /* it's */ TdCall (1, 0, 0, 0, 0);\r\n}\r\n"],
  ];
  for (const [name, text] of cases) {
    it(`finds what the masked text holds: ${name}`, () => {
      const masked = maskCComments(text.replace(/\r\n?/g, '\n'));
      const expected = findTouchpoints({ path: 'F.c', text: masked, language: 'c' }, table);
      assert.ok(expected.length > 0, 'the case has a touchpoint');
      const scanned = scanSource('F.c', text, 'c', table, '');
      assert.deepEqual(
        scanned.touchpoints.map((t) => `${t.line}:${t.text}`),
        expected.map((t) => `${t.line}:${t.text}`),
      );
    });
  }

  it('leaves a file whose touchpoints are all weak without CC code, and skips its full scan', () => {
    // PcdGhcbBase is weak (generic DxeIpl reads it too): alone it is no SEV code.
    const text = 'VOID F (VOID) {\n  UINT64 B = PcdGet64 (PcdGhcbBase);\n  AddressEncMask = 0;\n}\n';
    const raw = findTouchpoints({ path: 'F.c', text, language: 'c' }, table, { inStrings: true });
    assert.ok(raw.length > 0 && raw.every((t) => t.weak), 'the case has weak touchpoints only');
    const scanned = scanSource('F.c', text, 'c', table, '');
    assert.deepEqual(scanned.touchpoints, []);
    assert.equal(scanned.c, undefined);
    assert.equal(scanned.codeLines, undefined);
  });

  it('scans a file in full when a weak touchpoint sits next to a strong one', () => {
    const text = 'VOID F (VOID) {\n  if (MemEncryptSevIsEnabled ()) { B = PcdGet64 (PcdGhcbBase); }\n}\n';
    const scanned = scanSource('F.c', text, 'c', table, '');
    assert.deepEqual(
      scanned.touchpoints.map((t) => `${t.text}${t.weak ? ' (weak)' : ''}`),
      ['MemEncryptSevIsEnabled', 'PcdGhcbBase (weak)'],
    );
    assert.ok(scanned.c);
  });
});
