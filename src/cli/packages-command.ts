import type { Command } from 'commander';
import { cmp } from '../diagnostics.js';
import { MetadataStore } from '../metadata/store.js';
import { diagnosticJson } from '../platform/json.js';
import { openWorkspace } from './context.js';
import { formatDiagnosticLine, writeOut } from './output.js';

interface PackagesOptions {
  json?: boolean;
  workspace?: string;
  packagesPath?: string;
  output?: string;
}

export function registerPackagesCommand(program: Command): void {
  program
    .command('packages')
    .description('List the packages (.dec) of the workspace and what they declare')
    .option('-w, --workspace <dir>', 'workspace root (default: $WORKSPACE or the current folder)')
    .option('-p, --packages-path <dirs>', 'extra package roots (default: $PACKAGES_PATH)')
    .option('--json', 'print as JSON')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action((opts: PackagesOptions) => {
      const ws = openWorkspace(opts, process.cwd());
      const store = new MetadataStore(ws);
      const packages = store.packages().map((p) => ({
        dec: p.path,
        name: p.name,
        guid: p.guid,
        libraryClasses: p.libraryClasses.map((l) => l.name).sort(cmp),
        guids: p.guids.length,
        protocols: p.protocols.length,
        ppis: p.ppis.length,
        pcds: p.pcds.length,
        includes: [...new Set(p.includes.map((i) => i.path))].sort(cmp),
      }));
      const decFiles = new Set(packages.map((p) => p.dec));
      const diagnostics = ws.diagnostics.sorted().filter((d) => d.file !== undefined && decFiles.has(d.file));
      if (opts.json) {
        writeOut(
          `${JSON.stringify({ packages, diagnostics: diagnostics.map(diagnosticJson) }, null, 2)}\n`,
          opts.output,
        );
        return;
      }
      const lines = [`${packages.length} packages`];
      const w = Math.max(...packages.map((p) => p.dec.length), 3);
      for (const p of packages) {
        lines.push(
          `  ${p.dec.padEnd(w)}  ${String(p.libraryClasses.length).padStart(3)} library classes  ${String(p.pcds).padStart(4)} PCDs  ${String(p.guids + p.protocols + p.ppis).padStart(4)} GUIDs/protocols/PPIs`,
        );
      }
      for (const d of diagnostics) lines.push(`  ${formatDiagnosticLine(d)}`);
      writeOut(`${lines.join('\n')}\n`, opts.output);
    });
}
