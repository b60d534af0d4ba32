/**
 * One entry point for every machine-independent format, so that the CLI can feed one analysis to
 * several `--format`/`--output` pairs.
 */
import type { ReportInput } from './input.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown, type MarkdownOptions } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText, type TextOptions } from './text.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Options of every format in one bag; each format reads only its own. */
export interface ReportOptions extends Partial<TextOptions>, MarkdownOptions {}

export function isReportFormat(name: string): name is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(name);
}

export function formatReport(format: ReportFormat, input: ReportInput, options: ReportOptions = {}): string {
  switch (format) {
    case 'text':
      return formatText(input, {
        color: options.color ?? false,
        ...(options.maxFindings === undefined ? {} : { maxFindings: options.maxFindings }),
      });
    case 'json':
      return formatJson(input);
    case 'sarif':
      return formatSarif(input);
    case 'junit':
      return formatJunit(input);
    case 'markdown':
      return formatMarkdown(input, options);
  }
}

export { computeFingerprint } from './fingerprint.js';
export type { ReportInput, StaleBaselineEntry, SuppressedFinding, ToolInfo } from './input.js';
export { DEFAULT_FAIL_ON } from './input.js';
