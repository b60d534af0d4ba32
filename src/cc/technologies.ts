/**
 * The confidential-computing technologies ccguard knows, with what marks their files, modules,
 * directories and platforms. Built in for edk2; the config can add technologies (RISC-V CoVE, a
 * vendor's own) or override these field by field (see `SignatureTableConfig` in signatures.ts).
 */

/** Built-in technology ids. Config-added technologies use any other lower-case id. */
export type BuiltinTechnologyId = 'sev' | 'tdx' | 'cca' | 'cc';

/** A technology id: one of the built-ins or one a config file added. */
export type TechnologyId = string;

/**
 * AMD SEV generations. A signature's sub-mode is the *least* mode it needs: GHCB code needs
 * SEV-ES, PVALIDATE needs SEV-SNP. A later check compares it with the predicate that guards it.
 */
export const SEV_SUB_MODES = ['sev', 'sev-es', 'sev-snp', 'svsm'] as const;
export type SevSubMode = (typeof SEV_SUB_MODES)[number];

/**
 * A name tag: consecutive CamelCase words in a file or module name (`Snp` `Page` in
 * `SnpPageStateChange.h`). A word matches in Title case or ALL CAPS; `requires` and `unless` hold
 * words elsewhere in the same name, because edk2 names are ambiguous alone (`Snp` is the Simple
 * Network Protocol unless `Sev` stands next to it).
 */
export interface NameTag {
  readonly words: readonly string[];
  /** At least one of these words must also occur in the name. */
  readonly requires?: readonly string[];
  /** None of these words may occur in the name. */
  readonly unless?: readonly string[];
  readonly subMode?: string;
}

export interface CcTechnology {
  readonly id: TechnologyId;
  readonly displayName: string;
  /** Sub-modes a signature of this technology may name (empty: none). */
  readonly subModes: readonly string[];
  /** Vendor-neutral CC plumbing (`Cc*`), as opposed to one vendor's technology. */
  readonly vendorNeutral: boolean;
  /** Tags that mark a file or module name as belonging to this technology. */
  readonly nameTags: readonly NameTag[];
  /**
   * Workspace-relative directories that hold only this technology's modules and platforms
   * (spec 1.3 and 2.3: `OvmfPkg/<Cc>`).
   */
  readonly directories: readonly string[];
  /** Workspace-relative DSCs of platforms built only for this technology (spec 1.3). */
  readonly platforms: readonly string[];
}

export const BUILTIN_TECHNOLOGIES: readonly CcTechnology[] = [
  {
    id: 'sev',
    displayName: 'AMD SEV (SEV, SEV-ES, SEV-SNP, SVSM)',
    subModes: SEV_SUB_MODES,
    vendorNeutral: false,
    nameTags: [
      { words: ['Sev'] },
      { words: ['Ghcb'], subMode: 'sev-es' },
      { words: ['Vmg'], subMode: 'sev-es' },
      { words: ['Svsm'], subMode: 'svsm' },
      // Bare `Snp` names are the Simple Network Protocol (SnpDxe, EmuSnp, VirtioNet's Snp*.c).
      { words: ['Snp'], requires: ['Sev'], subMode: 'sev-snp' },
      { words: ['Snp', 'Page'], subMode: 'sev-snp' },
      { words: ['Snp', 'System', 'Ram'], subMode: 'sev-snp' },
      // A vendor-neutral name for the SEV launch secret (AmdSev/SecretDxe).
      { words: ['Confidential', 'Computing', 'Secret'] },
    ],
    directories: ['OvmfPkg/AmdSev'],
    platforms: ['OvmfPkg/AmdSev/AmdSevX64.dsc'],
  },
  {
    id: 'tdx',
    displayName: 'Intel TDX',
    subModes: [],
    vendorNeutral: false,
    nameTags: [
      { words: ['Tdx'] },
      // File and module names only (TdCall.nasm, TdProbe.c, TdTcg2Dxe); in code, `Td` is also
      // the USB transfer descriptor, which edk2 names in its UHCI/EHCI/OHCI/XHCI drivers.
      { words: ['Td'], unless: ['Uhci', 'Ehci', 'Ohci', 'Xhci', 'Usb', 'Qtd', 'Std'] },
      // PEI-less startup is TDX Config-B only; `PeilessSec` (Arm TPM measurement) is not CC.
      { words: ['Peiless', 'Startup'] },
    ],
    directories: ['OvmfPkg/IntelTdx'],
    platforms: ['OvmfPkg/IntelTdx/IntelTdxX64.dsc'],
  },
  {
    id: 'cca',
    displayName: 'Arm CCA (RME, Realms)',
    subModes: [],
    vendorNeutral: false,
    nameTags: [
      { words: ['Arm', 'Cca'] },
      { words: ['Rme'] },
      // `Realm` is also the HTTP and Kerberos realm; `RealMode` splits as Real+Mode.
      { words: ['Realm'], unless: ['Http', 'Kerberos', 'Iscsi', 'Auth', 'Www', 'Digest'] },
    ],
    // Upstream Arm CCA support is library-level and has no CC-specific directory or platform;
    // this is where the spec's rule (1.3) would put one.
    directories: ['ArmVirtPkg/ArmCca'],
    platforms: [],
  },
  {
    id: 'cc',
    displayName: 'Vendor-neutral confidential computing',
    subModes: [],
    vendorNeutral: true,
    nameTags: [{ words: ['Cc'] }, { words: ['Ccel'] }, { words: ['Confidential', 'Computing'] }],
    directories: [],
    platforms: [],
  },
];

/**
 * Splits an identifier or file name into CamelCase words: `SevEsAPBuffer` → Sev Es AP Buffer,
 * `MSR_SEV_STATUS` → MSR SEV STATUS, `TdTcg2Dxe` → Td Tcg 2 Dxe, `Severity` → Severity.
 */
export function splitWords(name: string): string[] {
  return name.match(/[A-Z]+(?![a-z])|[A-Z][a-z]*|[a-z]+|[0-9]+/g) ?? [];
}

/** True if `word` (from `splitWords`) spells `tag` in Title case or ALL CAPS. */
export function wordSpells(word: string, tag: string): boolean {
  // The length test first: most words differ in length, and then no upper-case copy is made.
  return word.length === tag.length && (word === tag || word === upperCase(tag));
}

const upperCases = new Map<string, string>();

function upperCase(tag: string): string {
  let u = upperCases.get(tag);
  if (u === undefined) {
    u = tag.toUpperCase();
    upperCases.set(tag, u);
  }
  return u;
}

/** True if the name's words carry the tag. */
export function nameCarriesTag(words: readonly string[], tag: NameTag): boolean {
  if (tag.unless?.some((u) => words.some((w) => wordSpells(w, u)))) return false;
  if (tag.requires && !tag.requires.some((r) => words.some((w) => wordSpells(w, r)))) return false;
  const n = tag.words.length;
  for (let i = 0; i + n <= words.length; i++) {
    let all = true;
    for (let j = 0; j < n && all; j++) all = wordSpells(words[i + j]!, tag.words[j]!);
    if (all) return true;
  }
  return false;
}
