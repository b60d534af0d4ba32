import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { baselineText, ConfigError, check, reportInput } from '../api.js';
import { formatReport, isReportFormat, REPORT_FORMATS, type ReportFormat } from '../report/index.js';
import { DEFAULT_FAIL_ON } from '../report/input.js';
import { type FindingSeverity, SEVERITY_RANK } from '../rules/types.js';
import { addTreeOptions, type TreeCliOptions, treeOptions } from './analysis-options.js';
import { collect, UsageError } from './context.js';
import { formatDiagnosticLine } from './output.js';
import { PhaseProgress } from './progress.js';

interface CheckCliOptions extends TreeCliOptions {
  format: string[];
  output: string[];
  failOn: string;
  rule: string[];
  baseline?: string | boolean;
  updateBaseline?: boolean;
  linkBase?: string;
  exitZero?: boolean;
}

export const EXIT_FINDINGS = 1;

/** Pair `--format`/`--output` by position; a format without an output goes to stdout (at most one). */
export function outputPlan(
  formats: readonly string[],
  outputs: readonly string[],
): { format: ReportFormat; file?: string }[] {
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

export function registerCheckCommand(program: Command): void {
  addTreeOptions(
    program
      .command('check')
      .description(
        'Check the tree against the CC design and report every departure, with evidence and a fix',
      ),
  )
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
    .option('-r, --rule <id>', 'run only this rule (repeatable)', collect, [])
    .option('--baseline <file>', "report only findings not in this baseline file (default: the config's)")
    .option('--no-baseline', 'ignore any baseline')
    .option('--update-baseline', 'write every current finding to the baseline file and exit 0')
    .option('--link-base <url>', 'Markdown: link findings to <url><path>#L<line>')
    .option('--exit-zero', 'exit 0 even when findings reach --fail-on (usage and tool errors still exit 2)')
    .action((root: string | undefined, opts: CheckCliOptions) => {
      if (!(opts.failOn in SEVERITY_RANK))
        throw new UsageError(`--fail-on must be error, warning or info, not "${opts.failOn}"`);
      const failOn = opts.failOn as FindingSeverity;
      const plan = outputPlan(opts.format, opts.output);
      const progress = new PhaseProgress();
      let result: ReturnType<typeof check>;
      try {
        result = check({
          ...treeOptions(root, opts, progress),
          ...(opts.rule.length > 0 ? { rules: opts.rule } : {}),
          ...(opts.baseline === false
            ? { baseline: false }
            : typeof opts.baseline === 'string'
              ? { baseline: opts.baseline }
              : {}),
        });
      } catch (e) {
        progress.done();
        if (e instanceof ConfigError) throw new UsageError(`invalid config:\n${e.message}`);
        if (e instanceof RangeError) throw new UsageError(e.message);
        throw e;
      }
      progress.done();
      if (opts.updateBaseline) {
        const target =
          typeof opts.baseline === 'string'
            ? opts.baseline
            : (result.model.config.baseline ?? 'ccguard-baseline.json');
        const file = path.isAbsolute(target) ? target : path.join(result.model.ws.label, target);
        fs.writeFileSync(file, baselineText(result));
        process.stderr.write(`ccguard: wrote ${result.allFindings.length} findings to ${file}\n`);
        process.exitCode = 0;
        return;
      }
      const input = reportInput(result, failOn);
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
        for (const d of result.diagnostics.filter((x) => x.severity === 'error'))
          process.stderr.write(`${formatDiagnosticLine(d)}\n`);
      }
      const failing = result.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
      process.exitCode = failing && !opts.exitZero ? EXIT_FINDINGS : 0;
    });
}
