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
  const r = decodeRaw(bytes);
  return r.kind === 'text' ? { kind: 'text', text: normalizeLineEnds(r.text) } : r;
}

/**
 * As `decodeText`, but line ends are left as they are: `splitLines` copes with them, and the
 * metadata parsers read lines only, so most files never need the normalised copy of their text.
 */
export function decodeRaw(bytes: Uint8Array): DecodeResult {
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    return { kind: 'utf16', reason: 'UTF-16 byte-order mark' };
  }
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.length - start);
  // Buffer.indexOf is a memchr: far cheaper than a byte loop in a cold process.
  const nul = buf.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
  if (nul >= 0) {
    const i = nul + start;
    // UTF-16LE text without a BOM shows NULs at every odd offset.
    const looksUtf16 = i % 2 === 1 && bytes.length > 4 && bytes[1] === 0 && bytes[3] === 0;
    return looksUtf16
      ? { kind: 'utf16', reason: 'UTF-16 text without byte-order mark' }
      : { kind: 'binary', reason: `NUL byte at offset ${i}` };
  }
  return { kind: 'text', text: buf.toString('utf8') };
}

/**
 * Text read as UTF-8 by the platform (fs.readFileSync's native UTF-8 path), without its BOM, when
 * that is certainly what `decodeRaw` would have made of the bytes. `decodeRaw` refuses a file only
 * for a UTF-16 byte-order mark (which decodes to U+FFFD first) or a NUL among its first bytes;
 * otherwise it decodes as UTF-8 too, undecodable bytes and all. So only the start of the text is
 * looked at: no pass over the whole of every file. Undefined means: decode the bytes instead.
 */
export function acceptUtf8(text: string): string | undefined {
  const first = text.charCodeAt(0);
  if (first === 0xfffd) return undefined;
  // A character is at least one byte: the first BINARY_SNIFF_BYTES characters cover the bytes
  // `decodeRaw` sniffs (and a few more, which only sends a rare file the slow way).
  const head = text.length > BINARY_SNIFF_BYTES ? text.substring(0, BINARY_SNIFF_BYTES + 1) : text;
  if (head.indexOf('\0') >= 0) return undefined;
  return first === 0xfeff ? text.slice(1) : text;
}

/** CRLF and lone CR become LF. */
export function normalizeLineEnds(text: string): string {
  return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
}

/**
 * Lines without terminators, split at LF, CRLF or a lone CR (so the text need not be
 * normalised first); a final line end does not produce an empty last line.
 */
export function splitLines(text: string): string[] {
  const lines = text.indexOf('\r') === -1 ? text.split('\n') : text.split(/\r\n?|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
