/**
 * INF references that a platform's DSC or FDF writes inside a conditional branch which its
 * defines leave off. The preprocessor never yields those lines, so they are found in the text: a
 * line that names the INF, is not one of the statements the resolution took, and sits inside an
 * `!if`/`!ifdef` block. The enclosing directives are what a reviewer needs to see.
 */
import type { AnalysisModel } from '../../analysis/model.js';
import type { Origin } from '../../metadata/model.js';
import type { PlatformResolution } from '../../platform/model.js';
import { normalizeRelPath } from '../../workspace/paths.js';

/** One directive of an enclosing conditional: the `!if…` that opened it and the branch the line is in. */
export interface EnclosingConditional {
  /** The `!if`/`!ifdef`/`!ifndef` line. */
  readonly opening: Origin & { readonly text: string };
  /** The branch directive the reference sits under (the opening itself, an `!elseif` or `!else`). */
  readonly branch: Origin & { readonly text: string };
}

export interface InactiveReference {
  readonly inf: string;
  readonly origin: Origin;
  /** Outermost first. */
  readonly conditionals: readonly EnclosingConditional[];
}

const INF_TOKEN = /([\w$().\\/-]+\.inf)\b/gi;

/** The active statements of a resolution, as `file:line`. */
function activeLines(r: PlatformResolution): Set<string> {
  const out = new Set<string>();
  const add = (o: Origin) => out.add(`${o.file}:${o.line}`);
  for (const c of r.dsc.components) {
    add(c.origin);
    for (const l of c.libraryClasses) add(l.origin);
  }
  for (const l of r.dsc.libraryClasses) add(l.origin);
  for (const fv of r.fdf?.fvs ?? []) for (const s of fv.infs) add(s.origin);
  return out;
}

function expand(text: string, defines: ReadonlyMap<string, string>): string {
  return text.replace(/\$\(([A-Za-z_]\w*)\)/g, (whole, name: string) => defines.get(name) ?? whole);
}

/** An inactive line inside a conditional block, with the INFs it names in the order written. */
interface InactiveLine {
  readonly origin: Origin;
  readonly conditionals: readonly EnclosingConditional[];
  readonly infs: readonly string[];
}

/**
 * The inactive lines of a resolution that name INFs, read once per resolution: rules ask for the
 * references of one INF after another, and each question used to walk every DSC and FDF line.
 */
const inactiveLineCache = new WeakMap<PlatformResolution, readonly InactiveLine[]>();

function inactiveLines(model: AnalysisModel, r: PlatformResolution): readonly InactiveLine[] {
  const cached = inactiveLineCache.get(r);
  if (cached) return cached;
  const active = activeLines(r);
  const files = [...new Set([...r.dsc.files, ...(r.fdf?.files ?? [])])];
  const out: InactiveLine[] = [];
  for (const file of files) {
    const lines = model.ws.read(file)?.lines ?? [];
    const stack: { opening: Origin & { text: string }; branch: Origin & { text: string } }[] = [];
    lines.forEach((raw, i) => {
      const line = i + 1;
      const text = raw.replace(/#.*$/, '').trim();
      if (text === '') return;
      const directive = /^!(ifdef|ifndef|if|elseif|else|endif)\b/i.exec(text)?.[1]?.toLowerCase();
      if (directive === 'if' || directive === 'ifdef' || directive === 'ifndef') {
        const here = { file, line, text };
        stack.push({ opening: here, branch: here });
        return;
      }
      if (directive === 'elseif' || directive === 'else') {
        const top = stack[stack.length - 1];
        if (top) top.branch = { file, line, text };
        return;
      }
      if (directive === 'endif') {
        stack.pop();
        return;
      }
      if (stack.length === 0 || active.has(`${file}:${line}`)) return;
      const infs = [...expand(text, r.defines).matchAll(INF_TOKEN)].map((m) => normalizeRelPath(m[1]!));
      if (infs.length > 0)
        out.push({ origin: { file, line }, conditionals: stack.map((c) => ({ ...c })), infs });
    });
  }
  inactiveLineCache.set(r, out);
  return out;
}

/** References to any of `infs` on inactive lines of the platform's DSC and FDF files (and their includes). */
export function inactiveReferences(
  model: AnalysisModel,
  r: PlatformResolution,
  infs: ReadonlySet<string>,
): InactiveReference[] {
  const out: InactiveReference[] = [];
  for (const l of inactiveLines(model, r)) {
    const inf = l.infs.find((i) => infs.has(i));
    if (inf !== undefined) out.push({ inf, origin: l.origin, conditionals: l.conditionals });
  }
  return out;
}
