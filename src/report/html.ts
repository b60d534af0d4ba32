/**
 * `ccguard report`: one self-contained HTML file — the CC map drawn as a treemap, the CC code built
 * into each platform, the findings with filters, code frames, evidence and fixes, and the summary
 * figures of `ccguard map`. No network: the style, the page script, the bundled charting library
 * (d3-hierarchy) and the data are all inline, and the page's Content-Security-Policy allows only
 * those inline scripts. Same input, same bytes: nothing here reads the clock or the environment.
 */
import type { MapJson } from '../cc/map-report.js';
import { REPORT_SCRIPT } from './html/client.js';
import { htmlReportData } from './html/data.js';
import { assertInlineable, cspHash, escapeHtml, jsonForScript } from './html/embed.js';
import { REPORT_CSS } from './html/style.js';
import { d3HierarchyScript } from './html/vendor.js';
import type { ReportInput } from './input.js';

export interface HtmlOptions {
  /** The page title; default `ccguard report: <root label>`. */
  readonly title?: string;
}

export function formatHtml(input: ReportInput, map: MapJson, options: HtmlOptions = {}): string {
  const title = options.title ?? `ccguard report: ${input.rootLabel}`;
  const data = htmlReportData(input, map, title);
  const css = assertInlineable(REPORT_CSS, 'style');
  const scripts = [d3HierarchyScript(), REPORT_SCRIPT].map((s) => assertInlineable(s, 'script'));
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map(cspHash).join(' ')}`,
    `style-src ${cspHash(css)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const version = escapeHtml(input.tool.version);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="generator" content="ccguard ${version}">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>${css}</style>
</head>
<body>
<header class="top">
<h1 id="title">${escapeHtml(title)}</h1>
<p class="sub" id="subtitle"></p>
<nav><a href="#map">CC map</a><a href="#platforms">Platforms</a><a href="#findings">Findings</a><a href="#summary">Summary</a><a href="#diagnostics">Diagnostics</a></nav>
</header>
<noscript><p class="noscript">This report draws its map, findings and figures with JavaScript; allow scripts for this file to see them.</p></noscript>
<main>
<section id="overview" class="cards" aria-label="overview"></section>
<section id="map"><h2>CC map</h2><div id="map-controls" class="controls"></div><div id="map-legend" class="legend"></div><div id="treemap" class="treemap"></div><div id="map-detail" class="detail" hidden></div></section>
<section id="platforms"><h2>Platforms and the CC code built into each firmware volume</h2><div id="platform-list"></div></section>
<section id="findings"><h2>Findings</h2><div id="finding-filters" class="filters"></div><p id="finding-count" class="count"></p><ol id="finding-list" class="findings"></ol><button id="finding-more" class="more" type="button" hidden>Show more</button></section>
<section id="summary"><h2>Summary figures</h2><div id="summary-body"></div></section>
<section id="diagnostics"><h2>Diagnostics</h2><div id="diagnostics-body"></div></section>
</main>
<footer>Made by ccguard ${version}. A self-contained file: it loads nothing from the network.</footer>
<div id="tooltip" class="tooltip" role="tooltip" hidden></div>
<script type="application/json" id="ccguard-data">${jsonForScript(data)}</script>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}
