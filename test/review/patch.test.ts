import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatchApplyError, PatchSeries } from '../../src/review/apply.js';
import { type PatchMessage, splitPatchFile } from '../../src/review/mbox.js';
import { parseUnifiedDiff } from '../../src/review/unified-diff.js';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'utf8');

function message(body: string, subject = 'test'): PatchMessage {
  return { file: 'test.patch', index: 1, count: 1, subject, body };
}

/** A series over an in-memory tree; returns the patched files as text. */
function applyAll(tree: Record<string, string>, ...bodies: string[]) {
  const series = new PatchSeries((p) => (p in tree ? Buffer.from(tree[p]!, 'latin1') : undefined));
  for (const b of bodies) series.apply(message(b));
  const result = series.result();
  const text = new Map(
    [...result.contents].map(([p, b]) => [p, b === null ? null : Buffer.from(b).toString('latin1')]),
  );
  return { result, text };
}

describe('parseUnifiedDiff', () => {
  it('reads git headers: new, deleted, renamed and copied files, and hunk counts', () => {
    const { files, problems } = parseUnifiedDiff(
      [
        'diff --git a/A.c b/A.c',
        'new file mode 100644',
        'index 0000000..1111111',
        '--- /dev/null',
        '+++ b/A.c',
        '@@ -0,0 +1,2 @@',
        '+one',
        '+two',
        'diff --git a/B.c b/B.c',
        'deleted file mode 100644',
        '--- a/B.c',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-gone',
        'diff --git a/Old Dir/C.c b/New Dir/C.c',
        'similarity index 90%',
        'rename from Old Dir/C.c',
        'rename to New Dir/C.c',
        'diff --git a/D.c b/E.c',
        'similarity index 100%',
        'copy from D.c',
        'copy to E.c',
        'diff --git a/Logo.bmp b/Logo.bmp',
        'Binary files a/Logo.bmp and b/Logo.bmp differ',
      ].join('\n'),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      files.map((f) => [f.oldPath, f.newPath, f.copy, f.binary, f.hunks.length]),
      [
        [null, 'A.c', false, false, 1],
        ['B.c', null, false, false, 1],
        ['Old Dir/C.c', 'New Dir/C.c', false, false, 0],
        ['D.c', 'E.c', true, false, 0],
        ['Logo.bmp', 'Logo.bmp', false, true, 0],
      ],
    );
    assert.deepEqual(files[0]!.hunks[0], {
      header: '@@ -0,0 +1,2 @@',
      oldStart: 0,
      oldLines: 0,
      newStart: 1,
      newLines: 2,
      lines: [
        { kind: '+', text: 'one' },
        { kind: '+', text: 'two' },
      ],
      oldNoNewline: false,
      newNoNewline: false,
    });
  });

  it('unquotes C-style quoted paths, octal escapes as UTF-8 bytes', () => {
    const { files } = parseUnifiedDiff(
      [
        'diff --git "a/Caf\\303\\251 \\"x\\".c" "b/Caf\\303\\251 \\"x\\".c"',
        '--- "a/Caf\\303\\251 \\"x\\".c"',
        '+++ "b/Caf\\303\\251 \\"x\\".c"',
        '@@ -1 +1 @@',
        '-a',
        '+b',
      ].join('\n'),
    );
    assert.equal(files[0]!.newPath, 'Café "x".c');
  });

  it('reads plain `diff -u` output with timestamps, and several files', () => {
    const { files } = parseUnifiedDiff(
      [
        '--- a/x.c\t2021-07-01 00:00:00.000000000 +0000',
        '+++ b/x.c\t2021-07-02 00:00:00.000000000 +0000',
        '@@ -1,2 +1,2 @@',
        ' keep',
        '-old',
        '+new',
        '--- a/y.c',
        '+++ b/y.c',
        '@@ -1 +1,2 @@',
        ' y',
        '+z',
      ].join('\n'),
    );
    assert.deepEqual(
      files.map((f) => [f.oldPath, f.newPath, f.hunks.length]),
      [
        ['x.c', 'x.c', 1],
        ['y.c', 'y.c', 1],
      ],
    );
  });

  it('marks missing final newlines and keeps mail signatures out of hunks', () => {
    const { files } = parseUnifiedDiff(
      [
        'diff --git a/x b/x',
        '--- a/x',
        '+++ b/x',
        '@@ -1 +1 @@',
        '-old',
        '\\ No newline at end of file',
        '+new',
        '\\ No newline at end of file',
        '-- ',
        '2.39.5',
      ].join('\n'),
    );
    const h = files[0]!.hunks[0]!;
    assert.equal(h.oldNoNewline, true);
    assert.equal(h.newNoNewline, true);
    assert.equal(h.lines.length, 2);
  });

  it('reports a hunk cut short', () => {
    const { problems } = parseUnifiedDiff(['--- a/x', '+++ b/x', '@@ -1,3 +1,3 @@', ' a', '-b'].join('\n'));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /ends early/);
  });
});

