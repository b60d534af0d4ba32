/**
 * The data the HTML report's page script draws: one plain JSON value built from the report input
 * and the CC map. Everything the page shows comes from here, so that the page holds no markup
 * made from the analysed tree — the script puts every string in with textContent.
 */
import type { MapJson } from '../../cc/map-report.js';
import type { Evidence } from '../../cc/model.js';
import type { FindingSeverity } from '../../rules/types.js';
import { codeFrame, type FrameRow } from '../code-frame.js';
import { DEFAULT_FAIL_ON, type ReportInput } from '../input.js';
import { sortFindings } from '../tally.js';

export interface HtmlFinding {
  readonly ruleId: string;
  readonly severity: FindingSeverity;
  readonly cc: string | null;
  readonly path: string;
  readonly line: number;
  readonly endLine: number;
  readonly message: string;
  readonly fix: string;
  readonly evidence: readonly Evidence[];
  /** Empty when the file cannot be read or the line is outside it. */
  readonly frame: readonly FrameRow[];
}

export interface HtmlRule {
  readonly id: string;
  readonly title: string;
  readonly specSection: string;
  readonly defaultSeverity: FindingSeverity;
  readonly summary: string;
}

export interface HtmlDiagnostic {
  readonly severity: string;
  readonly code: string;
  readonly file?: string;
  readonly line?: number;
  readonly message: string;
}

export interface HtmlReportData {
  readonly title: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly rootLabel: string;
  readonly failOn: FindingSeverity;
  readonly rules: readonly HtmlRule[];
  readonly findings: readonly HtmlFinding[];
  readonly suppressed: number;
  readonly baselined: number;
  readonly staleBaseline: number;
  readonly diagnostics: readonly HtmlDiagnostic[];
  /** The `ccguard map --json` shape without its diagnostics, which `diagnostics` above already holds. */
  readonly map: Omit<MapJson, 'diagnostics'>;
}

export function htmlReportData(input: ReportInput, map: MapJson, title: string): HtmlReportData {
  const { diagnostics: _mapDiagnostics, ...mapData } = map;
  return {
    title,
    tool: { name: input.tool.name, version: input.tool.version },
    rootLabel: input.rootLabel,
    failOn: input.failOn ?? DEFAULT_FAIL_ON,
    rules: input.rules.map((r) => ({
      id: r.id,
      title: r.title,
      specSection: r.specSection,
      defaultSeverity: r.defaultSeverity,
      summary: r.docs.summary,
    })),
    findings: sortFindings(input.findings).map((f) => {
      const lines = input.readLines(f.path);
      return {
        ruleId: f.ruleId,
        severity: f.severity,
        cc: f.cc,
        path: f.path,
        line: f.line,
        endLine: f.endLine,
        message: f.message,
        fix: f.fix,
        evidence: f.evidence,
        frame: lines ? codeFrame(lines, f.line, f.endLine) : [],
      };
    }),
    suppressed: input.suppressed?.length ?? 0,
    baselined: input.baselined ?? 0,
    staleBaseline: input.staleBaseline?.length ?? 0,
    diagnostics: input.diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      ...(d.file === undefined ? {} : { file: d.file }),
      ...(d.line === undefined ? {} : { line: d.line }),
      message: d.message,
    })),
    map: mapData,
  };
}
