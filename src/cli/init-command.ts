import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { ConfigExistsError, initConfig } from '../config/init.js';
import { Workspace } from '../workspace/workspace.js';
import { checkWorkspaceRoot, UsageError } from './context.js';

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('Write a commented starting config (ccguard.config.yaml) for the tree at [root]')
    .argument('[root]', 'workspace root (default: the current folder)')
    .option('--json', 'write ccguard.config.json (no comments) instead of YAML')
    .option('--force', 'overwrite an existing config')
    .option('--stdout', 'print the config instead of writing it')
    .action((root: string | undefined, opts: { json?: boolean; force?: boolean; stdout?: boolean }) => {
      const dir = path.resolve(root ?? '.');
      checkWorkspaceRoot(dir);
      const ws = Workspace.open(dir);
      let result: { path: string; text: string };
      try {
        result = initConfig(ws, {
          format: opts.json ? 'json' : 'yaml',
          force: opts.force === true || opts.stdout === true,
        });
      } catch (e) {
        if (e instanceof ConfigExistsError) throw new UsageError(`${e.message} (use --force to overwrite)`);
        throw e;
      }
      if (opts.stdout) {
        process.stdout.write(result.text);
        return;
      }
      const file = path.join(dir, result.path);
      fs.writeFileSync(file, result.text);
      process.stderr.write(`ccguard: wrote ${file}\n`);
    });
}
