import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as vm from 'node:vm';
import { reportFile } from '../../src/cli/report-command.js';
import { REPORT_SCRIPT } from '../../src/report/html/client.js';
import type { HtmlReportData } from '../../src/report/html/data.js';
import { escapeHtml, jsonForScript } from '../../src/report/html/embed.js';
import { REPORT_CSS } from '../../src/report/html/style.js';
import { d3HierarchyScript } from '../../src/report/html/vendor.js';
import { formatHtml } from '../../src/report/html.js';
import { sampleMap, XSS_CODE_LINE, XSS_FILE, XSS_IMG, XSS_INF, XSS_TITLE, xssInput } from './html-sample.js';
import { sampleInput } from './sample-input.js';

function render(): string {
  return formatHtml(xssInput(), sampleMap(), { title: XSS_TITLE });
}

/** The JSON the page script reads. */
function pageData(html: string): HtmlReportData {
  const m = /<script type="application\/json" id="ccguard-data">([^<]*)<\/script>/.exec(html);
  assert.ok(m, 'the data element is in the page');
  return JSON.parse(m[1]!) as HtmlReportData;
}

/** The contents of the executable inline scripts, in page order. */
function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
}

describe('jsonForScript', () => {
  test('leaves no character that could end the script element or open a comment', () => {
    const value = {
      a: '</script><script>alert(1)</script>',
      b: '<!-- x -->',
      c: 'a & b > c',
      d: '\u2028\u2029',
    };
    const out = jsonForScript(value);
    assert.doesNotMatch(out, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(out), value);
  });

  test('reads back every string unchanged, lone surrogates and control characters included', () => {
    const value = ['\u0000\u001b[31m', '\ud800', 'é€😀', '\\u003c'];
    assert.deepEqual(JSON.parse(jsonForScript(value)), value);
  });
});

