/**
 * Metadata benchmark (issue 2, section 7): parse every DSC, FDF, INF and DEC of a tree, then
 * resolve the platforms named on the command line (default: the five CC-relevant edk2
 * platforms), and print the figures against the target.
 *
 *   node dist/bench/metadata.js <edk2-tree> [--repeat N] [--json] [DSC[:ARCH]]…
 *
 * One run is one cold process: nothing is warmed up or excluded. `--repeat N` runs the benchmark
 * N times, each in a fresh child process, and prints the best (and median) of each figure; the
 * process wall time is then measured by the parent from spawn to exit, so it includes Node's
 * start-up and module loading. `--json` prints one run's figures as JSON (the children use it).
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { MetadataStore } from '../src/metadata/store.js';
import { parsePlatform, resolvePlatform } from '../src/platform/resolve.js';
import { Workspace } from '../src/workspace/workspace.js';

const DEFAULT_PLATFORMS = [
  'OvmfPkg/OvmfPkgX64.dsc:X64',
  'OvmfPkg/AmdSev/AmdSevX64.dsc:X64',
  'OvmfPkg/IntelTdx/IntelTdxX64.dsc:X64',
  'OvmfPkg/Microvm/MicrovmX64.dsc:X64',
  'ArmVirtPkg/ArmVirtQemu.dsc:AARCH64',
];

/** The issue's target for the whole run: tree parsed and platforms resolved. */
const TARGET_MS = 1000;
/**
 * BaseTools' own AutoGen on this machine (`build -p <dsc> -a <arch> -t GCC -b DEBUG -n 2
 * -Y LIBRARY -Y FLASH genmake`, AutoGen plus makefiles, edk2 master): seconds per platform.
 * AmdSevX64 is absent: BaseTools stops on it without a Grub image.
 */
const BASETOOLS_SECONDS: Readonly<Record<string, number>> = {
  'OvmfPkg/OvmfPkgX64.dsc': 9.4,
  'OvmfPkg/IntelTdx/IntelTdxX64.dsc': 6.7,
  'OvmfPkg/Microvm/MicrovmX64.dsc': 10.1,
  'ArmVirtPkg/ArmVirtQemu.dsc': 8.3,
};

interface PlatformFigures {
  readonly dsc: string;
  readonly arch: string;
  readonly modules: number;
  readonly bindings: number;
  readonly diagnostics: number;
  readonly ms: number;
}

interface RunFigures {
  readonly files: number;
  readonly infs: number;
  readonly decs: number;
  readonly dscs: number;
  readonly fdfs: number;
  readonly listMs: number;
  readonly infDecMs: number;
  readonly dscFdfMs: number;
  /** List + INF/DEC + DSC/FDF: the whole tree's metadata. */
  readonly treeMs: number;
  readonly resolveMs: number;
  readonly platforms: readonly PlatformFigures[];
  /** From the first line of the benchmark to the end of the last resolution. */
  readonly inProcessMs: number;
  /** Process wall time: `process.uptime()` in a single run, spawn to exit under `--repeat`. */
  wallMs: number;
  /** User plus system CPU time of the process (both cores count). */
  readonly cpuMs: number;
  readonly heapMb: number;
  readonly rssMb: number;
}

interface Args {
  readonly root: string;
  readonly repeat: number;
  readonly json: boolean;
  readonly platforms: readonly string[];
}

function parseArgs(argv: readonly string[]): Args | string {
  let repeat = 1;
  let json = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--repeat') {
      repeat = Number(argv[++i]);
      if (!Number.isInteger(repeat) || repeat < 1) return '--repeat needs a positive integer';
    } else rest.push(a);
  }
  const [root, ...platforms] = rest;
  if (!root) return 'usage: node dist/bench/metadata.js <edk2-tree> [--repeat N] [--json] [DSC[:ARCH]]…';
  return { root, repeat, json, platforms: platforms.length > 0 ? platforms : DEFAULT_PLATFORMS };
}

/** One cold run, in this process. */
function run(root: string, platforms: readonly string[]): RunFigures {
  const cpu0 = process.cpuUsage();
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

  // Every DSC once, as an X64 build reads it (as BaseTools would, with the DEC defaults of the
  // PCDs its `!if`s read), with its FDF. The store keeps these parses: resolving a platform for
  // X64 below starts from them, while other archs (ArmVirtQemu's AARCH64) parse their own.
  let dscs = 0;
  let fdfs = 0;
  for (const f of files) {
    if (!f.toLowerCase().endsWith('.dsc')) continue;
    const parsed = parsePlatform(store, f, 'X64');
    dscs++;
    if (parsed.fdf) fdfs++;
  }
  const t3 = performance.now();

  const figures: PlatformFigures[] = [];
  for (const spec of platforms) {
    const [dsc = '', arch = 'X64'] = spec.split(':');
    const s = performance.now();
    const r = resolvePlatform(store, dsc, arch);
    const ms = performance.now() - s;
    const bindings = r.modules.reduce((n, m) => n + m.libraries.size + m.nullLibraries.length, 0);
    figures.push({
      dsc,
      arch: r.arch,
      modules: r.modules.length,
      bindings,
      diagnostics: r.diagnostics.length,
      ms,
    });
  }
  const t4 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const mem = process.memoryUsage();
  return {
    files: files.length,
    infs,
    decs,
    dscs,
    fdfs,
    listMs: t1 - t0,
    infDecMs: t2 - t1,
    dscFdfMs: t3 - t2,
    treeMs: t3 - t0,
    resolveMs: t4 - t3,
    platforms: figures,
    inProcessMs: t4 - t0,
    wallMs: process.uptime() * 1000,
    cpuMs: (cpu.user + cpu.system) / 1000,
    heapMb: mem.heapUsed / 2 ** 20,
    rssMb: mem.rss / 2 ** 20,
  };
}

