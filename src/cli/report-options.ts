/**
 * The reporting options `check` and `review` share: `--format`/`--output` pairs fed by one
 * analysis, `--fail-on`, `--rule`, `--link-base`, `--exit-zero`, and writing the reports.
 */
import * as fs from 'node:fs';
import type { Command } from 'commander';
import type { Diagnostic } from '../diagnostics.js';
import { formatReport, isReportFormat, REPORT_FORMATS, type ReportFormat } from '../report/index.js';
import { DEFAULT_FAIL_ON, type ReportInput } from '../report/input.js';
import { type Finding, type FindingSeverity, SEVERITY_RANK } from '../rules/types.js';
import { collect, UsageError } from './context.js';
import { formatDiagnosticLine } from './output.js';

export interface ReportCliOptions {
  format: string[];
  output: string[];
  failOn: string;
  rule: string[];
  linkBase?: string;
  exitZero?: boolean;
}

export const EXIT_FINDINGS = 1;

export interface OutputStep {
  readonly format: ReportFormat;
  /** Absent: stdout. */
  readonly file?: string;
}

/** Add `--format`, `--output`, `--fail-on` and `--rule` (the options before a command's own). */
export function addReportOptions(cmd: Command): Command {
  return cmd
    .option(
      '-f, --format <format>',
      `output format: ${REPORT_FORMATS.join(', ')} (repeatable, paired with --output)`,
      collect,
      [],
    )
    .option('-o, --output <file>', 'write the matching --format to a file (repeatable)', collect, [])
    .option(
      '--fail-on <severity>',
      'exit 1 when a finding is at or above this severity: error, warning, info',
      DEFAULT_FAIL_ON,
    )
    .option('-r, --rule <id>', 'run only this rule (repeatable)', collect, []);
}

/** Add `--link-base` and `--exit-zero` (the options after a command's own). */
export function addReportTailOptions(cmd: Command): Command {
  return cmd
    .option('--link-base <url>', 'Markdown: link findings to <url><path>#L<line>')
    .option('--exit-zero', 'exit 0 even when findings reach --fail-on (usage and tool errors still exit 2)');
}

export function parseFailOn(value: string): FindingSeverity {
  if (!(value in SEVERITY_RANK))
    throw new UsageError(`--fail-on must be error, warning or info, not "${value}"`);
  return value as FindingSeverity;
}

/** Pair `--format`/`--output` by position; a format without an output goes to stdout (at most one). */
export function outputPlan(formats: readonly string[], outputs: readonly string[]): OutputStep[] {
  const fmts = formats.length > 0 ? formats : ['text'];
  for (const f of fmts) {
    if (!isReportFormat(f))
      throw new UsageError(`unknown format "${f}" (one of ${REPORT_FORMATS.join(', ')})`);
  }
  if (outputs.length > fmts.length) throw new UsageError('more --output files than --format options');
  const plan = fmts.map((format, i) => ({
    format: format as ReportFormat,
    ...(outputs[i] ? { file: outputs[i] } : {}),
  }));
  if (plan.filter((p) => !p.file).length > 1)
    throw new UsageError('only one --format may go to stdout: give the others an --output file');
  return plan;
}

/** Write every report of the plan; error diagnostics go to stderr when stdout is not a text report. */
export function writeReports(
  plan: readonly OutputStep[],
  input: ReportInput,
  opts: Pick<ReportCliOptions, 'linkBase'>,
  diagnostics: readonly Diagnostic[],
): void {
  for (const step of plan) {
    const text = formatReport(step.format, input, {
      color: !step.file && process.stdout.isTTY === true && !process.env.NO_COLOR,
      ...(opts.linkBase ? { linkBase: opts.linkBase } : {}),
    });
    if (step.file) fs.writeFileSync(step.file, text);
    else process.stdout.write(text);
  }
  if (plan.every((p) => p.file) || plan.some((p) => !p.file && p.format !== 'text')) {
    // Keep machine output on stdout clean; diagnostics that matter go to stderr.
    for (const d of diagnostics.filter((x) => x.severity === 'error'))
      process.stderr.write(`${formatDiagnosticLine(d)}\n`);
  }
}

/** 1 when a finding reaches `failOn` (unless `--exit-zero`), else 0. */
export function findingsExitCode(
  findings: readonly Finding[],
  failOn: FindingSeverity,
  exitZero: boolean | undefined,
): number {
  const failing = findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
  return failing && !exitZero ? EXIT_FINDINGS : 0;
}
