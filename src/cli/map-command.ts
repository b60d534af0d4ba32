import type { Command } from 'commander';
import { analyzeTree, ConfigError, map } from '../api.js';
import { explainPath } from '../cc/explain.js';
import { formatMapText, type MapJson } from '../cc/map-report.js';
import { addTreeOptions, type TreeCliOptions, treeOptions } from './analysis-options.js';
import { collect, UsageError } from './context.js';
import { writeOut } from './output.js';
import { PhaseProgress } from './progress.js';

interface MapCliOptions extends TreeCliOptions {
  cc: string[];
  json?: boolean;
  explain?: string;
  verbose?: boolean;
  output?: string;
}

export function registerMapCommand(program: Command): void {
  addTreeOptions(
    program
      .command('map')
      .description(
        'Map CC code: per technology, the modules, files and functions that hold it, their isolation level and evidence',
      ),
  )
    .option(
      '--cc <id>',
      'only this technology: sev, tdx, cca, cc, or one the config adds (repeatable)',
      collect,
      [],
    )
    .option('--json', 'print the map as JSON')
    .option('--explain <path[:line]>', 'show the evidence chain for one module (INF), file or line')
    .option('-v, --verbose', 'list every mixed spot')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action((root: string | undefined, opts: MapCliOptions) => {
      const progress = new PhaseProgress();
      const tree = treeOptions(root, opts, progress);
      let result: MapJson;
      try {
        if (opts.explain) {
          const analysis = analyzeTree(tree);
          progress.done();
          writeOut(explainPath(analysis.model, opts.explain), opts.output);
          return;
        }
        result = map({ ...tree, ...(opts.cc.length > 0 ? { cc: opts.cc } : {}) });
      } catch (e) {
        progress.done();
        if (e instanceof ConfigError) throw new UsageError(`invalid config:\n${e.message}`);
        throw e;
      }
      progress.done();
      const known = new Set(result.technologies.map((t) => t.id));
      const unknown = opts.cc.filter((c) => !known.has(c));
      if (unknown.length > 0) throw new UsageError(`unknown technology ${unknown.join(', ')}`);
      writeOut(
        opts.json
          ? `${JSON.stringify(result, null, 2)}\n`
          : formatMapText(result, { verbose: opts.verbose === true }),
        opts.output,
      );
    });
}
