/**
 * `ccguard report [root] -o report.html`: the self-contained HTML report. The file goes to the
 * current folder by default, never into the analysed tree unless the user names a path there.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../api.js';
import { renderReport } from '../report/html-api.js';
import { DEFAULT_FAIL_ON } from '../report/input.js';
import { type FindingSeverity, SEVERITY_RANK } from '../rules/types.js';
import { addTreeOptions, type TreeCliOptions, treeOptions } from './analysis-options.js';
import { collect, UsageError } from './context.js';
import { PhaseProgress } from './progress.js';

interface ReportCliOptions extends TreeCliOptions {
  output: string;
  title?: string;
  rule: string[];
  baseline?: string | boolean;
  failOn: string;
}

export const DEFAULT_REPORT_FILE = 'report.html';

export function registerReportCommand(program: Command): void {
  addTreeOptions(
    program
      .command('report')
      .description(
        'Write a self-contained HTML report: the CC map as a picture, CC code per platform, findings with filters, summary figures',
      ),
  )
    .option('-o, --output <file>', 'the HTML file to write (default: report.html in the current folder)')
    .option('--title <text>', 'the page title (default: "ccguard report: <root folder name>")')
    .option('-r, --rule <id>', 'run only this rule (repeatable)', collect, [])
    .option('--baseline <file>', "leave out findings in this baseline file (default: the config's)")
    .option('--no-baseline', 'ignore any baseline')
    .option(
      '--fail-on <severity>',
      'the severity the report marks as failing: error, warning, info',
      DEFAULT_FAIL_ON,
    )
    .action((root: string | undefined, opts: ReportCliOptions) => {
      if (!(opts.failOn in SEVERITY_RANK))
        throw new UsageError(`--fail-on must be error, warning or info, not "${opts.failOn}"`);
      const tree = treeOptions(root, opts);
      const file = reportFile(opts.output, tree.root);
      const progress = new PhaseProgress();
      let rendered: ReturnType<typeof renderReport>;
      try {
        rendered = renderReport({
          ...tree,
          onPhase: (p: string) => progress.phase(p),
          failOn: opts.failOn as FindingSeverity,
          ...(opts.title === undefined ? {} : { title: opts.title }),
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
      try {
        fs.writeFileSync(file, rendered.html);
      } catch (e) {
        throw new UsageError(`cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const n = rendered.result.findings.length;
      const kib = Math.round(Buffer.byteLength(rendered.html) / 1024);
      process.stderr.write(`ccguard: wrote ${file} (${n} finding${n === 1 ? '' : 's'}, ${kib} KiB)\n`);
      process.exitCode = 0;
    });
}

/**
 * The file to write: `--output` as given, else report.html in the current folder — unless that
 * folder lies inside the analysed tree, which ccguard leaves alone unless told otherwise.
 */
export function reportFile(output: string | undefined, root: string): string {
  if (output !== undefined) return path.resolve(output);
  const file = path.resolve(DEFAULT_REPORT_FILE);
  const rel = path.relative(root, file);
  if (!rel.startsWith('..') && !path.isAbsolute(rel))
    throw new UsageError(
      `the default ${DEFAULT_REPORT_FILE} would be written inside the analysed tree ${root}; ` +
        'name the file with -o (a path inside the tree is fine when you ask for it)',
    );
  return file;
}
