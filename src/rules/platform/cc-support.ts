/**
 * Which CC modes a platform supports, from what it builds (spec 1.1 asks the common image to boot
 * in every mode it supports; "supports" is read from evidence, never assumed): a driver that exists
 * for the technology in the image (AmdSevDxe, TdxDxe), or a real instance of one of the
 * technology's library classes that only a platform running in that mode would choose
 * (MemEncryptSevLib, TdxHelperLib). Sub-modes (SEV-ES, SVSM) are shown the same way by their own
 * classes: a real CcExitLib means the platform handles #VC, so it runs SEV-ES guests.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { CcId, Evidence } from '../../cc/model.js';
import { cmp } from '../../diagnostics.js';
import type { PlatformResolution } from '../../platform/model.js';
import {
  builtInfs,
  dscEvidence,
  inImage,
  isVendorTech,
  modeLabel,
  NEUTRAL_CC,
  nullInstanceReason,
} from './facts.js';

/** A library class a CC mode cannot do without: a Null instance of it disables the mode's code. */
export interface RequiredClass {
  readonly className: string;
  /** Required only in platforms that show this sub-mode of the technology (`sev-es`, `svsm`). */
  readonly subMode?: string;
  /**
   * Whether linking a real instance shows that the platform supports the technology (or, with
   * `subMode`, that sub-mode). Off for classes every platform links whatever it runs.
   */
  readonly evidence: boolean;
}

/** The option as written in the config: a class name, or the full entry with `class`. */
export type RequiredClassOption =
  | string
  | { readonly class: string; readonly subMode?: string; readonly evidence?: boolean };

/**
 * The edk2 defaults, read off the classes OvmfPkgX64, AmdSevX64 and IntelTdxX64 map to real CC
 * instances (edk2 master, 2026; VmgExitLib is CcExitLib's name before 2022):
 * - SEV: MemEncryptSevLib (C-bit handling). CcExitLib/VmgExitLib (#VC) only where SEV-ES runs: a
 *   platform whose PEI is IA32 (OvmfPkgIa32X64) runs plain SEV and maps CcExitLibNull on purpose.
 *   CcProbeLib likewise: it keeps untrusted option ROMs out of SEV-ES/SNP guests (edk2 8b87eb9dfb);
 *   plain SEV has no integrity to protect. AmdSvsmLib only where an SVSM is supported.
 * - TDX: TdxLib, MemEncryptTdxLib, TdxMailboxLib, TdxHelperLib, CcExitLib (#VE), CcProbeLib.
 * - CCA: ArmCcaLib, ArmCcaInitPeiLib.
 * `evidence` marks the classes whose real instance only a platform running that mode chooses.
 * MemEncryptSevLib, MemEncryptTdxLib and TdxLib are not evidence: every X64 OVMF platform links
 * their real instances, which detect the mode at run time, for shared code (IntelTdxX64 links
 * MemEncryptSevLib, CloudHvX64 and OvmfXen MemEncryptTdxLib, TdxLib comes with
 * BaseIoLibIntrinsicSev). CcExitLib shows a sub-mode but not which technology (#VC and #VE).
 */
export const DEFAULT_REQUIRED_CLASSES: Readonly<Record<CcId, readonly RequiredClassOption[]>> = {
  sev: [
    { class: 'MemEncryptSevLib' },
    { class: 'CcExitLib', subMode: 'sev-es', evidence: true },
    { class: 'VmgExitLib', subMode: 'sev-es', evidence: true },
    { class: 'CcProbeLib', subMode: 'sev-es' },
    { class: 'AmdSvsmLib', subMode: 'svsm', evidence: true },
  ],
  tdx: [
    { class: 'TdxLib' },
    { class: 'MemEncryptTdxLib' },
    { class: 'TdxMailboxLib', evidence: true },
    { class: 'TdxHelperLib', evidence: true },
    { class: 'CcExitLib' },
    { class: 'CcProbeLib' },
  ],
  cca: [
    { class: 'ArmCcaLib', evidence: true },
    { class: 'ArmCcaInitPeiLib', evidence: true },
  ],
};

/** Arches each technology's guests run firmware in (SEV-ES, SNP and TDX need X64 from SEC on). */
export const DEFAULT_MODE_ARCHS: Readonly<Record<CcId, readonly string[]>> = {
  sev: ['X64'],
  tdx: ['X64'],
  cca: ['AARCH64'],
};

export const REQUIRED_CLASSES_SCHEMA = {
  type: 'object',
  additionalProperties: {
    type: 'array',
    items: {
      oneOf: [
        { type: 'string', pattern: '^[A-Za-z_]\\w*$' },
        {
          type: 'object',
          required: ['class'],
          additionalProperties: false,
          properties: {
            class: { type: 'string', pattern: '^[A-Za-z_]\\w*$' },
            subMode: { type: 'string' },
            evidence: { type: 'boolean' },
          },
        },
      ],
    },
  },
} as const;

