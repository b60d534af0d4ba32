import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJunit } from '../../src/report/junit.js';
import { xmlAttr, xmlText } from '../../src/report/xml.js';
import { childrenNamed, parseXml, type XmlElement } from './mini-xml.js';
import { FINDINGS, sampleInput } from './sample-input.js';

const attr = (el: XmlElement, name: string) => el.attrs.get(name);
const suites = (root: XmlElement) => childrenNamed(root, 'testsuite');

describe('formatJunit', () => {
  it('writes a well-formed stuart-shaped document: one suite per rule, one case per finding', () => {
    const root = parseXml(formatJunit(sampleInput()));
    assert.equal(root.name, 'testsuites');
    assert.deepEqual(
      ['name', 'tests', 'failures', 'errors', 'skipped'].map((a) => attr(root, a)),
      ['ccguard', '8', '4', '0', '1'],
    );
    assert.deepEqual(
      suites(root).map((s) => [
        attr(s, 'id'),
        attr(s, 'name'),
        attr(s, 'package'),
        attr(s, 'tests'),
        attr(s, 'failures'),
        attr(s, 'skipped'),
      ]),
      [
        ['0', 'isolation/inline-cc-logic', 'ccguard.edk2-demo', '4', '3', '1'],
        ['1', 'platform/one-image', 'ccguard.edk2-demo', '1', '1', '0'],
        ['2', 'review/maintainers-coverage', 'ccguard.edk2-demo', '1', '0', '0'],
        ['3', 'ccguard', 'ccguard.edk2-demo', '2', '0', '0'],
      ],
    );
    const inline = childrenNamed(suites(root)[0]!, 'testcase');
    assert.deepEqual(
      inline.map((c) => [attr(c, 'classname'), attr(c, 'name'), c.children.map((x) => x.name).join()]),
      [
        ['ccguard.isolation.inline-cc-logic', 'OvmfPkg/Library/Foo/Foo.c:3', 'skipped'],
        ['ccguard.isolation.inline-cc-logic', 'OvmfPkg/My Dir/Weird.c:5', 'failure'],
        ['ccguard.isolation.inline-cc-logic', 'OvmfPkg/Sec/SecMain.c:8', 'failure'],
        ['ccguard.isolation.inline-cc-logic', 'OvmfPkg/Sec/SecMain.c:21', 'failure'],
      ],
    );
  });

  it('puts message and severity on the failure and path, evidence and fix in its body', () => {
    const root = parseXml(formatJunit(sampleInput()));
    const weird = childrenNamed(suites(root)[0]!, 'testcase')[1]!;
    const failure = childrenNamed(weird, 'failure')[0]!;
    assert.equal(attr(failure, 'message'), FINDINGS[0]!.message);
    assert.equal(attr(failure, 'type'), 'warning');
    assert.equal(
      failure.text,
      [
        'OvmfPkg/My Dir/Weird.c:5 [sev]',
        'SEV logic inline in <script>alert("x")</script> & a | pipe',
        'evidence:',
        '  - code: calls `SevThing` <b>bold</b> (OvmfPkg/My Dir/Weird.c:5)',
        'fix: Move it to `WeirdSev.c` & call a hook.',
        `fingerprint: ${FINDINGS[0]!.fingerprint}`,
      ].join('\n'),
    );
    const skipped = childrenNamed(childrenNamed(suites(root)[0]!, 'testcase')[0]!, 'skipped')[0]!;
    assert.equal(attr(skipped, 'message'), 'suppressed: Upstream refactor pending <bug 1234>');
  });

  it('fails only findings at or above failOn (default warning)', () => {
    const count = (failOn?: 'error' | 'warning' | 'info') =>
      attr(parseXml(formatJunit(sampleInput(failOn ? { failOn } : {}))), 'failures');
    assert.equal(count(), '4');
    assert.equal(count('info'), '5');
    assert.equal(count('error'), '1');
    const info = childrenNamed(suites(parseXml(formatJunit(sampleInput())))[2]!, 'testcase')[0]!;
    assert.equal(info.children[0]!.name, 'system-out');
    assert.match(info.children[0]!.text, /^info below --fail-on warning\nOvmfPkg\/Sec\/SecMainSev.c:1\n/);
  });

  it('lists a rule without findings as one passing case and keeps diagnostics out of the failures', () => {
    const root = parseXml(formatJunit(sampleInput({ findings: [], suppressed: [], staleBaseline: [] })));
    assert.deepEqual(
      ['tests', 'failures', 'skipped'].map((a) => attr(root, a)),
      ['4', '0', '0'],
    );
    const first = suites(root)[0]!;
    assert.deepEqual(
      childrenNamed(first, 'testcase').map((c) => [attr(c, 'name'), c.children.length]),
      [['isolation/inline-cc-logic', 0]],
    );
    const run = suites(root)[3]!;
    assert.equal(
      childrenNamed(run, 'testcase')[0]!.children[0]!.text,
      'OvmfPkg/OvmfPkgX64.dsc:30: warning CCG015: $(FOO) used but never defined',
    );
  });

  it('numbers cases that would share a name', () => {
    const twin = {
      ...FINDINGS[2]!,
      message: 'another finding on the same line',
      fingerprint: 'f'.repeat(32),
    };
    const root = parseXml(formatJunit(sampleInput({ findings: [FINDINGS[2]!, twin], suppressed: [] })));
    assert.deepEqual(
      childrenNamed(suites(root)[0]!, 'testcase').map((c) => attr(c, 'name')),
      ['OvmfPkg/Sec/SecMain.c:8', 'OvmfPkg/Sec/SecMain.c:8 #2'],
    );
  });

  it('escapes <, &, quotes, line breaks and characters XML cannot hold', () => {
    const nasty = 'a<b & "c" \'d\'\n\te]]>f\u0001g\ud800h';
    const evil = {
      ...FINDINGS[1]!,
      message: nasty,
      fix: nasty,
      path: 'Pkg/<x>&"y".c',
      evidence: [{ kind: 'code' as const, detail: nasty }] as const,
    };
    const text = formatJunit(
      sampleInput({ findings: [evil], suppressed: [{ finding: evil, reason: nasty }] }),
    );
    const root = parseXml(text);
    const cases = childrenNamed(
      suites(root).find((s) => attr(s, 'name') === 'platform/one-image')!,
      'testcase',
    );
    const failure = cases.map((c) => childrenNamed(c, 'failure')[0]).find((f) => f !== undefined)!;
    const expected = 'a<b & "c" \'d\'\n\te]]>f\\x01g\ufffdh';
    assert.equal(attr(failure, 'message'), expected);
    assert.ok(failure.text.includes(`\n${expected}\n`));
    assert.equal(attr(cases[0]!, 'name'), 'Pkg/<x>&"y".c:5');
    const skipped = cases.map((c) => childrenNamed(c, 'skipped')[0]).find((s) => s !== undefined)!;
    assert.equal(attr(skipped, 'message'), `suppressed: ${expected}`);

    assert.equal(xmlText('<&>"'), '&lt;&amp;&gt;"');
    assert.equal(xmlAttr('<&>"\n\r\t'), '&lt;&amp;&gt;&quot;&#10;&#13;&#9;');
    assert.equal(xmlText('\u0000\u001f\ufffe'), '\\x00\\x1f\\xfffe');
    assert.equal(xmlText('\ud83d\ude00 \udc00'), '\ud83d\ude00 \ufffd');
  });

  it('the XML reader rejects what is not well-formed', () => {
    for (const bad of [
      '<a>',
      '<a></b>',
      '<a x="1" x="2"/>',
      '<a>&</a>',
      '<a>&foo;</a>',
      '<a>\u0001</a>',
      '<a/><b/>',
      '<a x=1/>',
    ]) {
      assert.throws(() => parseXml(bad), Error, bad);
    }
  });
});
