/**
 * ccguard's public API. Every CLI command is a function here; the types are the public shapes.
 */

export { analyze } from './analysis/analyze.js';
export type { AnalysedPlatform, AnalysisModel, CcModel } from './analysis/model.js';
export type { Analysis, CheckOptions, CheckResult, MapOptions, TreeOptions } from './api.js';
export { analyzeTree, baselineText, ConfigError, check, checkModel, map, reportInput } from './api.js';
export type { MapJson } from './cc/map-report.js';
export { buildMapJson, formatMapText } from './cc/map-report.js';
export type {
  CcFile,
  CcFunction,
  CcModule,
  CcModuleTech,
  CcSpot,
  Evidence,
  IsolationLevel,
} from './cc/model.js';
export type { Signature, SignatureTable, SignatureTableConfig } from './cc/signatures.js';
export { buildSignatureTable } from './cc/signatures.js';
export type { CcTouchpoint } from './cc/touchpoints.js';
export { findTouchpoints } from './cc/touchpoints.js';
export { loadConfig } from './config/load.js';
export type { CcGuardConfig, ResolvedConfig } from './config/types.js';
export type { Diagnostic } from './diagnostics.js';
export { DiagnosticCode } from './diagnostics.js';
export { parseDec } from './metadata/dec.js';
export { parseDsc } from './metadata/dsc.js';
export { evaluateExpression } from './metadata/expression.js';
export { parseFdf } from './metadata/fdf.js';
export { parseInf } from './metadata/inf.js';
export { parseMaintainers, sectionsForPath } from './metadata/maintainers.js';
export type * from './metadata/model.js';
export { MetadataStore } from './metadata/store.js';
export type { PlatformJson } from './platform/json.js';
export { platformJson } from './platform/json.js';
export type { LibraryBinding, PlatformResolution, ResolvedModule } from './platform/model.js';
export { resolvePlatform, resolvePlatformArchs } from './platform/resolve.js';
export {
  formatHtml,
  type HtmlOptions,
  type RenderedReport,
  type RenderReportOptions,
  renderReport,
} from './report/html-api.js';
export type { ReportFormat } from './report/index.js';
export { formatReport, REPORT_FORMATS } from './report/index.js';
export { PatchApplyError } from './review/apply.js';
export { reviewReportInput } from './review/report-input.js';
export type { ReviewOptions, ReviewResult } from './review/review.js';
export { reviewBase, reviewPatches } from './review/review.js';
export { ALL_RULES, ruleById } from './rules/index.js';
export type { Finding, Rule, RuleMeta } from './rules/types.js';
export { scanC } from './source/c.js';
export { scanNasm } from './source/nasm.js';
export { CCGUARD_VERSION } from './version.js';
export type { FileSource } from './workspace/file-source.js';
export { DiskSource, MemorySource } from './workspace/file-source.js';
export { GitError } from './workspace/git.js';
export { GitSource } from './workspace/git-source.js';
export { OverlaySource } from './workspace/overlay-source.js';
export { Workspace } from './workspace/workspace.js';
