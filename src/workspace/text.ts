/**
 * Decoding of EDK II text files: CRLF, LF or lone CR line ends (as Python's splitlines, which
 * BaseTools uses), an optional UTF-8 BOM. UTF-16 and binary files are refused rather than
 * misread, so that a stray `.uni` or blob never yields phantom metadata.
 */

export type DecodeResult =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'utf16'; readonly reason: string }
  | { readonly kind: 'binary'; readonly reason: string };

const BINARY_SNIFF_BYTES = 8000;

export function decodeText(bytes: Uint8Array): DecodeResult {
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    return { kind: 'utf16', reason: 'UTF-16 byte-order mark' };
  }
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const limit = Math.min(bytes.length, start + BINARY_SNIFF_BYTES);
  for (let i = start; i < limit; i++) {
    if (bytes[i] === 0) {
      // UTF-16LE text without a BOM shows NULs at every odd offset.
      const looksUtf16 = i % 2 === 1 && bytes.length > 4 && bytes[1] === 0 && bytes[3] === 0;
      return looksUtf16
        ? { kind: 'utf16', reason: 'UTF-16 text without byte-order mark' }
        : { kind: 'binary', reason: `NUL byte at offset ${i}` };
    }
  }
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.length - start).toString('utf8');
  return { kind: 'text', text: normalizeLineEnds(raw) };
}

/** CRLF and lone CR become LF. */
export function normalizeLineEnds(text: string): string {
  return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
}

/** Lines without terminators; a final newline does not produce an empty last line. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
