import type { Command } from 'commander';
import { MetadataStore } from '../metadata/store.js';
import { platformJson } from '../platform/json.js';
import type { PlatformResolution } from '../platform/model.js';
import { resolvePlatformArchs } from '../platform/resolve.js';
import { collect, openWorkspace, parseDefines, workspaceRelative } from './context.js';
import { formatDiagnosticLine, writeOut } from './output.js';

interface PlatformOptions {
  arch?: string;
  define: string[];
  json?: boolean;
  libraries?: boolean;
  workspace?: string;
  packagesPath?: string;
  output?: string;
}

export function registerPlatformCommand(program: Command): void {
  program
    .command('platform')
    .description(
      'Resolve a platform (DSC + FDF) as BaseTools does: modules, library instances, firmware volumes',
    )
    .argument('<dsc>', 'platform DSC, relative to the current folder or the workspace root')
    .option('-a, --arch <arch>', 'arch to resolve (default: every SUPPORTED_ARCHITECTURES entry)')
    .option('-D, --define <NAME=VALUE>', 'define a macro, overriding the DSC (repeatable)', collect, [])
    .option('-w, --workspace <dir>', 'workspace root (default: $WORKSPACE or the current folder)')
    .option(
      '-p, --packages-path <dirs>',
      'extra package roots, separated by the path delimiter (default: $PACKAGES_PATH)',
    )
    .option('--libraries', 'list every library instance of every module (text output)')
    .option('--json', 'print the resolution as JSON')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action((dsc: string, opts: PlatformOptions) => {
      const ws = openWorkspace(opts, process.cwd());
      const dscPath = workspaceRelative(ws, ws.label, dsc);
      const store = new MetadataStore(ws);
      const resolutions = resolvePlatformArchs(store, dscPath, {
        ...(opts.arch ? { arch: opts.arch } : {}),
        defines: parseDefines(opts.define),
      });
      const text = opts.json
        ? `${JSON.stringify(platformJson(resolutions), null, 2)}\n`
        : formatPlatformText(resolutions, opts.libraries === true);
      writeOut(text, opts.output);
    });
}

export function formatPlatformText(
  resolutions: readonly PlatformResolution[],
  withLibraries: boolean,
): string {
  const lines: string[] = [];
  const json = platformJson(resolutions);
  lines.push(
    `${json.platform} (${json.arch}): ${json.modules.length} modules${json.flashDefinition ? `, flash ${json.flashDefinition}` : ''}`,
  );
  const typeWidth = Math.max(4, ...json.modules.map((m) => m.moduleType.length));
  const infWidth = Math.max(3, ...json.modules.map((m) => m.inf.length));
  for (const m of json.modules) {
    const libs = Object.keys(m.libraries).length;
    const fv = m.fv.length > 0 ? m.fv.join(',') : '-';
    lines.push(
      `  ${m.arch.padEnd(5)} ${m.moduleType.padEnd(typeWidth)}  ${m.inf.padEnd(infWidth)}  ${fv.padEnd(8)} ${libs} libraries${
        m.nullLibraries.length > 0 ? `, ${m.nullLibraries.length} NULL` : ''
      }`,
    );
    if (withLibraries) {
      for (const [cls, inst] of Object.entries(m.libraries)) lines.push(`        ${cls} → ${inst}`);
      for (const n of m.nullLibraries) lines.push(`        NULL → ${n}`);
    }
  }
  const diags = resolutions.flatMap((r) => r.diagnostics);
  const unique = [...new Set(diags.map(formatDiagnosticLine))];
  if (unique.length > 0) {
    lines.push('', `${unique.length} diagnostic${unique.length === 1 ? '' : 's'}:`);
    for (const d of unique) lines.push(`  ${d}`);
  }
  return `${lines.join('\n')}\n`;
}