describe('splitPatchFile', () => {
  const patch = (n: number, subject: string) =>
    [
      `From ${String(n).repeat(40)} Mon Sep 17 00:00:00 2001`,
      'From: A Developer <a@example.org>',
      'Date: Thu, 1 Jul 2021 00:00:00 +0000',
      `Subject: ${subject}`,
      '',
      'From the spec: common code calls hooks.',
      '---',
      `diff --git a/x b/x`,
      '--- a/x',
      '+++ b/x',
      '@@ -1 +1 @@',
      `-${n - 1}`,
      `+${n}`,
      '-- ',
      '2.39.5',
      '',
    ].join('\n');

  it('splits an mbox into its messages in file order, with folded and encoded subjects', () => {
    const mbox = `${patch(1, '[PATCH 1/2] OvmfPkg: one')}${patch(2, '=?UTF-8?q?[PATCH_2/2]_OvmfPkg:_caf=C3=A9?=\n =?UTF-8?q?_two?=')}`;
    const messages = splitPatchFile('s.mbox', bytes(mbox));
    assert.deepEqual(
      messages.map((m) => [m.index, m.count, m.subject]),
      [
        [1, 2, '[PATCH 1/2] OvmfPkg: one'],
        [2, 2, '[PATCH 2/2] OvmfPkg: café two'],
      ],
    );
    // `From the spec:` in a commit message is no message separator.
    assert.match(messages[0]!.body, /^From the spec/);
  });

  it('decodes quoted-printable and base64 bodies, and multipart attachments', () => {
    const diff = 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a = 1;\n+a = 2;\n';
    const qp = [
      'From: a@example.org',
      'Subject: [PATCH] qp',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      diff.replace(/=/g, '=3D').replace('+a =3D 2;', '+a =3D=\n 2;'),
    ].join('\n');
    assert.equal(splitPatchFile('qp.eml', bytes(qp))[0]!.body, diff.replace('+a = 2;', '+a = 2;'));
    const b64 = [
      'From: a@example.org',
      'Subject: [PATCH] b64',
      'Content-Type: multipart/mixed; boundary="XX"',
      '',
      '--XX',
      'Content-Type: text/plain',
      '',
      'See the attachment.',
      '--XX',
      'Content-Type: text/x-patch; name="x.patch"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(diff).toString('base64'),
      '--XX--',
      '',
    ].join('\n');
    const body = splitPatchFile('b64.eml', bytes(b64))[0]!.body;
    assert.ok(body.includes(diff), body);
  });

  it('takes a bare diff as one patch named after its file', () => {
    const [m] = splitPatchFile('/tmp/fix.diff', bytes('--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n'));
    assert.equal(m!.subject, 'fix.diff');
    assert.equal(m!.count, 1);
  });
});

