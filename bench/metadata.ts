/**
 * Metadata benchmark: parse every DSC, FDF, INF and DEC of a tree, then resolve the platforms
 * named on the command line (default: the five CC-relevant edk2 platforms). Prints figures.
 *
 *   node dist/bench/metadata.js <edk2-tree> [DSC[:ARCH]]…
 *
 * Run it in a fresh process for cold figures (no JIT warm-up is excluded).
 */
import { performance } from 'node:perf_hooks';
import { parseDsc } from '../src/metadata/dsc.js';
import { parseFdf } from '../src/metadata/fdf.js';
import { MetadataStore } from '../src/metadata/store.js';
import { resolvePlatform } from '../src/platform/resolve.js';
import { Workspace } from '../src/workspace/workspace.js';

const DEFAULT_PLATFORMS = [
  'OvmfPkg/OvmfPkgX64.dsc:X64',
  'OvmfPkg/AmdSev/AmdSevX64.dsc:X64',
  'OvmfPkg/IntelTdx/IntelTdxX64.dsc:X64',
  'OvmfPkg/Microvm/MicrovmX64.dsc:X64',
  'ArmVirtPkg/ArmVirtQemu.dsc:AARCH64',
];

function main(): void {
  const [root, ...platformArgs] = process.argv.slice(2);
  if (!root) {
    process.stderr.write('usage: node dist/bench/metadata.js <edk2-tree> [DSC[:ARCH]]…\n');
    process.exitCode = 2;
    return;
  }
  const platforms = platformArgs.length > 0 ? platformArgs : DEFAULT_PLATFORMS;
  const t0 = performance.now();
  const ws = Workspace.open(root);
  const store = new MetadataStore(ws);
  const files = ws.listFiles();
  const t1 = performance.now();

  let infs = 0;
  let decs = 0;
  for (const f of files) {
    const lower = f.toLowerCase();
    if (lower.endsWith('.inf')) {
      if (store.inf(f)) infs++;
    } else if (lower.endsWith('.dec')) {
      if (store.dec(f)) decs++;
    }
  }
  const t2 = performance.now();

  let dscs = 0;
  let fdfs = 0;
  for (const f of files) {
    const lower = f.toLowerCase();
    if (lower.endsWith('.dsc')) {
      const d = parseDsc(ws, f, { arch: 'X64' });
      dscs++;
      if (d.flashDefinition) {
        parseFdf(ws, d.flashDefinition, { macros: d.macros });
        fdfs++;
      }
    }
  }
  const t3 = performance.now();

  const resolved: string[] = [];
  for (const spec of platforms) {
    const [dsc, arch] = spec.split(':');
    const s = performance.now();
    const r = resolvePlatform(store, dsc!, arch ?? 'X64');
    const libs = r.modules.reduce((n, m) => n + m.libraries.size + m.nullLibraries.length, 0);
    resolved.push(
      `  ${dsc} (${r.arch}): ${r.modules.length} modules, ${libs} library bindings, ${(performance.now() - s).toFixed(0)} ms`,
    );
  }
  const t4 = performance.now();

  const mem = process.memoryUsage();
  const out = [
    `tree: ${root} (${files.length} files)`,
    `list files:                 ${(t1 - t0).toFixed(0)} ms`,
    `parse ${infs} INF + ${decs} DEC:     ${(t2 - t1).toFixed(0)} ms`,
    `parse ${dscs} DSC + ${fdfs} FDF:      ${(t3 - t2).toFixed(0)} ms`,
    `resolve ${platforms.length} platforms:        ${(t4 - t3).toFixed(0)} ms`,
    ...resolved,
    `total wall (in process):    ${(t4 - t0).toFixed(0)} ms`,
    `process uptime:             ${(process.uptime() * 1000).toFixed(0)} ms`,
    `heap used: ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB, rss: ${(mem.rss / 2 ** 20).toFixed(0)} MB`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
