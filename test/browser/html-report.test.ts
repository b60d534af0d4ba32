/**
 * The HTML report end to end in a real browser: Debian's headless Chromium, driven by
 * playwright-core. The report of examples/edk2-mini must load with no console or page errors and
 * no network request, draw the map, list every finding and react to filters; a report whose tree
 * strings hold HTML and script must show them as text and run none of it. The test also writes the
 * README's screenshot, docs/report.png.
 *
 * Skipped only when /usr/bin/chromium is missing outside CI; under CI a missing browser fails.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type TestContext, test } from 'node:test';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { formatHtml } from '../../src/report/html.js';
import { renderReport } from '../../src/report/html-api.js';
import {
  sampleMap,
  XSS_CODE_LINE,
  XSS_DIR,
  XSS_IMG,
  XSS_INF,
  XSS_TITLE,
  xssInput,
} from '../report/html-sample.js';
import { projectFile } from '../report/project-file.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// The README's picture is refreshed only on request; otherwise the screenshot goes to a temp file,
// so that a test run never changes the repository.
const SCREENSHOT = process.env.CCGUARD_UPDATE_SCREENSHOT
  ? projectFile('docs/report.png')
  : path.join(os.tmpdir(), `ccguard-report-${process.pid}.png`);

interface OpenedReport {
  readonly page: Page;
  /** Console errors, uncaught page errors, dialogs (alert…) and requests that left the file. */
  readonly problems: string[];
}

