/**
 * Indexes over one resolved platform that the drift and FV rules ask about again and again: the
 * PCDs it sets (DSC and FDF), the INFs of its image that read each PCD, the INFs that produce each
 * protocol, PPI or GUID, and the GUIDs a module's depex waits for. Built once per resolution from
 * the model (nothing is re-resolved) and kept in WeakMaps.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { InfModule, InfUsage, Origin } from '../../metadata/model.js';
import type { PlatformResolution, ResolvedModule } from '../../platform/model.js';

export interface PcdSetting {
  readonly value: string;
  readonly origin: Origin;
  /** `dsc` with the `[Pcds…]` section, or `fdf` (a `SET` or a region PCD pair). */
  readonly source: 'dsc' | 'fdf';
  readonly section?: string;
}

export interface GuidUse {
  /** The INF that lists it (the module or one of its library instances). */
  readonly inf: string;
  /** The image module whose closure holds that INF. */
  readonly module: ResolvedModule;
  readonly kind: 'protocol' | 'ppi' | 'guid';
  readonly usage: string;
  readonly origin: Origin;
}

export interface PlatformFacts {
  /** Modules a guest can run: not libraries built alone, and in some FV when there is an FDF. */
  readonly image: readonly ResolvedModule[];
  /** `TokenSpace.Name` → the settings in force for the arch (DSC global sections and FDF). */
  readonly pcds: ReadonlyMap<string, readonly PcdSetting[]>;
  /** `TokenSpace.Name` → INFs of the image (modules and their libraries) whose `[Pcd]` sections list it. */
  readonly readers: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * GUID C name → every INF of the image that lists it in `[Protocols]`, `[Ppis]` or `[Guids]`,
   * with the image modules that link that INF (read them through `guidUses`).
   */
  readonly guidListings: ReadonlyMap<string, readonly GuidListing[]>;
}

/** One INF's listing of a GUID, and the image modules whose closure holds the INF. */
export interface GuidListing {
  readonly inf: string;
  readonly kind: GuidUse['kind'];
  readonly usage: string;
  readonly origin: Origin;
  readonly modules: readonly ResolvedModule[];
}

/** Every (INF, module) pair of the image that lists the GUID. */
export function guidUses(facts: PlatformFacts, name: string): GuidUse[] {
  const out: GuidUse[] = [];
  for (const l of facts.guidListings.get(name) ?? []) {
    for (const module of l.modules)
      out.push({ inf: l.inf, module, kind: l.kind, usage: l.usage, origin: l.origin });
  }
  return out;
}

const DYNAMIC_SECTIONS = /^PcdsDynamic/;

export function isDynamicSection(section: string | undefined): boolean {
  return section !== undefined && DYNAMIC_SECTIONS.test(section);
}

export const pcdKey = (tokenSpace: string, name: string): string => `${tokenSpace}.${name}`;

/** The INFs linked into a module: the module, its library instances and its NULL hooks. */
export function closureInfs(m: ResolvedModule): string[] {
  return [
    ...new Set([
      m.inf,
      ...[...m.libraries.values()].map((b) => b.instance),
      ...m.nullLibraries.map((b) => b.instance),
    ]),
  ];
}

const cache = new WeakMap<PlatformResolution, PlatformFacts>();

