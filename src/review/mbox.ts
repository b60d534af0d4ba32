/**
 * Patch files as people pass them around: one `git format-patch` file, an mbox holding a whole
 * series (a mailing-list archive, `git format-patch --stdout`, `b4 am`), a single saved mail, or a
 * bare diff. Each becomes a list of messages in file order, with the subject decoded (RFC 2047)
 * and the body decoded (quoted-printable, base64, multipart attachments) — the body stays a
 * `latin1` string, one character per byte, for the diff parser.
 */

export interface PatchMessage {
  /** The file the message came from, as the user named it. */
  readonly file: string;
  /** 1-based position of the message in its file. */
  readonly index: number;
  /** How many messages the file holds. */
  readonly count: number;
  /** The mail's subject, or the file's name for a bare diff. */
  readonly subject: string;
  /** The decoded body (`latin1`: one character per byte). */
  readonly body: string;
}

/**
 * The line mbox writes before every message: `From <sender or commit> <ctime date>`, e.g.
 * `From 1a2b… Mon Sep 17 00:00:00 2001`. A commit message's own `From the spec…` is no separator.
 */
const MBOX_FROM = /^From \S+ .*\b\d{1,2}:\d\d(?::\d\d)?\b.*\b\d{4}\b/;
const HEADER_LINE = /^[A-Za-z0-9-]+:/;

/** Split a patch file into messages in file order. */
export function splitPatchFile(file: string, bytes: Uint8Array): PatchMessage[] {
  // CRs stay: a CRLF file's patch carries them on purpose; the patcher compares lines modulo CR.
  const text = Buffer.from(bytes).toString('latin1');
  const lines = text.split('\n');
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (MBOX_FROM.test(lines[i]!) && HEADER_LINE.test(lines[i + 1] ?? '')) starts.push(i + 1);
  }
  const raws: string[][] =
    starts.length > 0
      ? starts.map((s, k) => lines.slice(s, k + 1 < starts.length ? starts[k + 1]! - 1 : lines.length))
      : [lines];
  const messages = raws.map((raw) => parseMessage(raw, starts.length > 0 || looksLikeMail(raw)));
  return messages.map((m, k) => ({
    file,
    index: k + 1,
    count: messages.length,
    subject: m.subject ?? baseName(file),
    body: m.body,
  }));
}

function looksLikeMail(lines: readonly string[]): boolean {
  const end = lines.indexOf('');
  const head = end < 0 ? [] : lines.slice(0, end);
  return head.length > 0 && HEADER_LINE.test(head[0]!) && head.some((l) => /^subject:/i.test(l));
}

interface Parsed {
  readonly subject?: string;
  readonly body: string;
}

function parseMessage(lines: readonly string[], isMail: boolean): Parsed {
  if (!isMail) return { body: lines.join('\n') };
  const end = lines.findIndex((l) => l === '' || l === '\r');
  const headers = parseHeaders(end < 0 ? lines : lines.slice(0, end));
  const bodyLines = end < 0 ? [] : lines.slice(end + 1);
  // mboxrd/mboxo escape body lines that begin with `From `; diff lines never do, prose may.
  const body = bodyLines.map((l) => (/^>+From /.test(l) ? l.slice(1) : l)).join('\n');
  const subject = headers.get('subject');
  return {
    ...(subject === undefined ? {} : { subject: decodeWords(subject).replace(/\s+/g, ' ').trim() }),
    body: decodeBody(headers, body),
  };
}

/** Header name (lower case) → value, folded lines joined; the first occurrence wins. */
function parseHeaders(lines: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | undefined;
  let value = '';
  const flush = (): void => {
    if (name !== undefined && !out.has(name)) out.set(name, value.trim());
  };
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (/^[ \t]/.test(line) && name !== undefined) {
      value += ` ${line.trim()}`;
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    name = colon < 0 ? undefined : line.slice(0, colon).trim().toLowerCase();
    value = colon < 0 ? '' : line.slice(colon + 1);
  }
  flush();
  return out;
}

/** A body by its Content-Type and Content-Transfer-Encoding; multipart parts joined in order. */
function decodeBody(headers: ReadonlyMap<string, string>, body: string): string {
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(new RegExp(`^--${escapeRegExp(boundary)}(?:--)?[ \\t\\r]*$`, 'm')).slice(1, -1);
    return parts
      .map((part) => {
        const lines = part.replace(/^\r?\n/, '').split('\n');
        const end = lines.findIndex((l) => l === '' || l === '\r');
        const h = parseHeaders(end < 0 ? [] : lines.slice(0, end));
        const partType = h.get('content-type') ?? 'text/plain';
        if (!/^(text|multipart)\//i.test(partType) && !/x-patch|x-diff/i.test(partType)) return '';
        return decodeBody(h, end < 0 ? part : lines.slice(end + 1).join('\n'));
      })
      .join('\n');
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('latin1');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

function decodeQuotedPrintable(s: string): string {
  return s
    .replace(/[ \t]+(\r?\n)/g, '$1')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/** RFC 2047 encoded words (`=?UTF-8?q?…?=`, `=?utf-8?B?…?=`) in a header value. */
function decodeWords(value: string): string {
  // Whitespace between two encoded words is not part of the text.
  const joined = value.replace(/(\?=)\s+(=\?)/g, '$1$2');
  const latin1 = joined.replace(
    /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g,
    (_, charset: string, enc: string, data: string) => {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64')
          : Buffer.from(
              data
                .replace(/_/g, ' ')
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) =>
                  String.fromCharCode(Number.parseInt(h, 16)),
                ),
              'latin1',
            );
      let decoded: string;
      try {
        decoded = new TextDecoder(charset.replace(/\*.*$/, '')).decode(bytes);
      } catch {
        decoded = bytes.toString('utf8');
      }
      // Back to one character per UTF-8 byte, like the rest of the header.
      return Buffer.from(decoded, 'utf8').toString('latin1');
    },
  );
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
