#!/usr/bin/env node
/**
 * The ccguard command line. Thin on purpose: it parses arguments, calls the library, prints.
 * Exit codes: 0 clean, 1 findings at or above the failing severity, 2 usage or tool error.
 */
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { CCGUARD_VERSION } from '../version.js';
import { registerCheckCommand } from './check-command.js';
import { UsageError } from './context.js';
import { registerInitCommand } from './init-command.js';
import { registerMapCommand } from './map-command.js';
import { registerPackagesCommand } from './packages-command.js';
import { registerPlatformCommand } from './platform-command.js';
import { registerReportCommand } from './report-command.js';
import { registerReviewCommand } from './review-command.js';
import { registerRulesCommands } from './rules-command.js';

export const EXIT_CLEAN = 0;
export const EXIT_USAGE = 2;

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('ccguard')
    .description('Map and check confidential-computing (SEV, TDX, Arm CCA) code in EDK II trees')
    .version(CCGUARD_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerCheckCommand(program);
  registerMapCommand(program);
  registerReportCommand(program);
  registerReviewCommand(program);
  registerRulesCommands(program);
  registerInitCommand(program);
  registerPlatformCommand(program);
  registerPackagesCommand(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_CLEAN;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return e.exitCode === 0 ? EXIT_CLEAN : EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`ccguard: ${e.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(
      `ccguard: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    return EXIT_USAGE;
  }
}

function invokedAsScript(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return fs.realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (invokedAsScript()) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
