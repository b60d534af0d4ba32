/**
 * `ccguard report` as a library function: one analysis feeds both the findings (as `check` reports
 * them, with suppressions and the baseline) and the CC map, and both go into one HTML page.
 */
import { analyzeTree, type CheckOptions, type CheckResult, checkModel, reportInput } from '../api.js';
import { buildMapJson, type MapJson } from '../cc/map-report.js';
import type { FindingSeverity } from '../rules/types.js';
import { formatHtml, type HtmlOptions } from './html.js';

export { formatHtml, type HtmlOptions } from './html.js';

export interface RenderReportOptions extends CheckOptions, HtmlOptions {
  /** The lowest severity that fails the run, shown in the report; default `warning`. */
  readonly failOn?: FindingSeverity;
}

export interface RenderedReport {
  readonly html: string;
  readonly result: CheckResult;
  readonly map: MapJson;
}

/** Analyse the tree once and render the HTML report. Throws ConfigError when the config is invalid. */
export function renderReport(options: RenderReportOptions): RenderedReport {
  const { model, configDiagnostics } = analyzeTree(options);
  const result = checkModel(model, configDiagnostics, options);
  const map = buildMapJson(model);
  const html = formatHtml(reportInput(result, options.failOn), map, {
    ...(options.title === undefined ? {} : { title: options.title }),
  });
  return { html, result, map };
}
