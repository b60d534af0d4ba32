/**
 * The public JSON shape of `ccguard platform --json`. Keys and arrays are sorted so the same tree
 * gives the same bytes; paths are workspace-relative with `/`; machine-specific values (the
 * absolute WORKSPACE) are left out.
 */
import { cmp, type Diagnostic } from '../diagnostics.js';
import type { PlatformResolution } from './model.js';

export interface PlatformModuleJson {
  inf: string;
  arch: string;
  moduleType: string;
  baseName: string;
  fileGuid: string;
  fv: string[];
  libraries: Record<string, string>;
  nullLibraries: string[];
  /** DSC file:line of the component statement. */
  origin: string;
}

export interface PlatformJson {
  platform: string;
  /** The arch, or `IA32|X64` when several were resolved. */
  arch: string;
  flashDefinition?: string;
  defines: Record<string, string>;
  modules: PlatformModuleJson[];
  diagnostics: DiagnosticJson[];
}

export interface DiagnosticJson {
  severity: string;
  code: string;
  file?: string;
  line?: number;
  message: string;
}

/** Macros whose value depends on the machine rather than the tree. */
const MACHINE_MACROS = new Set(['WORKSPACE', 'EDK_SOURCE', 'EFI_SOURCE', 'ECP_SOURCE']);

export function diagnosticJson(d: Diagnostic): DiagnosticJson {
  return {
    severity: d.severity,
    code: d.code,
    ...(d.file !== undefined ? { file: d.file } : {}),
    ...(d.line !== undefined ? { line: d.line } : {}),
    message: d.message,
  };
}

export function sortedRecord(entries: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of [...entries].sort((a, b) => cmp(a[0], b[0]))) out[k] = v;
  return out;
}

export function platformJson(resolutions: readonly PlatformResolution[]): PlatformJson {
  const first = resolutions[0];
  if (!first) throw new Error('platformJson needs at least one resolution');
  const modules: PlatformModuleJson[] = [];
  const seenDiag = new Set<string>();
  const diagnostics: DiagnosticJson[] = [];
  for (const r of resolutions) {
    for (const m of r.modules) {
      modules.push({
        inf: m.inf,
        arch: m.arch,
        moduleType: m.moduleType,
        baseName: m.baseName,
        fileGuid: m.fileGuid,
        fv: [...m.fv],
        libraries: sortedRecord([...m.libraries.values()].map((l) => [l.className, l.instance])),
        nullLibraries: m.nullLibraries.map((l) => l.instance),
        origin: `${m.component.origin.file}:${m.component.origin.line}`,
      });
    }
    for (const d of r.diagnostics) {
      const j = diagnosticJson(d);
      const key = JSON.stringify(j);
      if (seenDiag.has(key)) continue;
      seenDiag.add(key);
      diagnostics.push(j);
    }
  }
  modules.sort((a, b) => cmp(a.inf, b.inf) || cmp(a.arch, b.arch) || cmp(a.fileGuid, b.fileGuid));
  diagnostics.sort(
    (a, b) => cmp(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || cmp(a.message, b.message),
  );
  return {
    platform: first.platform,
    arch: resolutions.map((r) => r.arch).join('|'),
    ...(first.dsc.flashDefinition ? { flashDefinition: first.dsc.flashDefinition } : {}),
    defines: sortedRecord([...first.defines].filter(([k]) => !MACHINE_MACROS.has(k))),
    modules,
    diagnostics,
  };
}
