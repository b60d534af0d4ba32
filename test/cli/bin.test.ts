/**
 * The `ccguard` command users run is the bundle package.json names as its bin, not the module
 * tree the other tests import: it must exist after the build and answer as the modules do.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CCGUARD_BUILD, CCGUARD_VERSION } from '../../src/version.js';

// dist/test/cli → the package root
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
};
const BIN = path.join(ROOT, pkg.bin.ccguard!);
const MODULES = path.join(ROOT, 'dist/src/cli/main.js');
const EXAMPLE = path.join(ROOT, 'examples/edk2-mini');

const run = (script: string, args: readonly string[]) =>
  spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', cwd: ROOT });

describe('the ccguard bin', () => {
  it('is built, and shipped with the package', () => {
    assert.ok(fs.existsSync(BIN), `${pkg.bin.ccguard} exists after npm run build`);
    assert.ok(pkg.files.includes(pkg.bin.ccguard!), 'package.json "files" lists it');
  });

  it('knows its build, from the modules and from the bundle, for the cache keys', () => {
    const id = (p: string) => (JSON.parse(fs.readFileSync(path.join(ROOT, p), 'utf8')) as { id: string }).id;
    assert.match(CCGUARD_BUILD, /^[0-9a-f]{16}$/);
    assert.equal(id('dist/src/build-id.json'), CCGUARD_BUILD);
    assert.equal(id('dist/build-id.json'), CCGUARD_BUILD);
    assert.ok(pkg.files.includes('dist/build-id.json'), 'shipped next to the bundle');
  });

  it('prints the version', () => {
    assert.equal(
      execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' }).trim(),
      CCGUARD_VERSION,
    );
  });

  it('gives the same output and exit code as the modules, for map and check', () => {
    for (const args of [
      ['map', EXAMPLE, '--json', '--no-cache'],
      ['check', EXAMPLE, '--format', 'json', '--no-cache'],
      ['check', EXAMPLE, '--no-cache', '--rule', 'no-such-rule'],
      ['rules'],
    ]) {
      const bundled = run(BIN, args);
      const modules = run(MODULES, args);
      assert.equal(bundled.status, modules.status, args.join(' '));
      assert.equal(bundled.stdout, modules.stdout, args.join(' '));
      assert.equal(bundled.stderr, modules.stderr, args.join(' '));
    }
  });

  it('writes the HTML report (its vendored scripts are found from the bundle too)', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-bin-')), 'report.html');
    try {
      const r = run(BIN, ['report', EXAMPLE, '--no-cache', '-o', out]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(fs.readFileSync(out, 'utf8'), /<html/i);
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });
});
