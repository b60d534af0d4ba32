/**
 * Every command that analyses a tree refuses a root that cannot be an EDK II workspace, with exit
 * code 2 and a message that says what to run instead: above all a package folder (OvmfPkg/),
 * whose INFs name their packages from the folder above, so that nothing would resolve and every
 * path rule would judge the wrong paths.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';

const cli = runCli;

describe('workspace root', () => {
  let dir = '';
  let pkg = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-root-'));
    pkg = path.join(dir, 'OvmfPkg');
    fs.mkdirSync(path.join(pkg, 'Sec'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'OvmfPkg.dec'), '[Defines]\n  DEC_SPECIFICATION = 0x00010005\n');
    fs.writeFileSync(path.join(dir, 'file.txt'), 'not a folder\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const command of [
    ['check', '--no-cache'],
    ['map', '--no-cache'],
    ['report', '--no-cache', '-o'],
    ['init', '--stdout'],
  ]) {
    it(`${command[0]} refuses a package folder, naming the workspace root to use`, async () => {
      const [name, ...options] = command;
      const rest = name === 'report' ? [...options, path.join(dir, 'report.html')] : options;
      const { code, stderr } = await cli(name!, pkg, ...rest);
      assert.equal(code, 2);
      assert.match(stderr, /OvmfPkg is a package folder \(it holds OvmfPkg\.dec\), not a workspace root/);
      assert.ok(stderr.includes(`Run ccguard on the workspace root, e.g. ${dir}`), stderr);
    });
  }

  it('platform and packages refuse it too (--workspace)', async () => {
    for (const argv of [
      ['packages', '--workspace', pkg],
      ['platform', 'OvmfPkg.dsc', '--workspace', pkg],
    ]) {
      const { code, stderr } = await cli(...argv);
      assert.equal(code, 2, argv.join(' '));
      assert.match(stderr, /is a package folder/);
    }
  });

  it('the folder above, which holds the package, is a workspace root', async () => {
    const { code, stderr } = await cli('map', dir, '--no-cache', '--json');
    assert.equal(code, 0, stderr);
  });

  it('a missing root and a file are usage errors too', async () => {
    assert.match((await cli('check', path.join(dir, 'nope'), '--no-cache')).stderr, /does not exist/);
    const file = await cli('check', path.join(dir, 'file.txt'), '--no-cache');
    assert.equal(file.code, 2);
    assert.match(file.stderr, /is not a folder/);
  });
});
