import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { map } from '../../src/api.js';
import type { MapJson } from '../../src/cc/map-report.js';
import { projectFile } from '../helpers/project-file.js';

const ROOT = projectFile('examples/edk2-mini');
const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

const plain = map({ root: ROOT, cacheDir: false });

function moduleOf(
  json: MapJson,
  tech: string,
  inf: string,
): MapJson['technologies'][number]['modules'][number] {
  const m = json.technologies.find((t) => t.id === tech)?.modules.find((x) => x.inf === inf);
  assert.ok(m, `${tech} ${inf} in the map`);
  return m;
}

interface ExpectedRow {
  readonly techs: readonly string[];
  readonly infs: readonly string[];
  readonly level: string;
  readonly basic?: boolean;
  readonly mixedLines?: number;
}

/** The rows of EXPECTED.md's table 5.1 (`…/X.inf` is X.inf in the folder of the row's first INF). */
function expectedModuleRows(): ExpectedRow[] {
  const text = fs.readFileSync(path.join(ROOT, 'EXPECTED.md'), 'utf8');
  const section = text.slice(text.indexOf('### 5.1'), text.indexOf('### 5.2'));
  const rows: ExpectedRow[] = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6 || !cells[2]!.endsWith('.inf')) continue;
    const listed = cells[2]!.split(', ');
    const dir = path.posix.dirname(listed[0]!);
    const infs = listed.map((i) => (i.startsWith('…/') ? `${dir}/${i.slice(2)}` : i));
    const level = cells[3]!.split(' ')[0]!;
    const lines = /^mixed \((\d+) lines\)$/.exec(cells[3]!);
    const ba = cells[4]!;
    rows.push({
      techs: cells[1]!.split(', '),
      infs,
      level,
      ...(ba.startsWith('basic') ? { basic: true } : ba.startsWith('advanced') ? { basic: false } : {}),
      ...(lines ? { mixedLines: Number(lines[1]) } : {}),
    });
  }
  return rows;
}

const sorted = (xs: readonly string[]): boolean => xs.every((x, i) => i === 0 || xs[i - 1]! < x);

describe('map --json on examples/edk2-mini', () => {
  it('keeps the public shape: ids, levels, sorted workspace-relative paths', () => {
    assert.deepEqual(
      plain.technologies.map((t) => t.id),
      ['sev', 'tdx', 'cca', 'cc'],
    );
    for (const t of plain.technologies) {
      assert.ok(sorted(t.modules.map((m) => m.inf)), `${t.id} modules sorted`);
      for (const m of t.modules) {
        assert.ok(['A', 'B', 'C', 'D', 'mixed'].includes(m.level), `${m.inf} level ${m.level}`);
        assert.equal(typeof m.basic, 'boolean');
        assert.ok(sorted(m.platforms), `${m.inf} platforms sorted`);
        assert.ok(sorted(m.files.map((f) => f.path)), `${m.inf} files sorted`);
        for (const p of [m.inf, ...m.platforms, ...m.files.map((f) => f.path)]) {
          assert.ok(!p.includes('\\') && !path.isAbsolute(p), p);
        }
        for (const f of m.files) assert.ok(f.touchpoints >= 0 && f.mixedLines >= 0);
        assert.ok(Array.isArray(m.evidence) && m.evidence.length > 0, `${m.inf} has evidence`);
      }
    }
    assert.ok('summary' in plain && Array.isArray(plain.diagnostics));
  });

  it('gives every module the level of EXPECTED.md section 5.1', () => {
    const rows = expectedModuleRows();
    assert.ok(rows.length >= 25, `${rows.length} rows read`);
    for (const row of rows) {
      for (const tech of row.techs) {
        for (const inf of row.infs) {
          const m = moduleOf(plain, tech, inf);
          const where = `${tech} ${inf}`;
          assert.equal(m.level, row.level, where);
          if (row.basic !== undefined) assert.equal(m.basic, row.basic, where);
        }
      }
    }
  });

  it('counts the mixed lines of EXPECTED.md section 5.1', () => {
    for (const row of expectedModuleRows()) {
      if (row.mixedLines === undefined) continue;
      for (const tech of row.techs)
        for (const inf of row.infs)
          assert.equal(moduleOf(plain, tech, inf).mixedLines, row.mixedLines, `${tech} ${inf}`);
    }
  });

  it('is the same, byte for byte, without cache, cold, from the memo and from the scan cache', () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-map-'));
    temps.push(cacheDir);
    const expected = JSON.stringify(plain);
    assert.equal(JSON.stringify(map({ root: ROOT, cacheDir: false })), expected, 'twice without cache');
    assert.equal(JSON.stringify(map({ root: ROOT, cacheDir })), expected, 'cold');
    assert.equal(JSON.stringify(map({ root: ROOT, cacheDir })), expected, 'from the memo');
    for (const f of fs.readdirSync(cacheDir)) if (f.startsWith('map-')) fs.rmSync(path.join(cacheDir, f));
    assert.equal(JSON.stringify(map({ root: ROOT, cacheDir })), expected, 'from the scan cache');
  });
});
