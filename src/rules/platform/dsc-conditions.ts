/**
 * Whether a DSC statement is in force only because of a `-D` (or config) define: the macros its
 * enclosing `!if`/`!ifdef` chain tests, compared between the DSC's own DEFINEs and the values the
 * platform was resolved with. Read from the cached file text; nothing is re-resolved.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import { cmp } from '../../diagnostics.js';
import type { Origin } from '../../metadata/model.js';
import type { PlatformResolution } from '../../platform/model.js';

/** BaseTools' global macros: they come from the build, not from a DSC default or a `-D`. */
const BUILD_MACROS: ReadonlySet<string> = new Set([
  'WORKSPACE',
  'ARCH',
  'TARGET',
  'TOOL_CHAIN_TAG',
  'TOOLCHAIN',
  'FAMILY',
  'EDK_SOURCE',
  'EFI_SOURCE',
  'EDK_TOOLS_PATH',
]);

const DIRECTIVE = /^\s*!(ifdef|ifndef|if|elseif|else|endif)\b(.*)$/i;
const MACRO_REF = /\$\(\s*([A-Za-z_][\w.]*)\s*\)/g;
const DEFINE_LINE = /^\s*DEFINE\s+([A-Za-z_][\w.]*)\s*=\s*([^#]*)/i;

/** Macros tested by the conditionals that enclose `line` of `file` (open `!if` chains only). */
export function macrosSteeringLine(model: AnalysisModel, origin: Origin): Set<string> {
  const lines = model.ws.read(origin.file)?.lines ?? [];
  const stack: string[][] = [];
  for (let i = 0; i < origin.line - 1 && i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i]!);
    if (!m) continue;
    const kind = m[1]!.toLowerCase();
    const rest = (m[2] ?? '').replace(/#.*$/, '');
    if (kind === 'endif') stack.pop();
    else if (kind === 'else') continue;
    else if (kind === 'elseif') stack[stack.length - 1]?.push(rest);
    else stack.push([kind === 'if' ? rest : `$(${rest.trim()})`]);
  }
  const names = new Set<string>();
  for (const conds of stack) {
    for (const c of conds) for (const ref of c.matchAll(MACRO_REF)) names.add(ref[1]!.toUpperCase());
  }
  return names;
}

const defaultsCache = new WeakMap<PlatformResolution, Map<string, string>>();

/** The first `DEFINE NAME = value` of each macro in the platform's DSC files (upper-case names). */
function dscDefaults(model: AnalysisModel, r: PlatformResolution): Map<string, string> {
  let out = defaultsCache.get(r);
  if (out) return out;
  out = new Map();
  for (const file of r.dsc.files) {
    for (const line of model.ws.read(file)?.lines ?? []) {
      const m = DEFINE_LINE.exec(line);
      if (m && !out.has(m[1]!.toUpperCase())) out.set(m[1]!.toUpperCase(), m[2]!.trim());
    }
  }
  defaultsCache.set(r, out);
  return out;
}

function inForce(r: PlatformResolution, name: string): string | undefined {
  for (const [k, v] of r.defines) if (k.toUpperCase() === name) return v;
  return undefined;
}

const normalise = (v: string | undefined): string =>
  (v ?? '')
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .toUpperCase();

/**
 * The macros among `names` whose value in this resolution differs from the DSC's own default:
 * the ones a `-D` or the config changed.
 */
export function overriddenMacros(
  model: AnalysisModel,
  r: PlatformResolution,
  names: Iterable<string>,
): string[] {
  const defaults = dscDefaults(model, r);
  const out: string[] = [];
  for (const name of names) {
    if (BUILD_MACROS.has(name)) continue;
    if (normalise(defaults.get(name)) !== normalise(inForce(r, name))) out.push(name);
  }
  return out.sort(cmp);
}