describe('PatchSeries', () => {
  it('applies hunks at an offset, as git does, and tracks the net change', () => {
    const tree = { 'a.c': 'new line 0\none\ntwo\nthree\nfour\n' };
    const { result, text } = applyAll(tree, '--- a/a.c\n+++ b/a.c\n@@ -2,2 +2,2 @@\n two\n-three\n+THREE\n');
    assert.equal(text.get('a.c'), 'new line 0\none\ntwo\nTHREE\nfour\n');
    assert.deepEqual(result.changes, [
      {
        oldPath: 'a.c',
        newPath: 'a.c',
        copy: false,
        ranges: [{ oldStart: 4, oldLines: 1, newStart: 4, newLines: 1 }],
      },
    ]);
  });

  it('chains patches: a rename then an edit of the renamed file, net ranges against the base', () => {
    const tree = { 'old.c': 'a\nb\nc\nd\n' };
    const { result, text } = applyAll(
      tree,
      'diff --git a/old.c b/new.c\nsimilarity index 100%\nrename from old.c\nrename to new.c\n',
      '--- a/new.c\n+++ b/new.c\n@@ -1,4 +1,4 @@\n a\n-b\n c\n d\n+e\n',
    );
    assert.equal(text.get('old.c'), null);
    assert.equal(text.get('new.c'), 'a\nc\nd\ne\n');
    assert.deepEqual(
      result.changes.find((c) => c.newPath === 'new.c'),
      {
        oldPath: 'old.c',
        newPath: 'new.c',
        copy: false,
        ranges: [
          { oldStart: 2, oldLines: 1, newStart: 1, newLines: 0 },
          { oldStart: 4, oldLines: 0, newStart: 4, newLines: 1 },
        ],
      },
    );
  });

  it('creates and deletes files, and keeps CRLF files CRLF when the patch lost its CRs', () => {
    const tree = { 'gone.c': 'x\n', 'dos.c': 'a\r\nb\r\n' };
    const { text } = applyAll(
      tree,
      'diff --git a/gone.c b/gone.c\ndeleted file mode 100644\n--- a/gone.c\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n',
      'diff --git a/made.c b/made.c\nnew file mode 100644\n--- /dev/null\n+++ b/made.c\n@@ -0,0 +1 @@\n+made\n\\ No newline at end of file\n',
      '--- a/dos.c\n+++ b/dos.c\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n',
    );
    assert.equal(text.get('gone.c'), null);
    assert.equal(text.get('made.c'), 'made');
    assert.equal(text.get('dos.c'), 'a\r\nc\r\n');
  });

  it('refuses what git apply refuses: missing files, existing targets, partial deletions', () => {
    const tree = { 'a.c': 'a\n', 'b.c': 'b\n' };
    assert.throws(() => applyAll(tree, '--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n'), /x\.c does not exist/);
    assert.throws(
      () =>
        applyAll(
          tree,
          'diff --git a/a.c b/a.c\nnew file mode 100644\n--- /dev/null\n+++ b/a.c\n@@ -0,0 +1 @@\n+a\n',
        ),
      /a\.c already exists/,
    );
    assert.throws(
      () => applyAll(tree, 'diff --git a/a.c b/b.c\nrename from a.c\nrename to b.c\n'),
      /cannot rename to b\.c: it exists/,
    );
    assert.throws(
      () =>
        applyAll(
          { 'a.c': 'a\nb\n' },
          'diff --git a/a.c b/a.c\ndeleted file mode 100644\n--- a/a.c\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n',
        ),
      /deleting a\.c leaves 1 lines/,
    );
  });

  it('skips a binary change with a diagnostic, but applies a binary deletion', () => {
    const tree = { 'logo.bmp': 'BM', 'old.bin': 'x' };
    const { result, text } = applyAll(
      tree,
      'diff --git a/logo.bmp b/logo.bmp\nindex 1..2 100644\nBinary files a/logo.bmp and b/logo.bmp differ\n' +
        'diff --git a/old.bin b/old.bin\ndeleted file mode 100644\nBinary files a/old.bin and /dev/null differ\n',
    );
    assert.equal(text.get('old.bin'), null);
    assert.equal(text.get('logo.bmp'), 'BM');
    assert.equal(result.diagnostics.length, 1);
    assert.match(result.diagnostics[0]!.message, /binary change not applied/);
  });

  it('reports a malformed patch as such', () => {
    assert.throws(
      () => applyAll({ 'a.c': 'a\n' }, '--- a/a.c\n+++ b/a.c\n@@ -1,2 +1,2 @@\n a\n'),
      (e: unknown) =>
        e instanceof PatchApplyError && /is malformed: hunk @@ -1,2 \+1,2 @@ ends early/.test(e.message),
    );
  });
});
