/**
 * The metadata parsers take shortcuts on their hot paths (see bench/metadata.ts). Each shortcut
 * must give exactly what the plain way gives; these properties compare them on random text
 * built from the characters that matter.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DSC_DIALECT } from '../../src/metadata/dsc.js';
import { isAlnum, isAlpha, isIdChar } from '../../src/metadata/expression-lexer.js';
import { cleanCode, cleanLine } from '../../src/metadata/lines.js';
import { Preprocessor, stripFdfComment } from '../../src/metadata/preprocessor.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { normalizeLineEnds, splitLines } from '../../src/workspace/text.js';
import { Workspace } from '../../src/workspace/workspace.js';

/** FdfParser.PreprocessFile's comment rules, one character at a time. */
function referenceStripFdf(line: string, state: { inBlockComment: boolean }): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (state.inBlockComment) {
      if (c === '*' && line[i + 1] === '/') {
        state.inBlockComment = false;
        i++;
      }
      out += ' ';
      continue;
    }
    if (c === '"') inString = !inString;
    else if (c === '/' && line[i + 1] === '/') break;
    else if (c === '#' && !inString) break;
    else if (c === '/' && line[i + 1] === '*') {
      state.inBlockComment = true;
      out += ' ';
      i++;
      continue;
    }
    out += c;
  }
  return out.trim();
}

const textOf = (chars: string[]) =>
  fc.array(fc.constantFrom(...chars), { maxLength: 40 }).map((a) => a.join(''));

describe('hot-path shortcuts', () => {
  it('stripFdfComment equals the character-by-character rules, block comments carried across lines', () => {
    const line = textOf(['a', 'b', ' ', '\t', '"', '#', '/', '*', '|', '{']);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        const fast = { inBlockComment: false };
        const slow = { inBlockComment: false };
        for (const l of lines) {
          assert.equal(stripFdfComment(l, fast), referenceStripFdf(l, slow), JSON.stringify(l));
          assert.equal(fast.inBlockComment, slow.inBlockComment);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('cleanLine with // comments equals replacing every // first', () => {
    fc.assert(
      fc.property(textOf(['a', ' ', '"', "'", '#', '/']), (raw) => {
        const line = raw.trim();
        const expected = cleanLine(line === '' ? line : line.split('//').join('#'), false);
        assert.deepEqual(cleanLine(raw, true), expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('cleanCode equals the code part of cleanLine', () => {
    fc.assert(
      fc.property(textOf(['a', ' ', '\t', '"', "'", '#', '/']), (raw) => {
        assert.equal(cleanCode(raw), cleanLine(raw).code);
      }),
      { numRuns: 2000 },
    );
  });

  it('splitLines on raw text equals splitting the normalised text at LF', () => {
    fc.assert(
      fc.property(textOf(['a', '\r', '\n', ' ']), (text) => {
        const normalised = normalizeLineEnds(text).split('\n');
        if (normalised[normalised.length - 1] === '') normalised.pop();
        assert.deepEqual(splitLines(text), normalised);
      }),
      { numRuns: 2000 },
    );
  });

  it('a skipped branch still sees its directives, even after odd blanks or inside a {CODE( value', () => {
    const text = [
      '[Defines]',
      '!if FALSE',
      '  gTok.PcdA|{CODE({',
      '!endif',
      '  0})}',
      '\u00a0!else',
      '  A = 1',
      '!endif',
      '!if FALSE',
      '\t!if TRUE',
      '  B = 2',
      '  !endif',
      '!else',
      '  C = 3',
      '!endif',
    ].join('\r\n');
    const ws = new Workspace([MemorySource.fromStrings('mem', { 'P.dsc': text })]);
    const pp = new Preprocessor(ws, 'P.dsc', DSC_DIALECT);
    const seen: string[] = [];
    for (let l = pp.next(); l !== undefined; l = pp.next()) {
      seen.push(`${l.origin.line}:${l.kind === 'statement' ? l.text : l.kind}`);
    }
    // The `{CODE(` value takes line 4's `!endif` with it, so line 6's `!else` (after a no-break
    // space, which trim() removes) is the branch that is taken.
    assert.deepEqual(seen, ['1:section', '7:A = 1', '14:C = 3']);
    assert.deepEqual(ws.diagnostics.all, []);
  });

  it('the ASCII answers of isAlpha, isAlnum and isIdChar agree with the Unicode classes', () => {
    for (let code = 0; code < 0x3000; code++) {
      const c = String.fromCharCode(code);
      assert.equal(isAlpha(c), /^\p{L}$/u.test(c), `isAlpha U+${code.toString(16)}`);
      assert.equal(isAlnum(c), /^[\p{L}\p{N}]$/u.test(c), `isAlnum U+${code.toString(16)}`);
      assert.equal(isIdChar(c), c === '.' || c === '_' || c === ':' || /^[\p{L}\p{N}]$/u.test(c));
    }
    for (const s of ['', 'ab', '\u{1F600}', '\ud800']) {
      assert.equal(isAlpha(s), /^\p{L}$/u.test(s));
      assert.equal(isAlnum(s), /^[\p{L}\p{N}]$/u.test(s));
    }
  });
});
