import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { buildSignatureTable } from '../../src/cc/signatures.js';
import { DiskScanCache } from '../../src/source/cache.js';
import { type ScannedSource, SourceScanner, scanSource } from '../../src/source/scan.js';
import { CCGUARD_CACHE_KEY, CCGUARD_VERSION } from '../../src/version.js';
import { Workspace } from '../../src/workspace/workspace.js';

const table = buildSignatureTable();
const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-cache-'));
  temps.push(d);
  return d;
}

const CC_FILE =
  'VOID\r\nFoo (\r\n  VOID\r\n  )\r\n{\r\n  if (MemEncryptSevIsEnabled ()) {\r\n    Bar ();\r\n  }\r\n}\r\n';
const PLAIN_FILE = '// Severity levels\nVOID\nBaz (\n  VOID\n  )\n{\n  Qux ();\n}\n';
const COMMENT_ONLY = '/* MemEncryptSevIsEnabled () is not called here */\nVOID Quux (VOID) { }\n';

/** A tree on disk, a cache folder, and a scan of every file through a fresh cache each time. */
function fixture() {
  const root = tempDir();
  const cacheDir = tempDir();
  const files: Record<string, string> = {
    'Pkg/Cc.c': CC_FILE,
    'Pkg/Plain.c': PLAIN_FILE,
    'Pkg/Comment.c': COMMENT_ONLY,
    'Pkg/Plain.nasm': 'BITS 64\nglobal Foo\nFoo:\n  ret\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  const scanAll = (): { results: Map<string, ScannedSource>; reads: string[] } => {
    const ws = Workspace.open(root);
    const reads: string[] = [];
    const transient = ws.readTransient.bind(ws);
    ws.readTransient = (rel) => {
      reads.push(rel);
      return transient(rel);
    };
    const cache = new DiskScanCache(cacheDir, root);
    const scanner = new SourceScanner(ws, table, cache);
    const results = new Map<string, ScannedSource>();
    for (const f of ws.listFiles()) {
      const s = scanner.scan(f);
      if (s) results.set(f, s);
    }
    cache.save();
    return { results, reads: reads.sort() };
  };
  return { root, cacheDir, scanAll };
}