/** The required classes in force: the option, falling back to the defaults when malformed. */
export function requiredClasses(option: unknown): Map<CcId, RequiredClass[]> {
  const source =
    typeof option === 'object' && option !== null && !Array.isArray(option)
      ? (option as Record<string, unknown>)
      : DEFAULT_REQUIRED_CLASSES;
  const out = new Map<CcId, RequiredClass[]>();
  for (const [cc, list] of Object.entries(source).sort((a, b) => cmp(a[0], b[0]))) {
    if (!Array.isArray(list)) continue;
    const entries: RequiredClass[] = [];
    for (const item of list as unknown[]) {
      if (typeof item === 'string') entries.push({ className: item, evidence: false });
      else if (
        typeof item === 'object' &&
        item !== null &&
        typeof (item as { class?: unknown }).class === 'string'
      ) {
        const o = item as { class: string; subMode?: unknown; evidence?: unknown };
        entries.push({
          className: o.class,
          ...(typeof o.subMode === 'string' ? { subMode: o.subMode } : {}),
          evidence: o.evidence === true,
        });
      }
    }
    out.set(cc, entries);
  }
  return out;
}

/** A CC mode a platform resolution supports, with why. */
export interface ModeSupport {
  readonly cc: CcId;
  readonly evidence: readonly Evidence[];
  /** Sub-modes the platform shows, with their evidence. */
  readonly subModes: ReadonlyMap<string, readonly Evidence[]>;
}

/**
 * The vendor technologies a resolution supports. Only technologies that run in the resolution's
 * arch (`modeArchs`) are considered. A sub-mode shown by a class that only this technology
 * requires (AmdSvsmLib: SVSM) shows the technology too; one shown by a class several technologies
 * share (CcExitLib: SEV-ES #VC and TDX #VE) counts only once the technology is shown otherwise.
 */
export function supportedModes(
  model: AnalysisModel,
  r: PlatformResolution,
  required: ReadonlyMap<CcId, readonly RequiredClass[]>,
  modeArchs: Readonly<Record<CcId, readonly string[]>>,
): Map<CcId, ModeSupport> {
  const out = new Map<CcId, ModeSupport>();
  const built = [...builtInfs(r).values()].sort((a, b) => cmp(a.inf, b.inf));
  const arch = r.arch.toUpperCase();
  const owners = new Map<string, number>();
  for (const classes of required.values()) {
    for (const c of new Set(classes.map((e) => e.className))) owners.set(c, (owners.get(c) ?? 0) + 1);
  }
  for (const [cc, classes] of required) {
    if (!isVendorTech(model, cc)) continue;
    if (!(modeArchs[cc] ?? []).some((a) => a.toUpperCase() === arch)) continue;
    const evidence: Evidence[] = [];
    const subModes = new Map<string, Evidence[]>();
    const add = (list: Evidence[], e: Evidence): void => {
      if (!list.some((x) => x.detail === e.detail)) list.push(e);
    };
    for (const b of built) {
      if (nullInstanceReason(model, b.inf, r.arch) !== undefined) continue;
      const driver = b.components.find((m) => !m.isLibrary && inImage(r, m));
      if (driver && existsFor(model, b.inf, cc)) {
        add(
          evidence,
          dscEvidence(
            driver.component.origin,
            `builds ${b.inf}, a ${modeLabel(cc)} ${driver.moduleType} module`,
          ),
        );
      }
      const use = b.bindings.find((u) =>
        classes.some((c) => c.evidence && c.className === u.binding.className),
      );
      if (!use) continue;
      const entry = classes.find((c) => c.evidence && c.className === use.binding.className)!;
      const e = dscEvidence(use.binding.origin, `links the real ${entry.className} instance ${b.inf}`);
      if (entry.subMode !== undefined) {
        const list = subModes.get(entry.subMode) ?? [];
        add(list, e);
        subModes.set(entry.subMode, list);
      }
      if (entry.subMode === undefined || owners.get(entry.className) === 1) add(evidence, e);
    }
    if (evidence.length > 0) out.set(cc, { cc, evidence, subModes });
  }
  return out;
}

/** A module that exists for exactly this vendor technology (CC in general aside) at level A. */
function existsFor(model: AnalysisModel, inf: string, cc: CcId): boolean {
  const m = model.cc.moduleByInf.get(inf);
  if (!m || m.isLibrary) return false;
  const vendors = m.dedicatedTo.filter((t) => t !== NEUTRAL_CC && isVendorTech(model, t));
  return vendors.length === 1 && vendors[0] === cc && m.techs.some((t) => t.cc === cc && t.level === 'A');
}
