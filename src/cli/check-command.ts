import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { baselineText, ConfigError, check, reportInput } from '../api.js';
import { addTreeOptions, type TreeCliOptions, treeOptions } from './analysis-options.js';
import { UsageError } from './context.js';
import { PhaseProgress } from './progress.js';
import {
  addReportOptions,
  addReportTailOptions,
  findingsExitCode,
  outputPlan,
  parseFailOn,
  type ReportCliOptions,
  writeReports,
} from './report-options.js';

interface CheckCliOptions extends TreeCliOptions, ReportCliOptions {
  baseline?: string | boolean;
  updateBaseline?: boolean;
}

export function registerCheckCommand(program: Command): void {
  addReportTailOptions(
    addReportOptions(
      addTreeOptions(
        program
          .command('check')
          .description(
            'Check the tree against the CC design and report every departure, with evidence and a fix',
          ),
      ),
    )
      .option('--baseline <file>', "report only findings not in this baseline file (default: the config's)")
      .option('--no-baseline', 'ignore any baseline')
      .option('--update-baseline', 'write every current finding to the baseline file and exit 0'),
  ).action((root: string | undefined, opts: CheckCliOptions) => {
    const failOn = parseFailOn(opts.failOn);
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
    writeReports(plan, reportInput(result, failOn), opts, result.diagnostics);
    process.exitCode = findingsExitCode(result.findings, failOn, opts.exitZero);
  });
}
