import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatReport } from '../../src/report/index.js';
import { reviewReportInput } from '../../src/review/report-input.js';
import {
  GitError,
  PatchApplyError,
  type ReviewResult,
  reviewBase,
  reviewPatches,
} from '../../src/review/review.js';
import { ALL_RULES } from '../../src/rules/index.js';
import type { Rule } from '../../src/rules/types.js';
import { runCli } from '../helpers/cli.js';
import { COMMITS, type FixtureRepo, fooC, INLINE_SEV, makeFixtureRepo } from './fixture.js';
import { inlineSpotRule } from './spot-rule.js';

const INLINE_RULE = 'isolation/inline-cc-logic';
const FOO_C = 'OvmfPkg/Library/FooLib/Foo.c';
const SEV_INCLUDE = ['#include <Library/MemEncryptSevLib.h>'];

// Every rule ccguard has: "exactly that finding" holds for the whole rule set.
const RULES: readonly Rule[] = ALL_RULES;

interface Summary {
  readonly findings: readonly string[];
  readonly resolved: readonly string[];
}

/** `rule path:line-endLine state` for each finding, and `rule path:line-endLine` for each resolved one. */
function summary(r: ReviewResult): Summary {
  return {
    findings: r.findings.map(
      (f) =>
        `${f.ruleId} ${f.path}:${f.line}-${f.endLine} ${r.touched.has(f.fingerprint) ? 'touched' : 'new'}`,
    ),
    resolved: r.resolved.map((f) => `${f.ruleId} ${f.path}:${f.line}-${f.endLine}`),
  };
}

const INLINE_FINDING = `${INLINE_RULE} ${FOO_C}:12-15`;

/** The work tree's observable state: HEAD, `git status`, and every fixture file's bytes. */
function treeState(repo: FixtureRepo): string {
  const files = [...new Set(Object.values(COMMITS).flatMap((c) => Object.keys(c)))].sort();
  const contents = files.map((f) => {
    const p = path.join(repo.dir, f);
    return `${f}\n${fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '(absent)'}`;
  });
  return [repo.git('rev-parse', 'HEAD'), repo.git('status', '--porcelain'), ...contents].join('\n---\n');
}

