/**
 * Parsed metadata of one workspace, each file parsed at most once and shared by every platform,
 * map and rule that needs it. INF and DEC files do not depend on a platform's macros (BaseTools
 * parses them with their own DEFINEs and the global WORKSPACE only), so one parse serves all.
 */

import type { Workspace } from '../workspace/workspace.js';
import { PackageIndex, parseDec } from './dec.js';
import { parseInf } from './inf.js';
import type { DecPackage, DscPlatform, FdfFlash, InfModule } from './model.js';

/** A platform's DSC parsed for one arch, its FDF, and the PCD values they set (platform/resolve.ts). */
export interface ParsedPlatform {
  readonly dsc: DscPlatform;
  readonly fdf?: FdfFlash;
  /** `TokenSpace.Name` → value: the DSC's `[Pcds*]` settings for the arch, then the FDF's. */
  readonly pcdValues: ReadonlyMap<string, string>;
}

export class MetadataStore {
  private readonly infs = new Map<string, InfModule | null>();
  private readonly platforms = new Map<string, ParsedPlatform>();
  private readonly decs = new Map<string, DecPackage | null>();
  private index: PackageIndex | undefined;

  constructor(readonly ws: Workspace) {}

  inf(path: string): InfModule | undefined {
    let m = this.infs.get(path);
    if (m === undefined) {
      m = parseInf(this.ws, path) ?? null;
      this.infs.set(path, m);
    }
    return m ?? undefined;
  }

  dec(path: string): DecPackage | undefined {
    let d = this.decs.get(path);
    if (d === undefined) {
      d = parseDec(this.ws, path) ?? null;
      this.decs.set(path, d);
    }
    return d ?? undefined;
  }

  /**
   * A parsed platform, kept per `key` (the caller's DSC path, arch and settings): DSC and FDF
   * parses depend on nothing else, so every resolution of a platform shares one.
   */
  parsedPlatform(key: string, parse: () => ParsedPlatform): ParsedPlatform {
    let p = this.platforms.get(key);
    if (p === undefined) {
      p = parse();
      this.platforms.set(key, p);
    }
    return p;
  }

  /** Every package of the workspace, sorted by path. */
  packages(): DecPackage[] {
    const out: DecPackage[] = [];
    for (const p of this.ws.packageFiles()) {
      const d = this.dec(p);
      if (d) out.push(d);
    }
    return out;
  }

  /** Library classes, PCDs, GUIDs, protocols and PPIs of every package, looked up by name. */
  packageIndex(): PackageIndex {
    this.index ??= new PackageIndex(this.packages());
    return this.index;
  }

  /** Every INF parsed so far (modules of resolved platforms, or all INFs after `allInfs`). */
  parsedInfs(): InfModule[] {
    return [...this.infs.values()].filter((m): m is InfModule => m !== null);
  }

  /** Parse every INF of the workspace (for whole-tree analyses). */
  allInfs(): InfModule[] {
    const out: InfModule[] = [];
    for (const f of this.ws.listFiles()) {
      if (!f.toLowerCase().endsWith('.inf')) continue;
      const m = this.inf(f);
      if (m) out.push(m);
    }
    return out;
  }
}