describe('scan cache', () => {
  it('gives each of two files with the same content its own path', () => {
    const root = tempDir();
    const cacheDir = tempDir();
    const nasm = 'BITS 64\nglobal Foo\nFoo:\n  cmp byte [SEV_ES_WORK_AREA], 0\n  ret\n';
    const files: Record<string, string> = {
      'A/Cc.c': CC_FILE,
      'B/Cc.c': CC_FILE,
      'A/Sev.nasm': nasm,
      'B/Sev.nasm': nasm,
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    const run = (): ScannedSource[] => {
      const ws = Workspace.open(root);
      const cache = new DiskScanCache(cacheDir, root);
      const scanner = new SourceScanner(ws, table, cache);
      const out = ws.listFiles().map((f) => scanner.scan(f)!);
      cache.save();
      return out;
    };
    const cold = run();
    const warm = run();
    assert.deepEqual(warm, cold);
    for (const s of warm) {
      assert.ok(s.touchpoints.length > 0, s.path);
      for (const t of s.touchpoints) assert.equal(t.path, s.path);
      assert.equal((s.c ?? s.nasm)!.path, s.path);
      assert.ok(s.codeLines && s.codeLines.length === s.lineCount + 1, `${s.path} keeps its masked lines`);
    }
  });

  it('gives the same scans cold, warm and without a cache', () => {
    const { root, scanAll } = fixture();
    const cold = scanAll();
    const warm = scanAll();
    assert.deepEqual(warm.results, cold.results);
    const ws = Workspace.open(root);
    for (const [f, s] of cold.results) {
      const plain = scanSource(f, ws.read(f)!.raw, s.language, table, '');
      assert.deepEqual({ ...s, hash: '' }, plain, f);
    }
    assert.equal(cold.results.get('Pkg/Cc.c')!.touchpoints.length, 1);
    assert.equal(cold.results.get('Pkg/Plain.c')!.touchpoints.length, 0);
  });

  it('reads no unchanged file on a warm run', () => {
    const { scanAll } = fixture();
    assert.equal(scanAll().reads.length, 4);
    assert.deepEqual(scanAll().reads, []);
  });

  it('keeps files without CC code by stat only: no hash, no entry', () => {
    const { cacheDir, scanAll } = fixture();
    const cold = scanAll();
    assert.equal(cold.results.get('Pkg/Plain.c')!.hash, '');
    assert.notEqual(cold.results.get('Pkg/Cc.c')!.hash, '');
    // Raw hits only in a comment: scanned in full (and hashed), with no touchpoints.
    assert.notEqual(cold.results.get('Pkg/Comment.c')!.hash, '');
    const [file] = fs.readdirSync(cacheDir).filter((f) => f.startsWith('scan-'));
    const data = JSON.parse(fs.readFileSync(path.join(cacheDir, file!), 'utf8'));
    assert.deepEqual(Object.keys(data.stats).sort(), [
      'Pkg/Cc.c',
      'Pkg/Comment.c',
      'Pkg/Plain.c',
      'Pkg/Plain.nasm',
    ]);
    assert.equal(data.stats['Pkg/Plain.c'].clean, PLAIN_FILE.length);
    assert.equal(Object.keys(data.entries).length, 2);
  });

  it('reads again and rescans a file whose stat changed', () => {
    const { root, scanAll } = fixture();
    scanAll();
    // A file without CC code gains some: its stat record must not hide it.
    const plain = path.join(root, 'Pkg/Plain.c');
    fs.writeFileSync(plain, PLAIN_FILE.replace('Qux ();', 'if (TdIsEnabled ()) { Qux (); }'));
    const future = new Date(Date.now() + 10_000);
    fs.utimesSync(plain, future, future);
    const warm = scanAll();
    assert.deepEqual(warm.reads, ['Pkg/Plain.c']);
    assert.deepEqual(
      warm.results.get('Pkg/Plain.c')!.touchpoints.map((t) => t.text),
      ['TdIsEnabled'],
    );
    // And loses it again.
    fs.writeFileSync(plain, PLAIN_FILE);
    const later = new Date(Date.now() + 20_000);
    fs.utimesSync(plain, later, later);
    const again = scanAll();
    assert.deepEqual(again.reads, ['Pkg/Plain.c']);
    assert.equal(again.results.get('Pkg/Plain.c')!.touchpoints.length, 0);
  });

  it('drops records of files that are gone', () => {
    const { root, cacheDir, scanAll } = fixture();
    scanAll();
    fs.rmSync(path.join(root, 'Pkg/Plain.c'));
    fs.rmSync(path.join(root, 'Pkg/Cc.c'));
    scanAll();
    const [file] = fs.readdirSync(cacheDir).filter((f) => f.startsWith('scan-'));
    const data = JSON.parse(fs.readFileSync(path.join(cacheDir, file!), 'utf8'));
    assert.deepEqual(Object.keys(data.stats).sort(), ['Pkg/Comment.c', 'Pkg/Plain.nasm']);
    assert.equal(Object.keys(data.entries).length, 1);
  });

  it('ignores a cache another build of ccguard wrote', () => {
    const { cacheDir, scanAll } = fixture();
    assert.equal(scanAll().reads.length, 4);
    assert.equal(scanAll().reads.length, 0, 'warm');
    const [file] = fs.readdirSync(cacheDir).filter((f) => f.startsWith('scan-'));
    const at = path.join(cacheDir, file!);
    const data = JSON.parse(fs.readFileSync(at, 'utf8'));
    assert.equal(data.version, CCGUARD_CACHE_KEY);
    fs.writeFileSync(at, JSON.stringify({ ...data, version: `${CCGUARD_VERSION}+0000000000000000` }));
    assert.equal(scanAll().reads.length, 4, 'same version, other build: read everything again');
  });
});