export function platformFacts(model: AnalysisModel, r: PlatformResolution): PlatformFacts {
  const cached = cache.get(r);
  if (cached) return cached;
  const image = r.modules.filter((m) => !m.isLibrary && (!r.fdf || m.fv.length > 0));

  const pcds = new Map<string, PcdSetting[]>();
  const addPcd = (key: string, s: PcdSetting): void => {
    const list = pcds.get(key) ?? [];
    list.push(s);
    pcds.set(key, list);
  };
  for (const p of r.dsc.pcds) {
    if (!p.scopes.some((s) => s.arch === 'common' || s.arch === r.arch)) continue;
    addPcd(pcdKey(p.tokenSpace, p.name), {
      value: p.value,
      origin: p.origin,
      source: 'dsc',
      section: p.section,
    });
  }
  for (const s of r.fdf?.pcdSets ?? [])
    addPcd(pcdKey(s.tokenSpace, s.name), { value: s.value, origin: s.origin, source: 'fdf' });

  const readers = new Map<string, Set<string>>();
  const guidListings = new Map<string, MutableListing[]>();
  // Each INF is read once; the modules that link it are added to its listings.
  const listingsOf = new Map<string, MutableListing[]>();
  for (const m of image) {
    for (const infPath of closureInfs(m)) {
      let listings = listingsOf.get(infPath);
      if (!listings) {
        const inf = model.store.inf(infPath);
        if (!inf) continue;
        for (const p of inf.pcds) {
          if (p.arch !== 'common' && p.arch !== r.arch) continue;
          const key = pcdKey(p.tokenSpace, p.name);
          const set = readers.get(key) ?? new Set<string>();
          set.add(infPath);
          readers.set(key, set);
        }
        listings = listingsFor(guidListings, inf, r.arch);
        listingsOf.set(infPath, listings);
      }
      for (const l of listings) l.modules.push(m);
    }
  }
  const facts: PlatformFacts = { image, pcds, readers, guidListings };
  cache.set(r, facts);
  return facts;
}

interface MutableListing extends Omit<GuidListing, 'modules'> {
  readonly modules: ResolvedModule[];
}

function listingsFor(out: Map<string, MutableListing[]>, inf: InfModule, arch: string): MutableListing[] {
  const lists: [GuidUse['kind'], readonly InfUsage[]][] = [
    ['protocol', inf.protocols],
    ['ppi', inf.ppis],
    ['guid', inf.guids],
  ];
  const mine: MutableListing[] = [];
  for (const [kind, list] of lists) {
    for (const u of list) {
      if (u.arch !== 'common' && u.arch !== arch) continue;
      const listing: MutableListing = { inf: inf.path, kind, usage: u.usage, origin: u.origin, modules: [] };
      mine.push(listing);
      const all = out.get(u.name) ?? [];
      all.push(listing);
      out.set(u.name, all);
    }
  }
  return mine;
}

/** Whether a listing says the INF produces the GUID (`## PRODUCES`, `SOMETIMES_PRODUCES`, …). */
export function saysProduces(use: GuidUse): boolean {
  return /PRODUCE/.test(use.usage);
}

/** Whether a listing may produce it: it says so, or it carries no usage comment at all. */
export function mayProduce(use: GuidUse): boolean {
  return use.usage === '' || saysProduces(use);
}

const DEPEX_OPERATORS: ReadonlySet<string> = new Set([
  'AND',
  'OR',
  'NOT',
  'TRUE',
  'FALSE',
  'BEFORE',
  'AFTER',
  'SOR',
  'END',
  'PUSH',
  '(',
  ')',
]);

export interface DepexGuid {
  readonly name: string;
  readonly origin: Origin;
}

/** The GUID names a module's depex waits for, for its arch and type (`[Depex.<arch>.<type>]`). */
export function depexGuids(m: ResolvedModule): DepexGuid[] {
  const out: DepexGuid[] = [];
  for (const d of m.module.depex) {
    if (d.arch !== 'common' && d.arch !== m.arch) continue;
    if (d.moduleType !== 'common' && d.moduleType !== m.moduleType) continue;
    // BEFORE/AFTER name a file to be ordered against, not a dependency.
    if (/^\s*(BEFORE|AFTER)\b/i.test(d.expression)) continue;
    for (const token of d.expression.split(/[\s()]+/)) {
      if (token === '' || DEPEX_OPERATORS.has(token.toUpperCase())) continue;
      if (!out.some((g) => g.name === token)) out.push({ name: token, origin: d.origin });
    }
  }
  return out;
}

function pcdNumber(v: string): bigint | undefined {
  const t = v
    .trim()
    .replace(/^\((.*)\)$/, '$1')
    .replace(/[uUlL]+$/, '');
  if (/^true$/i.test(t)) return 1n;
  if (/^false$/i.test(t)) return 0n;
  if (/^0x[0-9a-f]+$/i.test(t) || /^\d+$/.test(t)) return BigInt(t);
  return undefined;
}

/** Same PCD value: numbers and booleans by value (`0x0` = `0` = `FALSE`), other text exactly. */
export function samePcdValue(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  const na = pcdNumber(a);
  const nb = pcdNumber(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  return a.trim() === b.trim();
}
