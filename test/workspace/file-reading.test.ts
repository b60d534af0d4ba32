import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { DiskSource, MemorySource } from '../../src/workspace/file-source.js';
import { acceptUtf8, decodeRaw, decodeText, splitLines } from '../../src/workspace/text.js';
import { Workspace } from '../../src/workspace/workspace.js';

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('splitLines', () => {
  it('splits at LF, CRLF and lone CR, as the normalised text would', () => {
    assert.deepEqual(splitLines('a\nb\r\nc\rd'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(splitLines('a\r\r\nb'), ['a', '', 'b']);
    assert.deepEqual(splitLines('a\n\r\nb\n'), ['a', '', 'b']);
  });
  it('drops only the empty line after a final line end', () => {
    assert.deepEqual(splitLines('a\r\n'), ['a']);
    assert.deepEqual(splitLines('a\r\n\r\n'), ['a', '']);
    assert.deepEqual(splitLines(''), []);
  });
});

describe('decoding', () => {
  it('strips a UTF-8 BOM and normalises line ends in decodeText only', () => {
    const raw = decodeRaw(bytes([0xef, 0xbb, 0xbf], 'x\r\ny'));
    assert.deepEqual(raw, { kind: 'text', text: 'x\r\ny' });
    assert.deepEqual(decodeText(bytes([0xef, 0xbb, 0xbf], 'x\r\ny\rz')), { kind: 'text', text: 'x\ny\nz' });
  });
  it('refuses UTF-16 and binary files, and finds NULs only in the first 8000 bytes', () => {
    assert.equal(decodeRaw(bytes([0xff, 0xfe], 'a')).kind, 'utf16');
    assert.equal(decodeRaw(bytes([0xfe, 0xff], 'a')).kind, 'utf16');
    assert.equal(decodeRaw(bytes([0x61, 0x00, 0x62, 0x00, 0x63, 0x00])).kind, 'utf16');
    assert.deepEqual(decodeRaw(bytes('ab', [0])), { kind: 'binary', reason: 'NUL byte at offset 2' });
    assert.deepEqual(decodeRaw(bytes([0xef, 0xbb, 0xbf], 'a', [0])), {
      kind: 'binary',
      reason: 'NUL byte at offset 4',
    });
    assert.equal(decodeRaw(bytes('a'.repeat(8000), [0])).kind, 'text');
  });
  it('accepts platform-decoded UTF-8 only when the bytes could not say otherwise', () => {
    assert.equal(acceptUtf8('\ufeffa\r\nb'), 'a\r\nb');
    assert.equal(acceptUtf8('a\u0000b'), undefined);
    assert.equal(acceptUtf8('\ufffd\ufffda'), undefined);
    assert.equal(acceptUtf8(''), '');
  });
  it('accepts exactly what decodeRaw would have made of the bytes, or defers to it', () => {
    const cases: Buffer[] = [
      bytes('plain\r\n'),
      bytes([0xef, 0xbb, 0xbf], 'bom'),
      bytes('# caf', [0xe9], '\r\n'),
      bytes('\ufffd literal'),
      bytes('a'.repeat(7999), [0], 'late'),
      bytes('a'.repeat(8000), [0], 'later'),
      bytes('a'.repeat(8001), [0], 'latest'),
      bytes('\u00e9'.repeat(4500), [0], 'multi-byte before the NUL'),
      bytes([0xff, 0xfe, 0x61, 0x00]),
      bytes([0xfe, 0xff, 0x00, 0x61]),
      bytes([0x61, 0x00, 0x62, 0x00]),
      bytes([0xef, 0xbb, 0xbf, 0x00]),
      bytes([0xc3]),
      bytes(''),
    ];
    for (const b of cases) {
      const accepted = acceptUtf8(b.toString('utf8'));
      const decoded = decodeRaw(b);
      if (accepted !== undefined)
        assert.deepEqual({ kind: 'text', text: accepted }, decoded, JSON.stringify(b));
    }
  });
});

describe('Workspace reading on disk and in memory', () => {
  const files: Record<string, Buffer> = {
    'Pkg/Crlf.inf': bytes('[Defines]\r\n  BASE_NAME = X\r\n'),
    'Pkg/LoneCr.dsc': bytes('a\rb\r\nc'),
    'Pkg/Bom.dec': bytes([0xef, 0xbb, 0xbf], '[Defines]\n'),
    'Pkg/Latin1.inf': bytes('# caf', [0xe9], '\r\nx\r\n'),
    'Pkg/LiteralReplacement.inf': bytes('\ufffd\n'),
    'Pkg/LateNul.inf': bytes('a'.repeat(8001), [0], '\n'),
    'Pkg/Wide.uni': bytes([0xff, 0xfe, 0x61, 0x00]),
    'Pkg/Blob.bin': bytes('ab', [0, 1]),
    'Pkg/Empty.inf': bytes(''),
    // Larger than DiskSource's first buffer (1 MiB), with a 3-byte character across the 1 MiB mark.
    'Pkg/Large.h': bytes('x'.repeat(2 ** 20 - 1), '\u20ac', 'y'.repeat(2 ** 20 + 5)),
    'Pkg/Small.h': bytes('after a large file\n'),
    'Pkg/Cut.h': bytes('cut ', [0xe2, 0x82]),
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-ws-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads every file to the same text, lines and diagnostics', () => {
    const disk = Workspace.open(dir);
    const memory = new Workspace([new MemorySource('mem', new Map(Object.entries(files)))]);
    for (const rel of Object.keys(files).sort()) {
      const a = disk.read(rel);
      const b = memory.read(rel);
      assert.equal(a?.text, b?.text, rel);
      assert.deepEqual(a?.lines, b?.lines, rel);
    }
    assert.deepEqual(disk.read('Pkg/LoneCr.dsc')?.lines, ['a', 'b', 'c']);
    assert.equal(disk.read('Pkg/Bom.dec')?.text, '[Defines]\n');
    assert.equal(disk.read('Pkg/Latin1.inf')?.lines[0], '# caf\ufffd');
    assert.equal(disk.read('Pkg/Wide.uni'), undefined);
    assert.equal(disk.read('Pkg/Blob.bin'), undefined);
    assert.deepEqual(
      disk.diagnostics.all.map((d) => d.file),
      memory.diagnostics.all.map((d) => d.file),
    );
    assert.deepEqual(disk.diagnostics.all.map((d) => d.file).sort(), ['Pkg/Blob.bin', 'Pkg/Wide.uni']);
  });

  it('DiskSource.readUtf8 gives what fs.readFileSync gives, whatever was read before', () => {
    const disk = new DiskSource(dir);
    const order = Object.keys(files).sort();
    for (const rel of [...order, ...order.reverse()]) {
      assert.equal(disk.readUtf8(rel), fs.readFileSync(path.join(dir, rel), 'utf8'), rel);
    }
    assert.equal(disk.readUtf8('Pkg'), undefined, 'a folder');
    assert.equal(disk.readUtf8('Pkg/Missing.h'), undefined);
  });

  it('answers isFile the same before and after the tree is listed', () => {
    const ws = Workspace.open(dir);
    assert.equal(ws.isFile('Pkg/Crlf.inf'), true);
    assert.equal(ws.isFile('Pkg/Missing.inf'), false);
    assert.equal(ws.isFile('Pkg'), false);
    assert.deepEqual(ws.listFiles(), Object.keys(files).sort());
    assert.equal(ws.isFile('Pkg/Crlf.inf'), true);
    assert.equal(ws.isFile('Pkg/Missing.inf'), false);
  });
});
