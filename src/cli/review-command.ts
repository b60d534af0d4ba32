/**
 * `ccguard review`: only the findings a change introduces or touches, and those it resolves.
 *
 *   ccguard review [root] --base <rev> [--head <rev>]   a git range (default head: the work tree)
 *   ccguard review [root] <patch|mbox|->...             patches applied in memory to the work tree
 *
 * The first argument is the root when it is a folder; every other argument is a patch file.
 */
import * as fs from 'node:fs';
import type { Command } from 'commander';
import { ConfigError } from '../api.js';
import { reviewReportInput } from '../review/report-input.js';
import {
  GitError,
  PatchApplyError,
  type PatchInput,
  type ReviewResult,
  reviewBase,
  reviewPatches,
} from '../review/review.js';
import { addTreeFlags, type TreeCliOptions, treeOptions } from './analysis-options.js';
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

interface ReviewCliOptions extends TreeCliOptions, ReportCliOptions {
  base?: string;
  head?: string;
}

const EXAMPLES = `
Examples:
  ccguard review --base origin/master                 the work tree against origin/master
  ccguard review ~/src/edk2 --base HEAD~3 --head HEAD the last three commits
  ccguard review ~/src/edk2 v3-0001.patch v3-0002.patch
  ccguard review ~/src/edk2 series.mbox               a series saved from the mailing list
  b4 am -o - <msgid> | ccguard review ~/src/edk2 -    a series on stdin

Patches apply in memory on top of the work tree, in the order given (an mbox in its own order);
the tree itself is never written. Paths in patches are relative to the top of the git work tree.
A patch that does not apply stops the review with exit code 2, naming the patch and the hunk.`;

export function registerReviewCommand(program: Command): void {
  addReportTailOptions(
    addReportOptions(
      addTreeFlags(
        program
          .command('review')
          .description(
            'Report only the findings a change introduces or touches, and those it resolves: a git range or a patch series',
          )
          .argument(
            '[root-and-patches...]',
            'workspace root (a folder; default: $WORKSPACE or the current folder), then patch files, mboxes or - for stdin',
          ),
      ),
    )
      .option('--base <rev>', 'review the change from this git revision (commit, branch, tag)')
      .option('--head <rev>', 'with --base: review up to this revision instead of the work tree'),
  )
    .addHelpText('after', EXAMPLES)
    .action((args: string[], opts: ReviewCliOptions) => {
      const failOn = parseFailOn(opts.failOn);
      const plan = outputPlan(opts.format, opts.output);
      const { root, patches } = splitArguments(args);
      if (opts.base === undefined && patches.length === 0)
        throw new UsageError('review needs --base <rev> or patch files (see ccguard review --help)');
      if (opts.base !== undefined && patches.length > 0)
        throw new UsageError('give either --base or patch files, not both');
      if (opts.head !== undefined && opts.base === undefined) throw new UsageError('--head needs --base');
      const progress = new PhaseProgress();
      const tree = treeOptions(root, opts, progress);
      const rules = opts.rule.length > 0 ? { rules: opts.rule } : {};
      let result: ReviewResult;
      try {
        result =
          opts.base !== undefined
            ? reviewBase({
                ...tree,
                ...rules,
                base: opts.base,
                ...(opts.head !== undefined ? { head: opts.head } : {}),
              })
            : reviewPatches({ ...tree, ...rules, patches: patches.map(patchInput) });
      } catch (e) {
        progress.done();
        if (e instanceof ConfigError) throw new UsageError(`invalid config:\n${e.message}`);
        if (e instanceof RangeError || e instanceof GitError || e instanceof PatchApplyError)
          throw new UsageError(e.message);
        throw e;
      }
      progress.done();
      writeReports(plan, reviewReportInput(result, failOn), opts, result.diagnostics);
      process.exitCode = findingsExitCode(result.findings, failOn, opts.exitZero);
    });
}

/** The first argument names the root when it is a folder; the others are patch files. */
function splitArguments(args: readonly string[]): { root: string | undefined; patches: string[] } {
  const [first, ...rest] = args;
  const root = first !== undefined && isFolder(first) ? first : undefined;
  const patches = root === undefined ? [...args] : rest;
  const folder = patches.find((p) => p !== '-' && isFolder(p));
  if (folder !== undefined)
    throw new UsageError(`${folder} is a folder: only the first argument may name the workspace root`);
  if (patches.filter((p) => p === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  return { root, patches };
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function patchInput(p: string): string | PatchInput {
  return p === '-' ? { name: '<stdin>', bytes: fs.readFileSync(0) } : p;
}
