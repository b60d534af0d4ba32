/**
 * `ccguard map` benchmark on a whole tree: cold (empty scan cache), warm (cache filled by the
 * cold run), and the time Node needs merely to read the same C/H/NASM files, each in a fresh
 * process. Prints the figures, the cold/read ratio and peak memory.
 *
 *   node dist/bench/map.js <edk2-tree> [--repeat N]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { map } from '../src/api.js';
import { codeLanguage } from '../src/source/scan.js';
import { Workspace } from '../src/workspace/workspace.js';

interface Sample {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly files: number;
  readonly mb: number;
  /** Milliseconds spent in each phase of the analysis (cold and warm runs that analyse). */
  readonly phases?: Record<string, number>;
}

/**
 * The files below `root` that a cold `map` opens (code, INF, DEC, DSC, FDF, their includes,
 * Maintainers.txt), recorded by wrapping fs.openSync and fs.readFileSync: what "reading the same
 * files" means at its widest.
 */
function filesMapOpens(root: string, cacheDir: string): string[] {
  const cjsFs = createRequire(import.meta.url)('node:fs') as typeof fs;
  const opened = new Set<string>();
  const prefix = `${path.resolve(root)}/`;
  const record = (p: unknown): void => {
    if (typeof p === 'string' && p.startsWith(prefix)) opened.add(p.slice(prefix.length));
  };
  const { openSync, readFileSync } = cjsFs;
  cjsFs.openSync = ((p: fs.PathLike, ...rest: unknown[]) => {
    record(p);
    return (openSync as (...a: unknown[]) => number)(p, ...rest);
  }) as typeof fs.openSync;
  cjsFs.readFileSync = ((p: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    record(p);
    return (readFileSync as (...a: unknown[]) => unknown)(p, ...rest);
  }) as typeof fs.readFileSync;
  syncBuiltinESMExports();
  try {
    map({ root, cacheDir });
  } finally {
    cjsFs.openSync = openSync;
    cjsFs.readFileSync = readFileSync;
    syncBuiltinESMExports();
  }
  return [...opened].sort();
}

function child(mode: string, root: string, cacheDir: string, list?: string): Sample {
  const t0 = performance.now();
  const phases: Record<string, number> = {};
  let files = 0;
  let bytes = 0;
  if (mode === 'read' || mode === 'read-all') {
    // `read`: the tree's C/H/NASM files, listed as the workspace lists them (the measure).
    // `read-all`: every file a cold `map` opens, from the list a recording run wrote.
    const paths =
      mode === 'read'
        ? Workspace.open(root)
            .listFiles()
            .filter((f) => codeLanguage(f))
        : (JSON.parse(fs.readFileSync(list!, 'utf8')) as string[]);
    for (const f of paths) {
      const b = fs.readFileSync(path.join(root, f));
      files++;
      bytes += b.length;
    }
  } else {
    // The CLI's path: `map()` with the scan cache and the result memo in `cacheDir`.
    let phase = 'start';
    let since = t0;
    const onPhase = (next: string): void => {
      const now = performance.now();
      phases[phase] = (phases[phase] ?? 0) + now - since;
      phase = next;
      since = now;
    };
    const result = map({ root, cacheDir, onPhase });
    onPhase('');
    files = result.technologies.reduce((n, t) => n + t.modules.length, 0);
    bytes = 0;
  }
  const ms = performance.now() - t0;
  return { ms, maxRssMb: process.resourceUsage().maxRSS / 1024, files, mb: bytes / 2 ** 20, phases };
}

/** The whole `ccguard map --json` process, cold: Node's start and module loading included. */
function runCli(root: string, cacheDir: string): Sample {
  const cli = fileURLToPath(new URL('../ccguard.mjs', import.meta.url));
  const t0 = performance.now();
  execFileSync(process.execPath, [cli, 'map', root, '--json', '--cache-dir', cacheDir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { ms: performance.now() - t0, maxRssMb: 0, files: 0, mb: 0 };
}

function run(mode: string, root: string, cacheDir: string, list = ''): Sample {
  const out = execFileSync(
    process.execPath,
    [fileURLToPath(import.meta.url), '--child', mode, root, cacheDir, list],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  return JSON.parse(out) as Sample;
}

function best(samples: Sample[]): Sample {
  return samples.reduce((a, b) => (b.ms < a.ms ? b : a));
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    if (args[1] === 'record') {
      process.stdout.write(JSON.stringify(filesMapOpens(args[2]!, args[3]!)));
      return;
    }
    process.stdout.write(JSON.stringify(child(args[1]!, args[2]!, args[3]!, args[4])));
    return;
  }
  const root = args[0];
  if (!root) {
    process.stderr.write('usage: node dist/bench/map.js <edk2-tree> [--repeat N]\n');
    process.exitCode = 2;
    return;
  }
  const ri = args.indexOf('--repeat');
  const repeat = ri >= 0 ? Number(args[ri + 1]) : 3;
  // Which files a cold `map` opens, recorded once (this also brings the tree into the page cache).
  const listDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-bench-list-'));
  const list = path.join(listDir, 'files.json');
  fs.writeFileSync(
    list,
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', 'record', root, listDir], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    }),
  );
  const reads: Sample[] = [];
  const readAlls: Sample[] = [];
  const colds: Sample[] = [];
  const warms: Sample[] = [];
  const clis: Sample[] = [];
  for (let i = 0; i < repeat; i++) {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-bench-'));
    const cliCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccguard-bench-cli-'));
    try {
      reads.push(run('read', root, cacheDir));
      readAlls.push(run('read-all', root, cacheDir, list));
      colds.push(run('cold', root, cacheDir));
      warms.push(run('warm', root, cacheDir));
      clis.push(runCli(root, cliCacheDir));
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
      fs.rmSync(cliCacheDir, { recursive: true, force: true });
    }
  }
  fs.rmSync(listDir, { recursive: true, force: true });
  const r = best(reads);
  const ra = best(readAlls);
  const c = best(colds);
  const w = best(warms);
  const e = best(clis);
  const phases = Object.entries(c.phases ?? {})
    .map(([name, ms]) => `${name} ${ms.toFixed(0)}`)
    .join(', ');
  const peak = Math.max(...colds.map((s) => s.maxRssMb), ...warms.map((s) => s.maxRssMb));
  const lines = [
    `tree: ${root}; ${os.cpus().length} cores; load average ${os.loadavg()[0]!.toFixed(2)}; best of ${repeat}, each in a fresh process`,
    `read C/H/NASM files: ${r.files} files, ${r.mb.toFixed(1)} MB in ${r.ms.toFixed(0)} ms`,
    `read every file a cold map opens (code, INF, DEC, DSC, FDF, includes, Maintainers.txt): ${ra.files} files, ${ra.mb.toFixed(1)} MB in ${ra.ms.toFixed(0)} ms`,
    `map cold (empty cache): ${c.ms.toFixed(0)} ms  (${(c.ms / r.ms).toFixed(1)}x reading the C/H/NASM files, ${(c.ms / ra.ms).toFixed(1)}x reading every file it opens; target < 1500 ms and < 5x)`,
    `  phases of that run (ms): ${phases}`,
    `map warm (cache):       ${w.ms.toFixed(0)} ms  (target < 300 ms)`,
    `ccguard map --json, cold, whole process (Node start and module loading included): ${e.ms.toFixed(0)} ms`,
    `peak memory (max RSS):  ${peak.toFixed(0)} MB  (target < 500 MB)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
