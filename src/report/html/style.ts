/** The HTML report's style sheet, inlined into the page. */
export const REPORT_CSS = `
:root {
  --fg: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #ffffff; --panel: #f9fafb;
  --error: #b91c1c; --warning: #b45309; --info: #0369a1; --accent: #2563eb;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fg); background: var(--bg); font-size: 14px; line-height: 1.45;
}
* { box-sizing: border-box; }
body { margin: 0; }
header.top { padding: 16px 24px 0; border-bottom: 1px solid var(--line); background: var(--panel); }
header.top h1 { margin: 0; font-size: 22px; }
header.top .sub { margin: 4px 0 8px; color: var(--muted); }
nav { display: flex; gap: 18px; }
nav a { color: var(--accent); text-decoration: none; padding: 6px 0 8px; border-bottom: 2px solid transparent; }
nav a:hover, nav a:focus { border-bottom-color: var(--accent); }
main { padding: 8px 24px 32px; max-width: 1400px; }
section { margin-top: 20px; }
h2 { font-size: 18px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 14px 0 6px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
.noscript { padding: 12px 24px; background: #fef3c7; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 150px; background: var(--bg); }
.card .big { font-size: 22px; font-weight: 600; }
.card .what { color: var(--muted); font-size: 12px; }
.controls { display: flex; flex-wrap: wrap; gap: 14px; align-items: center; margin-bottom: 8px; }
.controls label { color: var(--muted); }
select, input[type=search], button { font: inherit; padding: 3px 6px; border: 1px solid #d1d5db; border-radius: 4px; background: #fff; }
button { cursor: pointer; }
button:hover { background: var(--panel); }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 4px 0 8px; font-size: 12.5px; }
.legend .item { display: inline-flex; align-items: center; gap: 5px; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; border: 1px solid rgba(0,0,0,.2); }
.swatch.hatch { background-image: repeating-linear-gradient(45deg, rgba(0,0,0,.55) 0 2px, transparent 2px 5px); }
.treemap { width: 100%; min-height: 200px; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; background: #fff; }
.treemap svg { display: block; width: 100%; height: auto; }
.treemap .pkg-rect { fill: #f3f4f6; stroke: #9ca3af; }
.treemap .pkg-label { font-size: 12px; font-weight: 600; fill: #111827; }
.treemap .mod-rect { fill: #ffffff; stroke: #4b5563; stroke-width: 1; }
.treemap .leaf { cursor: pointer; }
.treemap .leaf rect.tile { stroke: #ffffff; stroke-width: 1; }
.treemap .leaf:hover rect.tile, .treemap .leaf:focus rect.tile { stroke: #111827; stroke-width: 2; }
.treemap .leaf.selected rect.tile { stroke: #111827; stroke-width: 3; }
.treemap .leaf:focus { outline: none; }
.treemap text { pointer-events: none; font-size: 11px; }
.empty { color: var(--muted); font-style: italic; padding: 8px 0; }
.tooltip { position: fixed; z-index: 10; max-width: 460px; background: #111827; color: #f9fafb; padding: 8px 10px;
  border-radius: 6px; font-size: 12.5px; pointer-events: none; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.tooltip .t-title { font-weight: 600; word-break: break-all; margin-bottom: 4px; }
.tooltip .t-row { color: #d1d5db; }
.detail { margin-top: 10px; border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px 12px; background: var(--panel); }
.detail h3 { word-break: break-all; }
table { border-collapse: collapse; }
table.grid { width: 100%; margin: 6px 0 12px; }
table.grid th, table.grid td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
table.grid th { background: var(--panel); font-weight: 600; font-size: 12.5px; }
table.grid td.num, table.grid th.num { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: flex; height: 12px; min-width: 160px; border-radius: 3px; overflow: hidden; background: #f3f4f6; }
.bar span { display: block; height: 100%; }
.badge { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 11.5px; line-height: 18px; color: #fff; white-space: nowrap; margin-right: 4px; }
.badge.light { color: #111827; }
.sev-error { background: var(--error); }
.sev-warning { background: var(--warning); }
.sev-info { background: var(--info); }
.platform { border: 1px solid var(--line); border-radius: 6px; padding: 6px 14px 10px; margin-bottom: 10px; }
.platform h3 { margin: 6px 0 2px; word-break: break-all; }
.platform .role { color: var(--muted); margin-bottom: 6px; }
details > summary { cursor: pointer; }
.fv { margin: 3px 0; }
.fv ul { margin: 4px 0 6px; padding-left: 20px; }
.fv li { margin: 2px 0; word-break: break-all; }
.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-start; margin-bottom: 8px; }
.filters fieldset { border: 1px solid var(--line); border-radius: 6px; padding: 4px 10px 6px; margin: 0; max-height: 210px; overflow: auto; }
.filters legend { color: var(--muted); font-size: 12px; padding: 0 4px; }
.filters label { display: block; white-space: nowrap; font-size: 13px; }
.filters .n { color: var(--muted); }
.filters .toggles { margin-top: 2px; }
button.link { border: none; background: none; color: var(--accent); padding: 0 6px 0 0; font-size: 12px; }
button.link:hover { text-decoration: underline; background: none; }
.count { color: var(--muted); margin: 6px 0; }
ol.findings { list-style: none; padding: 0; margin: 0; }
li.finding { border: 1px solid var(--line); border-left: 4px solid var(--info); border-radius: 6px; padding: 8px 12px; margin-bottom: 10px; }
li.finding.error { border-left-color: var(--error); }
li.finding.warning { border-left-color: var(--warning); }
li.finding .head { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
li.finding .loc { font-weight: 600; word-break: break-all; }
li.finding .rule { color: var(--muted); font-size: 12.5px; }
li.finding .msg { margin: 6px 0; font-size: 14.5px; }
table.frame { width: 100%; margin: 4px 0 6px; background: #f8fafc; border: 1px solid var(--line); border-radius: 4px; }
table.frame td { padding: 0 8px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; white-space: pre; }
table.frame td.ln { color: var(--muted); text-align: right; width: 1%; user-select: none; border-right: 1px solid var(--line); }
table.frame td.code { overflow-wrap: anywhere; white-space: pre-wrap; }
table.frame tr.mark td { background: #fef9c3; }
table.frame tr.mark td.ln { color: var(--fg); font-weight: 600; }
ul.evidence { margin: 4px 0; padding-left: 18px; font-size: 13px; }
ul.evidence .kind { color: var(--muted); }
.fix { white-space: pre-wrap; font-size: 13px; background: #ecfdf5; border-radius: 4px; padding: 4px 8px; margin-top: 4px; }
.fix b { color: #047857; }
.more { margin: 6px 0 12px; }
footer { color: var(--muted); padding: 12px 24px 24px; border-top: 1px solid var(--line); font-size: 12px; }
`;