/** N runs, each in a fresh process, timed from spawn to exit. */
function repeatRuns(args: Args): RunFigures[] | string {
  const self = fileURLToPath(import.meta.url);
  const runs: RunFigures[] = [];
  for (let i = 0; i < args.repeat; i++) {
    const start = performance.now();
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, self, args.root, '--json', ...args.platforms],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    const wall = performance.now() - start;
    if (child.status !== 0) return `run ${i + 1} failed (exit ${child.status}): ${child.stderr}`;
    const figures = JSON.parse(child.stdout) as RunFigures;
    figures.wallMs = wall;
    runs.push(figures);
  }
  return runs;
}

const ms = (v: number): string => `${v.toFixed(0).padStart(6)} ms`;

function best(runs: readonly RunFigures[], pick: (r: RunFigures) => number): number {
  return Math.min(...runs.map(pick));
}

function median(runs: readonly RunFigures[], pick: (r: RunFigures) => number): number {
  const v = runs.map(pick).sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

function report(args: Args, runs: readonly RunFigures[], load: readonly number[]): string {
  const first = runs[0]!;
  const n = runs.length;
  const col = (pick: (r: RunFigures) => number): string =>
    n === 1 ? ms(pick(first)) : `${ms(best(runs, pick))}  (median ${ms(median(runs, pick)).trim()})`;
  const out = [
    `tree: ${args.root} (${first.files} files); ${os.cpus().length} CPUs, load average ${load
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    n === 1 ? 'one cold run' : `best of ${n} cold runs, each in a fresh process`,
    `  list files                      ${col((r) => r.listMs)}`,
    `  parse ${first.infs} INF + ${first.decs} DEC            ${col((r) => r.infDecMs)}`,
    `  parse ${first.dscs} DSC + ${first.fdfs} FDF               ${col((r) => r.dscFdfMs)}`,
    `whole-tree metadata parse         ${col((r) => r.treeMs)}`,
    `resolve ${first.platforms.length} platforms               ${col((r) => r.resolveMs)}`,
  ];
  first.platforms.forEach((p, i) => {
    const bt = BASETOOLS_SECONDS[p.dsc];
    const btNote = bt === undefined ? '' : `; BaseTools genmake ${bt} s`;
    out.push(
      `  ${`${p.dsc} (${p.arch})`.padEnd(42)}${col((r) => r.platforms[i]!.ms)}  ${p.modules} modules, ${p.bindings} library bindings, ${p.diagnostics} diagnostics${btNote}`,
    );
  });
  const wall = best(runs, (r) => r.wallMs);
  out.push(
    `total in process                  ${col((r) => r.inProcessMs)}`,
    `total wall (process${n === 1 ? ' uptime' : ', spawn to exit'})   ${col((r) => r.wallMs)}`,
    `CPU time (user + system)          ${col((r) => r.cpuMs)}`,
    `heap used ${first.heapMb.toFixed(0)} MB, rss ${first.rssMb.toFixed(0)} MB`,
  );
  const btTotal = first.platforms.reduce((s, p) => s + (BASETOOLS_SECONDS[p.dsc] ?? 0), 0) * 1000;
  const btMin = Math.min(
    ...first.platforms.map((p) => BASETOOLS_SECONDS[p.dsc]).filter((s): s is number => s !== undefined),
  );
  out.push(
    `target: whole tree parsed and the platforms resolved in < ${TARGET_MS} ms wall on a 2-core machine, >= 10x faster than BaseTools' AutoGen: ${
      wall < TARGET_MS ? 'met' : 'NOT met'
    } (${wall.toFixed(0)} ms)`,
  );
  if (btTotal > 0) {
    out.push(
      `  vs BaseTools: the whole run takes ${wall.toFixed(0)} ms against ${(btTotal / 1000).toFixed(1)} s of genmake for the platforms it has figures for (${(btTotal / wall).toFixed(0)}x), and ${(btMin / (wall / 1000)).toFixed(0)}x against its fastest single platform (${btMin} s)`,
    );
  }
  return out.join('\n');
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n`);
    process.exitCode = 2;
    return;
  }
  if (args.repeat === 1) {
    const figures = run(args.root, args.platforms);
    process.stdout.write(
      args.json ? `${JSON.stringify(figures)}\n` : `${report(args, [figures], os.loadavg())}\n`,
    );
    return;
  }
  const load = os.loadavg();
  const runs = repeatRuns(args);
  if (typeof runs === 'string') {
    process.stderr.write(`${runs}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${report(args, runs, load)}\n`);
}

main();
