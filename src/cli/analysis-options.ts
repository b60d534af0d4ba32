/** Options shared by the commands that analyse a whole tree (check, map, report, review). */

import * as path from 'node:path';
import type { Command } from 'commander';
import type { TreeOptions } from '../api.js';
import { checkWorkspaceRoot, collect, parseDefines } from './context.js';
import type { PhaseProgress } from './progress.js';

export interface TreeCliOptions {
  define: string[];
  config?: string;
  packagesPath?: string;
  cacheDir?: string;
  cache?: boolean;
}

export function addTreeOptions(cmd: Command): Command {
  return addTreeFlags(cmd.argument('[root]', 'workspace root (default: $WORKSPACE or the current folder)'));
}

/** The tree options without the `[root]` argument, for a command whose arguments say more. */
export function addTreeFlags(cmd: Command): Command {
  return cmd
    .option(
      '-D, --define <NAME=VALUE>',
      'define a macro for every platform, overriding the DSC (repeatable)',
      collect,
      [],
    )
    .option('-c, --config <file>', 'config file (default: ccguard.config.{json,yaml,yml} at the root)')
    .option(
      '-p, --packages-path <dirs>',
      'extra package roots, separated by the path delimiter (default: $PACKAGES_PATH)',
    )
    .option('--cache-dir <dir>', 'scan cache folder (default: the user cache directory)')
    .option('--no-cache', 'do not read or write the scan cache');
}

export function treeOptions(
  root: string | undefined,
  opts: TreeCliOptions,
  progress?: PhaseProgress,
): TreeOptions {
  const resolved = path.resolve(root ?? process.env.WORKSPACE ?? '.');
  checkWorkspaceRoot(resolved);
  const pp = opts.packagesPath ?? process.env.PACKAGES_PATH;
  return {
    root: resolved,
    packagesPath: pp ? pp.split(path.delimiter).filter((p) => p !== '') : [],
    ...(opts.config ? { configPath: opts.config } : {}),
    defines: parseDefines(opts.define),
    cacheDir: opts.cache === false ? false : (opts.cacheDir ?? undefined),
    ...(progress ? { onPhase: (p: string) => progress.phase(p) } : {}),
  } as TreeOptions;
}