describe('reviewBase', () => {
  let repo: FixtureRepo;
  before(() => {
    repo = makeFixtureRepo();
  });
  after(() => repo.remove());

  it('reports the inline SEV code a commit writes into a common function as new, and only that', () => {
    const r = reviewBase({
      root: repo.dir,
      base: repo.commits.base,
      head: repo.commits.inline,
      cacheDir: false,
      ruleSet: RULES,
    });
    assert.deepEqual(summary(r), { findings: [`${INLINE_FINDING} new`], resolved: [] });
    assert.equal(r.change, `${repo.commits.base.slice(0, 12)}..${repo.commits.inline.slice(0, 12)}`);
    assert.equal(r.changedFiles, 1);
  });

  it('reports the finding as resolved when a commit extracts the code into FooSev.c', () => {
    const r = reviewBase({
      root: repo.dir,
      base: repo.commits.inline,
      head: repo.commits.extract,
      cacheDir: false,
      ruleSet: RULES,
    });
    assert.deepEqual(summary(r), { findings: [], resolved: [INLINE_FINDING] });
    assert.equal(r.changedFiles, 3);
  });

  it('takes the work tree as it is, uncommitted edits included, and leaves it as it was', () => {
    repo.git('checkout', '-q', '--detach', repo.commits.extract);
    repo.write({ [FOO_C]: fooC(INLINE_SEV, SEV_INCLUDE) });
    const state = treeState(repo);
    try {
      // This tree keeps FooSev.c besides the inlined copy, so only the inline rule is asked: the
      // test is about reading the work tree, not about the whole rule set.
      const inlineOnly = RULES.filter((rule) => rule.meta.id === INLINE_RULE);
      const r = reviewBase({ root: repo.dir, base: 'HEAD', cacheDir: false, ruleSet: inlineOnly });
      assert.deepEqual(summary(r), { findings: [`${INLINE_FINDING} new`], resolved: [] });
      assert.equal(r.change, `${repo.commits.extract.slice(0, 12)}..work tree`);
      assert.equal(treeState(repo), state);
    } finally {
      repo.git('checkout', '-q', '--', '.');
    }
  });

  it('counts an untracked file of the work tree as wholly new', () => {
    repo.git('checkout', '-q', '--detach', repo.commits.base);
    repo.write({ 'OvmfPkg/Library/FooLib/Extra.c': fooC(INLINE_SEV).replace('FooInit', 'FooExtra') });
    try {
      const r = reviewBase({ root: repo.dir, base: 'HEAD', cacheDir: false, ruleSet: [inlineSpotRule] });
      assert.deepEqual(summary(r), {
        findings: ['test/inline-spot OvmfPkg/Library/FooLib/Extra.c:11-14 new'],
        resolved: [],
      });
    } finally {
      repo.write({ 'OvmfPkg/Library/FooLib/Extra.c': null });
    }
  });

  it('reports a finding whose code the change edits as touched, not as new plus resolved', () => {
    const edited = INLINE_SEV.map((l) => l.replace('mFooGhcbBase', 'mFooGhcbPage'));
    const head = repo.commitOn(repo.commits.inline, { [FOO_C]: fooC(edited, SEV_INCLUDE) }, 'edit');
    const r = reviewBase({
      root: repo.dir,
      base: repo.commits.inline,
      head,
      cacheDir: false,
      ruleSet: RULES,
    });
    assert.deepEqual(summary(r), { findings: [`${INLINE_FINDING} touched`], resolved: [] });
    assert.equal(r.unchanged, 0);
  });

  it('reports a re-indented span as touched: same fingerprint, changed lines', () => {
    const reindented = INLINE_SEV.map((l) => l.replace('mFooGhcbBase', ' mFooGhcbBase'));
    const head = repo.commitOn(repo.commits.inline, { [FOO_C]: fooC(reindented, SEV_INCLUDE) }, 'ws');
    const r = reviewBase({
      root: repo.dir,
      base: repo.commits.inline,
      head,
      cacheDir: false,
      ruleSet: RULES,
    });
    assert.deepEqual(summary(r), { findings: [`${INLINE_FINDING} touched`], resolved: [] });
  });

  it('does not report a finding the change only moved, or renamed with its file', () => {
    const moved = fooC(INLINE_SEV, [...SEV_INCLUDE, '', '// Foo library: set-up.', '']);
    const head = repo.commitOn(
      repo.commits.inline,
      {
        [FOO_C]: null,
        'OvmfPkg/Library/FooLib/FooMain.c': moved,
        'OvmfPkg/Library/FooLib/FooLib.inf': COMMITS.base['OvmfPkg/Library/FooLib/FooLib.inf'].replace(
          'Foo.c',
          'FooMain.c',
        ),
      },
      'rename',
    );
    // The test rule's key has no path: its fingerprint survives the rename and the moved lines.
    const r = reviewBase({
      root: repo.dir,
      base: repo.commits.inline,
      head,
      cacheDir: false,
      ruleSet: [inlineSpotRule],
    });
    assert.deepEqual(summary(r), { findings: [], resolved: [] });
    assert.equal(r.unchanged, 1);
    // The real rule names the file in its key: for it the renamed file's finding is another one.
    const real = reviewBase({
      root: repo.dir,
      base: repo.commits.inline,
      head,
      cacheDir: false,
      ruleSet: RULES,
    });
    assert.deepEqual(summary(real), {
      findings: [`${INLINE_RULE} OvmfPkg/Library/FooLib/FooMain.c:15-18 new`],
      resolved: [INLINE_FINDING],
    });
  });

  it('reviews a root below the top of the repository, with paths relative to it', () => {
    const root = path.join(repo.dir, 'OvmfPkg', 'Library');
    const opts = { root, cacheDir: false as const, ruleSet: [inlineSpotRule] };
    const added = reviewBase({ ...opts, base: repo.commits.base, head: repo.commits.inline });
    assert.deepEqual(summary(added), { findings: ['test/inline-spot FooLib/Foo.c:12-15 new'], resolved: [] });
    repo.git('checkout', '-q', '--detach', repo.commits.extract);
    const removed = reviewBase({ ...opts, base: repo.commits.inline });
    assert.deepEqual(summary(removed), { findings: [], resolved: ['test/inline-spot FooLib/Foo.c:12-15'] });
  });

  it('fails with a GitError for an unknown revision or a folder outside git', () => {
    assert.throws(
      () => reviewBase({ root: repo.dir, base: 'no-such-branch', cacheDir: false, ruleSet: RULES }),
      (e: unknown) => e instanceof GitError && /unknown revision "no-such-branch"/.test(e.message),
    );
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-nogit-'));
    try {
      assert.throws(
        () => reviewBase({ root: outside, base: 'HEAD', cacheDir: false, ruleSet: RULES }),
        GitError,
      );
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('reviewPatches', () => {
  let repo: FixtureRepo;
  let patchDir: string;
  let extractPatch: string;
  let seriesMbox: string;
  before(() => {
    repo = makeFixtureRepo();
    // Patch files live outside the work tree, as a reviewer's downloads do.
    patchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-patches-'));
    const [file] = repo
      .git('format-patch', '-o', patchDir, '-1', repo.commits.extract)
      .split('\n')
      .filter((l) => l !== '');
    extractPatch = file!;
    seriesMbox = path.join(patchDir, 'series.mbox');
    fs.writeFileSync(
      seriesMbox,
      repo.git('format-patch', '--stdout', `${repo.commits.base}..${repo.commits.extract}`),
    );
  });
  after(() => {
    repo.remove();
    fs.rmSync(patchDir, { recursive: true, force: true });
  });

  it('applies a format-patch file in memory: same answer as the commit, work tree untouched', () => {
    repo.git('checkout', '-q', '--detach', repo.commits.inline);
    const state = treeState(repo);
    const r = reviewPatches({ root: repo.dir, patches: [extractPatch], cacheDir: false, ruleSet: RULES });
    assert.deepEqual(summary(r), { findings: [], resolved: [INLINE_FINDING] });
    assert.match(r.change, /^1 patch \(0001-OvmfPkg-FooLib-move-SEV-code-into-FooSev\.c\.patch\)$/);
    assert.equal(treeState(repo), state);
    assert.equal(repo.git('status', '--porcelain'), '');
    // The patched tree is the commit's tree, file for file.
    for (const [rel, text] of Object.entries(COMMITS.extract)) assert.equal(r.model.ws.read(rel)?.text, text);
    const same = reviewBase({
      root: repo.dir,
      base: repo.commits.inline,
      head: repo.commits.extract,
      cacheDir: false,
      ruleSet: RULES,
    });
    assert.deepEqual(
      r.resolved.map((f) => f.fingerprint),
      same.resolved.map((f) => f.fingerprint),
    );
  });

  it('names the patch, the file, the hunk and the first mismatching line when a patch does not apply', () => {
    repo.git('checkout', '-q', '--detach', repo.commits.base);
    const state = treeState(repo);
    assert.throws(
      () => reviewPatches({ root: repo.dir, patches: [extractPatch], cacheDir: false, ruleSet: RULES }),
      (e: unknown) => {
        assert.ok(e instanceof PatchApplyError);
        const lines = e.message.split('\n');
        assert.equal(
          lines[0],
          `patch ${extractPatch} "[PATCH] OvmfPkg/FooLib: move SEV code into FooSev.c" does not apply:`,
        );
        assert.match(lines[1]!, /^ {2}OvmfPkg\/Library\/FooLib\/Foo\.c, hunk @@ -\d+,\d+ \+\d+,\d+ @@/);
        assert.match(lines[2]!, /^ {2}first mismatch at line \d+:$/);
        assert.match(lines[3]!, /^ {4}patch: " {2}if \(MemEncryptSevEsIsEnabled \(\)\) \{"$/);
        assert.match(lines[4]!, /^ {4}file: {2}".*"$/);
        return true;
      },
    );
    assert.equal(treeState(repo), state);
  });

  it('applies the patches of an mbox in order', () => {
    repo.git('checkout', '-q', '--detach', repo.commits.base);
    const r = reviewPatches({ root: repo.dir, patches: [seriesMbox], cacheDir: false, ruleSet: RULES });
    // Both commits' patches: the second applies only on top of the first.
    assert.equal(r.change, '2 patches (series.mbox)');
    for (const [rel, text] of Object.entries({ ...COMMITS.base, ...COMMITS.extract }))
      assert.equal(r.model.ws.read(rel)?.text, text, rel);
    // The net change introduces no inline code and resolves nothing that was there before.
    assert.deepEqual(summary(r), { findings: [], resolved: [] });
    assert.equal(repo.git('status', '--porcelain'), '');
  });

  it('stops at the first message of an mbox that does not apply, naming its place in the file', () => {
    repo.git('checkout', '-q', '--detach', repo.commits.base);
    const text = fs.readFileSync(seriesMbox, 'utf8');
    const messages = text.split(/^(?=From [0-9a-f]{40} )/m).filter((m) => m !== '');
    assert.equal(messages.length, 2);
    const reversed = path.join(patchDir, 'reversed.mbox');
    fs.writeFileSync(
      reversed,
      [...messages]
        .reverse()
        .map((m) => (m.endsWith('\n') ? m : `${m}\n`))
        .join(''),
    );
    assert.throws(
      () => reviewPatches({ root: repo.dir, patches: [reversed], cacheDir: false, ruleSet: RULES }),
      (e: unknown) =>
        e instanceof PatchApplyError &&
        e.message.startsWith(
          `patch ${reversed} (message 1 of 2) "[PATCH 2/2] OvmfPkg/FooLib: move SEV code into FooSev.c" does not apply:\n`,
        ),
    );
  });

  it('reads patch paths from the top of the work tree when the root is a folder below it', () => {
    repo.git('checkout', '-q', '--detach', repo.commits.inline);
    const root = path.join(repo.dir, 'OvmfPkg', 'Library');
    const r = reviewPatches({ root, patches: [extractPatch], cacheDir: false, ruleSet: [inlineSpotRule] });
    assert.deepEqual(summary(r), { findings: [], resolved: ['test/inline-spot FooLib/Foo.c:12-15'] });
    assert.equal(
      r.model.ws.read('FooLib/FooSev.c')?.text,
      COMMITS.extract['OvmfPkg/Library/FooLib/FooSev.c'],
    );
  });

  it('applies patches to a tree outside git, paths relative to the root', () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-plain-'));
    try {
      for (const [rel, text] of Object.entries({ ...COMMITS.base, ...COMMITS.inline })) {
        fs.mkdirSync(path.dirname(path.join(plain, rel)), { recursive: true });
        fs.writeFileSync(path.join(plain, rel), text);
      }
      const r = reviewPatches({ root: plain, patches: [extractPatch], cacheDir: false, ruleSet: RULES });
      assert.deepEqual(summary(r), { findings: [], resolved: [INLINE_FINDING] });
      assert.equal(fs.existsSync(path.join(plain, 'OvmfPkg/Library/FooLib/FooSev.c')), false);
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });

  it('rejects patch files without a diff', () => {
    const empty = path.join(patchDir, 'notes.txt');
    fs.writeFileSync(empty, 'Just some notes.\n');
    assert.throws(
      () => reviewPatches({ root: repo.dir, patches: [empty], cacheDir: false, ruleSet: RULES }),
      /no diff found in .*notes\.txt/,
    );
  });
});

describe('ccguard review (CLI)', () => {
  let repo: FixtureRepo;
  let out: string;
  before(() => {
    repo = makeFixtureRepo();
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-review-out-'));
  });
  after(() => {
    repo.remove();
    fs.rmSync(out, { recursive: true, force: true });
  });

  /** Run the CLI in-process; reports go to files. */
  const cli = runCli;

  it('writes JSON with the new finding marked, and exits 1 on it', async () => {
    const json = path.join(out, 'r.json');
    const { code } = await cli(
      'review',
      repo.dir,
      '--base',
      repo.commits.base,
      '--head',
      repo.commits.inline,
      '--no-cache',
      '--format',
      'json',
      '--output',
      json,
    );
    assert.equal(code, 1);
    const doc = JSON.parse(fs.readFileSync(json, 'utf8'));
    assert.deepEqual(
      doc.findings.map((f: { ruleId: string; change: string }) => [f.ruleId, f.change]),
      [[INLINE_RULE, 'new']],
    );
    assert.deepEqual(doc.resolved, []);
  });

  it('exits 2 with the hunk on stderr when a patch does not apply', async () => {
    repo.git('checkout', '-q', '--detach', repo.commits.base);
    const patch = path.join(out, 'extract.patch');
    fs.writeFileSync(patch, repo.git('format-patch', '--stdout', '-1', repo.commits.extract));
    const { code, stderr } = await cli(
      'review',
      repo.dir,
      patch,
      '--no-cache',
      '--format',
      'json',
      '-o',
      path.join(out, 'x.json'),
    );
    assert.equal(code, 2);
    assert.match(
      stderr,
      /^ccguard: patch .*extract\.patch "\[PATCH\] OvmfPkg\/FooLib: move SEV code into FooSev\.c" does not apply:\n {2}OvmfPkg\/Library\/FooLib\/Foo\.c, hunk @@ /,
    );
    assert.equal(fs.existsSync(path.join(out, 'x.json')), false);
  });

  it('refuses --base together with patch files, and a review without either', async () => {
    const patch = path.join(out, 'p.patch');
    fs.writeFileSync(patch, '');
    assert.equal((await cli('review', repo.dir, patch, '--base', 'HEAD')).code, 2);
    const none = await cli('review', repo.dir);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /review needs --base <rev> or patch files/);
  });

  it('formats a review in every format (text, markdown, sarif)', () => {
    const r = reviewBase({
      root: repo.dir,
      base: repo.commits.inline,
      head: repo.commits.extract,
      cacheDir: false,
      ruleSet: RULES,
    });
    const input = reviewReportInput(r, 'warning');
    const text = formatReport('text', input);
    assert.match(text, /^Resolved by this change \(1\):\n {2}✔ OvmfPkg\/Library\/FooLib\/Foo\.c:12-15 /m);
    assert.match(text, /review of [0-9a-f]{12}\.\.[0-9a-f]{12}: 0 new, 0 touched, 1 resolved, 0 unchanged/);
    const md = formatReport('markdown', input);
    assert.match(md, /^### Resolved by this change \(1\)$/m);
    const sarif = JSON.parse(formatReport('sarif', input));
    assert.deepEqual(sarif.runs[0].results, []);
    assert.equal(sarif.runs[0].properties.resolved[0].ruleId, INLINE_RULE);
  });
});
