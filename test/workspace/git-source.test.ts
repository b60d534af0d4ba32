import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MemorySource } from '../../src/workspace/file-source.js';
import { GitError, locateRepo, resolveCommit } from '../../src/workspace/git.js';
import { GitSource } from '../../src/workspace/git-source.js';
import { OverlaySource } from '../../src/workspace/overlay-source.js';
import { Workspace } from '../../src/workspace/workspace.js';

describe('GitSource', () => {
  let dir: string;
  let first: string;
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
      encoding: 'utf8',
    }).trim();
  const write = (rel: string, text: string | Buffer): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-gitsource-'));
    git('init', '-q');
    write('Pkg/A.c', 'int a;\r\n');
    write('Pkg/Sub/B.h', '#define B 1\n');
    write('Pkg/Bin.bin', Buffer.from([0, 1, 2, 255]));
    write('.github/ci.yml', 'on: push\n');
    write('Build/Out.c', 'int out;\n');
    write('Pkg/Sp ace/Caf\u00e9.c', 'int cafe;\n');
    fs.symlinkSync('A.c', path.join(dir, 'Pkg/Link.c'));
    git('add', '-A');
    git('commit', '-q', '-m', 'one');
    first = git('rev-parse', 'HEAD');
    write('Pkg/A.c', 'int a2;\n');
    git('commit', '-q', '-am', 'two');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists the files of a commit as a checkout would, without hidden, build or link entries', () => {
    const src = GitSource.open(dir, first);
    assert.deepEqual(src.listFiles(), ['Pkg/A.c', 'Pkg/Bin.bin', 'Pkg/Sp ace/Caf\u00e9.c', 'Pkg/Sub/B.h']);
    assert.equal(src.isFile('Pkg/A.c'), true);
    assert.equal(src.isFile('.github/ci.yml'), false);
    assert.equal(src.label, `git:${first.slice(0, 12)}`);
  });

  it('reads the bytes of that commit, not of the work tree', () => {
    const src = GitSource.open(dir, first);
    assert.equal(Buffer.from(src.readBytes('Pkg/A.c')!).toString('latin1'), 'int a;\r\n');
    assert.deepEqual([...src.readBytes('Pkg/Bin.bin')!], [0, 1, 2, 255]);
    assert.equal(src.readBytes('Pkg/Missing.c'), undefined);
    const ws = new Workspace([src]);
    assert.deepEqual(ws.read('Pkg/A.c')?.lines, ['int a;']);
    assert.equal(ws.read('Pkg/Sp ace/Caf\u00e9.c')?.text, 'int cafe;\n');
  });

  it('reads a folder of the commit as its root, and an absent folder as an empty tree', () => {
    const sub = GitSource.open(dir, first, 'Pkg/Sub');
    assert.deepEqual(sub.listFiles(), ['B.h']);
    assert.equal(Buffer.from(sub.readBytes('B.h')!).toString(), '#define B 1\n');
    assert.deepEqual(GitSource.open(dir, first, 'NoSuchPkg').listFiles(), []);
    // git run from a folder of the work tree still lists the whole folder of the commit.
    assert.deepEqual(GitSource.open(path.join(dir, 'Pkg'), first, 'Pkg/Sub').listFiles(), ['B.h']);
  });

  it('resolves revisions and locates folders in their repository', () => {
    assert.equal(resolveCommit(dir, 'HEAD~1'), first);
    assert.throws(() => resolveCommit(dir, 'nope'), GitError);
    assert.throws(() => resolveCommit(dir, '--all'), GitError);
    const loc = locateRepo(path.join(dir, 'Pkg', 'Sub'));
    assert.equal(loc.prefix, 'Pkg/Sub');
    assert.equal(fs.realpathSync(loc.topLevel!), fs.realpathSync(dir));
  });
});

describe('OverlaySource', () => {
  const under = MemorySource.fromStrings('tree', { 'a.c': 'a\n', 'b.c': 'b\n', 'd/c.c': 'c\n' });
  const overlay = new OverlaySource(
    under,
    new Map<string, Uint8Array | null>([
      ['b.c', null],
      ['a.c', Buffer.from('A\n')],
      ['d/new.c', Buffer.from('new\n')],
      ['.hidden/x.c', Buffer.from('x\n')],
    ]),
  );

  it('shows written files, hides deleted ones and reads the rest through', () => {
    assert.deepEqual(overlay.listFiles(), ['a.c', 'd/c.c', 'd/new.c']);
    assert.equal(Buffer.from(overlay.readBytes('a.c')!).toString(), 'A\n');
    assert.equal(overlay.readBytes('b.c'), undefined);
    assert.equal(overlay.isFile('b.c'), false);
    assert.equal(Buffer.from(overlay.readBytes('d/c.c')!).toString(), 'c\n');
    assert.equal(overlay.label, 'tree');
    // The underlying tree is unchanged.
    assert.equal(Buffer.from(under.readBytes('b.c')!).toString(), 'b\n');
  });
});