test('HTML report in headless Chromium', async (t: TestContext) => {
  if (!fs.existsSync(CHROMIUM)) {
    if (process.env.CI)
      assert.fail(`${CHROMIUM} is missing: .ci/run installs Debian's chromium with apt-get`);
    t.skip(`${CHROMIUM} is not installed (apt-get install chromium); this test runs in CI`);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-browser-'));
  // A fresh profile for every run: nothing cached or remembered from an earlier one.
  const context: BrowserContext = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  try {
    await browserTests(t, context, tmp);
  } finally {
    await context.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

async function browserTests(t: TestContext, context: BrowserContext, tmp: string): Promise<void> {
  async function open(name: string, html: string): Promise<OpenedReport> {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, html);
    const url = `file://${file}`;
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (r.url() !== url && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
    });
    await page.goto(url);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 30_000 });
    return { page, problems };
  }

  const findingCount = (page: Page) => page.locator('#finding-list > li.finding').count();
  // The list re-renders after a filter changes; poll until it shows the expected count (5 s).
  async function expectFindingCount(page: Page, want: number, message?: string): Promise<void> {
    const deadline = Date.now() + 5_000;
    let got = await findingCount(page);
    while (got !== want && Date.now() < deadline) {
      await page.waitForTimeout(50);
      got = await findingCount(page);
    }
    assert.equal(got, want, message);
  }

  await t.test(
    'the edk2-mini report: map, platforms, findings, filters, summary; writes a screenshot (docs/report.png with CCGUARD_UPDATE_SCREENSHOT=1)',
    async () => {
      const started = Date.now();
      const rendered = renderReport({ root: projectFile('examples/edk2-mini'), cacheDir: false });
      const { page, problems } = await open('edk2-mini.html', rendered.html);

      const leaves = rendered.map.technologies.reduce((n, t) => n + t.modules.length, 0);
      assert.ok(leaves > 0, 'edk2-mini has CC modules');
      assert.equal(
        await page.locator('#treemap svg .leaf').count(),
        leaves,
        'one tile per module and technology',
      );
      assert.equal(await page.locator('#platform-list .platform').count(), rendered.map.platforms.length);

      const findings = rendered.result.findings;
      assert.ok(findings.length <= 250, 'edk2-mini fits on the first page of findings');
      await expectFindingCount(page, findings.length);
      if (findings.length > 0) {
        const firstRule = page.locator('#finding-filters input[name="rule"]').first();
        const ruleId = await firstRule.getAttribute('value');
        await firstRule.uncheck();
        const left = findings.filter((f) => f.ruleId !== ruleId).length;
        await expectFindingCount(page, left, `unchecking ${ruleId} hides its findings`);
        await firstRule.check();
        await expectFindingCount(page, findings.length);
      } else {
        assert.match((await page.locator('#finding-count').textContent()) ?? '', /No findings/);
      }

      const techRows = await page.locator('#summary-body table.grid').first().locator('tbody tr').count();
      assert.equal(techRows, rendered.map.technologies.length);

      // The README's picture: the header, the overview and the map, with a tooltip open.
      const mapBox = await page.locator('#map').boundingBox();
      assert.ok(mapBox);
      const mixed = page.locator('#treemap .leaf[data-level="mixed"]').first();
      if ((await mixed.count()) > 0) {
        await mixed.hover();
        assert.match((await page.locator('#tooltip').textContent()) ?? '', /mixed line/);
      }
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      // boundingBox is relative to the viewport; the hover may have scrolled the page.
      const scrollY = Number(await page.evaluate('window.scrollY'));
      await page.screenshot({
        path: SCREENSHOT,
        fullPage: true,
        clip: {
          x: 0,
          y: 0,
          width: 1280,
          height: Math.max(200, Math.ceil(mapBox.y + scrollY + mapBox.height + 8)),
        },
      });
      assert.ok(fs.statSync(SCREENSHOT).size > 10_000);

      // A click on a tile opens its module's details.
      const leaf = page.locator('#treemap .leaf').first();
      const inf = await leaf.getAttribute('data-inf');
      await leaf.click();
      assert.equal(await page.locator('#map-detail h3').first().textContent(), inf);

      // The map's own controls: one technology, coloured by technology, sized by files.
      const sev = rendered.map.technologies.find((x) => x.id === 'sev')!;
      await page.locator('#map-tech').selectOption('sev');
      await page.locator('#map-color').selectOption('tech');
      await page.locator('#map-size').selectOption('files');
      assert.equal(await page.locator('#treemap .leaf').count(), sev.modules.length);
      assert.equal(await page.locator('#treemap .leaf[data-cc="sev"]').count(), sev.modules.length);
      assert.match((await page.locator('#map-legend').textContent()) ?? '', /hatched: mixed/);
      assert.deepEqual(problems, []);

      await page.close();
      assert.ok(Date.now() - started < 60_000);
    },
  );

  await t.test('filters by rule, CC technology, severity and path change the list', async () => {
    const input = xssInput();
    const { page, problems } = await open('sample.html', formatHtml(input, sampleMap()));
    const total = input.findings.length;
    const count = (pred: (f: (typeof input.findings)[number]) => boolean) =>
      input.findings.filter(pred).length;
    await expectFindingCount(page, total);

    const inline = page.locator('input[name="rule"][value="isolation/inline-cc-logic"]');
    await inline.uncheck();
    await expectFindingCount(
      page,
      count((f) => f.ruleId !== 'isolation/inline-cc-logic'),
    );
    await inline.check();

    await page.locator('input[name="cc"][value="sev"]').uncheck();
    await expectFindingCount(
      page,
      count((f) => f.cc !== 'sev'),
    );
    await page.locator('input[name="severity"][value="info"]').uncheck();
    await expectFindingCount(
      page,
      count((f) => f.cc !== 'sev' && f.severity !== 'info'),
    );

    await page.locator('#filter-reset').click();
    await expectFindingCount(page, total);
    await page.locator('#filter-path').fill('sec/secmain');
    await expectFindingCount(
      page,
      count((f) => f.path.toLowerCase().includes('sec/secmain')),
    );
    await page.locator('#filter-reset').click();

    await page.locator('button[data-none="severity"]').click();
    await expectFindingCount(page, 0);
    await page.locator('button[data-all="severity"]').click();
    await expectFindingCount(page, total);
    assert.match(
      (await page.locator('#finding-count').textContent()) ?? '',
      new RegExp(`Showing ${total} of`),
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('a long list shows its first 250 findings and the rest on request', async () => {
    const base = xssInput();
    const findings = Array.from({ length: 260 }, (_, i) => ({
      ...base.findings[0]!,
      line: i + 1,
      endLine: i + 1,
      fingerprint: `f${i}`,
    }));
    const { page, problems } = await open('long.html', formatHtml({ ...base, findings }, sampleMap()));
    await expectFindingCount(page, 250);
    await page.locator('#finding-more').click();
    await expectFindingCount(page, 260);
    assert.equal(await page.locator('#finding-more').isHidden(), true);
    assert.deepEqual(problems, []);
    await page.close();
  });

  await t.test('HTML and script in paths, code, names and the title show as text and never run', async () => {
    const { page, problems } = await open(
      'xss.html',
      formatHtml(xssInput(), sampleMap(), { title: XSS_TITLE }),
    );
    assert.equal(await page.title(), XSS_TITLE);
    assert.equal(await page.locator('h1').textContent(), XSS_TITLE);
    const facts = await page.evaluate<{ images: number; scripts: number; text: string }>(
      '({ images: document.images.length, scripts: document.scripts.length, text: document.body.innerText })',
    );
    assert.equal(facts.images, 0, 'no <img> element was made from the data');
    assert.equal(facts.scripts, 3, 'only the page’s own script elements');
    assert.ok(facts.text.includes(XSS_IMG));
    assert.ok(facts.text.includes(XSS_CODE_LINE.trim()));
    assert.ok(facts.text.includes('<script>alert(4)</script>'));

    const leaf = page.locator(`#treemap .leaf[data-inf="${XSS_INF.replace(/"/g, '\\"')}"]`);
    assert.equal(await leaf.count(), 1);
    await leaf.hover();
    assert.ok(((await page.locator('#tooltip').textContent()) ?? '').includes(XSS_INF));
    await leaf.click();
    assert.equal(await page.locator('#map-detail h3').first().textContent(), XSS_INF);
    // From a module to its findings: the path filter takes the module's folder.
    await page.locator('#map-detail button').click();
    assert.equal(await page.locator('#filter-path').inputValue(), `${XSS_DIR}/`);
    await expectFindingCount(page, 1);
    assert.equal(await page.locator('#finding-list .msg').textContent(), xssInput().findings.at(-1)!.message);
    await page.locator('#diagnostics summary').click();
    // Poll with locators: the page's CSP forbids the string evaluation waitForFunction would use.
    const rows = page.locator('#diagnostics tbody tr');
    for (let i = 0; i < 100 && (await rows.count()) !== xssInput().diagnostics.length; i++)
      await page.waitForTimeout(50);
    assert.equal(await page.locator('#diagnostics tbody tr').count(), xssInput().diagnostics.length);
    await page.locator('#platform-list summary').last().click();
    assert.equal(await page.locator('#platform-list summary b').last().textContent(), '<i>FV</i>');
    assert.equal(await page.locator('main i').count(), 0);
    assert.equal(await page.evaluate<number>('document.images.length'), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });
}