describe('escapeHtml', () => {
  test('escapes markup and both quote characters', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('formatHtml', () => {
  test('writes no markup from the analysed tree: HTML in paths, code, names and messages stays data', () => {
    const html = render();
    assert.doesNotMatch(html, /<img/i);
    assert.doesNotMatch(html, /<!--/);
    assert.ok(
      html.includes('\\u003cimg src=x onerror=alert(1)\\u003e'),
      'the payload is data, \\u003c-escaped',
    );
    // Exactly the page's own elements: the data, d3-hierarchy and the page script.
    assert.equal(html.match(/<script\b/gi)?.length, 3);
    assert.equal(html.match(/<\/script/gi)?.length, 3);
    assert.equal(html.match(/<\/title>/gi)?.length, 1);
    assert.ok(html.includes(`<title>${escapeHtml(XSS_TITLE)}</title>`));
    assert.ok(html.includes(`<h1 id="title">${escapeHtml(XSS_TITLE)}</h1>`));
  });

  test('the data holds the tree strings literally', () => {
    const data = pageData(render());
    assert.equal(data.title, XSS_TITLE);
    assert.equal(data.rootLabel, '<script>alert(4)</script>');
    const evil = data.findings.find((f) => f.path === XSS_FILE);
    assert.ok(evil);
    assert.ok(evil.message.includes(XSS_IMG));
    assert.deepEqual(
      evil.frame.filter((r) => r.marked).map((r) => r.text),
      [XSS_CODE_LINE],
    );
    assert.ok(data.map.technologies[0]!.modules.some((m) => m.inf === XSS_INF));
    assert.ok(data.map.platforms.some((p) => p.dsc.includes(XSS_IMG)));
  });

  test('data shape: sorted findings with code frames, rule metadata, counts, the map without diagnostics', () => {
    const input = xssInput();
    const data = pageData(formatHtml(input, sampleMap()));
    assert.equal(data.title, 'ccguard report: <script>alert(4)</script>');
    assert.deepEqual(data.tool, { name: 'ccguard', version: '0.1.0' });
    assert.equal(data.failOn, 'warning');
    assert.equal(data.findings.length, input.findings.length);
    const keys = data.findings.map((f) => `${f.path}:${String(f.line).padStart(4, '0')}`);
    assert.deepEqual(keys, [...keys].sort());
    assert.deepEqual(Object.keys(data.findings[0]!).sort(), [
      'cc',
      'endLine',
      'evidence',
      'fix',
      'frame',
      'line',
      'message',
      'path',
      'ruleId',
      'severity',
    ]);
    const secStartup = data.findings.find((f) => f.path === 'OvmfPkg/Sec/SecMain.c' && f.line === 8)!;
    assert.deepEqual(
      secStartup.frame.map((r) => [r.lineNo, r.marked]),
      [
        [6, false],
        [7, false],
        [8, true],
        [9, true],
        [10, true],
        [11, true],
        [12, false],
        [13, false],
      ],
    );
    // A long span is cut: its first and last lines around a gap row.
    const secInit = data.findings.find((f) => f.path === 'OvmfPkg/Sec/SecMain.c' && f.line === 21)!;
    assert.ok(secInit.frame.some((r) => r.lineNo === null));
    // A file the workspace cannot read: the finding stays, without a frame.
    const unread = data.findings.find((f) => f.path === 'OvmfPkg/Sec/SecMainSev.c')!;
    assert.deepEqual(unread.frame, []);
    assert.deepEqual(
      data.rules.map((r) => r.id),
      input.rules.map((r) => r.id),
    );
    assert.equal(data.rules[0]!.summary, input.rules[0]!.docs.summary);
    assert.equal(data.suppressed, 1);
    assert.equal(data.baselined, 2);
    assert.equal(data.staleBaseline, 1);
    assert.deepEqual(data.diagnostics, [
      {
        severity: 'warning',
        code: input.diagnostics[0]!.code,
        file: 'OvmfPkg/OvmfPkgX64.dsc',
        line: 30,
        message: '$(FOO) used but never defined',
      },
    ]);
    const { diagnostics: _, ...mapWithout } = sampleMap();
    assert.deepEqual(data.map, mapWithout);
  });

  test('is deterministic: same input, same bytes, whatever order the findings come in', () => {
    const first = render();
    assert.equal(render(), first);
    const input = xssInput();
    const shuffled = formatHtml({ ...input, findings: [...input.findings].reverse() }, sampleMap(), {
      title: XSS_TITLE,
    });
    assert.equal(shuffled, first);
    assert.doesNotMatch(first, /\b20\d\d-\d\d-\d\dT/, 'no timestamp');
  });

  test('is self-contained: no external URL, and a CSP that allows exactly the inline code', () => {
    const html = render();
    assert.doesNotMatch(html, /<(script|link|img|iframe)\b[^>]*\b(src|href)="(?!data:)/i);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.ok(csp);
    const policy = csp.replace(/&#39;/g, "'");
    assert.match(policy, /default-src 'none'/);
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
    const scripts = inlineScripts(html);
    assert.equal(scripts.length, 2);
    assert.equal(policy.match(/script-src ([^;]*)/)?.[1], scripts.map(hash).join(' '));
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
    assert.equal(style, REPORT_CSS);
    assert.equal(policy.match(/style-src ([^;]*)/)?.[1], hash(REPORT_CSS));
  });

  test('bundles d3-hierarchy with its licence, then the page script, and both parse', () => {
    const [d3, page] = inlineScripts(render());
    assert.equal(d3, d3HierarchyScript());
    assert.match(d3!, /Copyright 2010-\d{4} Mike Bostock/);
    assert.match(d3!, /Permission to use, copy, modify/);
    assert.doesNotMatch(d3!, /sourceMappingURL/);
    assert.equal(page, REPORT_SCRIPT);
    assert.doesNotThrow(() => new vm.Script(d3!));
    assert.doesNotThrow(() => new vm.Script(page!));
  });

  test('renders a report with no findings and an empty map', () => {
    const html = formatHtml(sampleInput({ findings: [], diagnostics: [] }), {
      technologies: [],
      platforms: [],
      summary: { tree: {}, packages: {} },
      diagnostics: [],
    });
    const data = pageData(html);
    assert.deepEqual(data.findings, []);
    assert.deepEqual(data.map.technologies, []);
  });
});

describe('reportFile', () => {
  test('defaults to report.html in the current folder, but never inside the analysed tree', () => {
    const cwd = process.cwd();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-report-file-'));
    try {
      const tree = path.join(tmp, 'edk2');
      fs.mkdirSync(path.join(tree, 'OvmfPkg'), { recursive: true });
      process.chdir(tmp);
      assert.equal(reportFile(undefined, tree), path.join(fs.realpathSync(tmp), 'report.html'));
      process.chdir(path.join(tree, 'OvmfPkg'));
      assert.throws(() => reportFile(undefined, fs.realpathSync(tree)), /inside the analysed tree/);
      assert.equal(reportFile('out.html', tree), path.join(fs.realpathSync(tree), 'OvmfPkg', 'out.html'));
    } finally {
      process.chdir(cwd);
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
