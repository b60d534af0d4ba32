/**
 * `ccguard map --explain <path>[:<line>]`: the evidence chain behind what ccguard says about one
 * module, file or line — from the touchpoints through the function and file to the module level.
 */
import type { AnalysisModel } from '../analysis/model.js';
import { UsageError } from '../cli/context.js';
import type { CcFunction, CcModule, Evidence } from './model.js';

const at = (e: Evidence): string => (e.path ? ` (${e.path}${e.line ? `:${e.line}` : ''})` : '');
const ev = (e: Evidence): string => `${e.kind}: ${e.detail}${at(e)}`;

function explainModule(m: CcModule): string[] {
  const out = [
    `module ${m.inf} (${m.isLibrary ? `library ${m.libraryClasses.join(', ')}` : m.moduleType})${m.isNullInstance ? ', a Null instance' : ''}`,
    `  exists for: ${m.dedicatedTo.length > 0 ? m.dedicatedTo.join(', ') : 'no technology (shared module)'}`,
    `  built by: ${m.platforms.length > 0 ? m.platforms.join(', ') : 'no analysed platform'}`,
  ];
  for (const t of m.techs) {
    out.push(
      `  ${t.cc}: level ${t.level}, ${t.basic ? 'basic' : 'advanced'}, ${t.touchpoints} touchpoints, ${t.mixedLines} mixed lines`,
    );
    for (const e of t.evidence) out.push(`    ${ev(e)}`);
    for (const f of t.files)
      out.push(`    file ${f.path}: ${f.touchpoints} touchpoints, ${f.mixedLines} mixed lines`);
  }
  return out;
}

function explainFunction(fn: CcFunction, line?: number): string[] {
  const out = [
    `${fn.language === 'nasm' ? 'routine' : 'function'} ${fn.name} (${fn.path}:${fn.line}-${fn.endLine}): ${
      fn.role === 'cc-function' ? `exists for ${fn.ccs.join(', ')}` : 'common code'
    }${fn.namedForCc ? ', named for it' : ''}; ${fn.touchpoints} touchpoints, ${fn.mixedLines} mixed lines`,
  ];
  for (const e of fn.evidence) out.push(`  ${ev(e)}`);
  for (const s of fn.spots) {
    if (line !== undefined && (line < s.line || line > s.endLine)) continue;
    const what = {
      'hook-call': 'hook call (3.2.A.1/B.1)',
      dispatch: 'replacement dispatch (3.2.A.2/B.2)',
      predicate: 'mode check',
      inline: 'inline CC logic (mixed)',
    }[s.style];
    out.push(`  ${s.cc} ${what} at lines ${s.line}-${s.endLine}`);
    for (const e of s.evidence) out.push(`    ${ev(e)}`);
  }
  return out;
}

export function explainPath(model: AnalysisModel, target: string): string {
  const m = /^(.*?)(?::(\d+))?$/.exec(target.replace(/\\/g, '/'))!;
  const p = m[1]!.replace(/^\.\//, '');
  const line = m[2] ? Number(m[2]) : undefined;
  const out: string[] = [];
  const mod = model.cc.moduleByInf.get(p);
  if (p.toLowerCase().endsWith('.inf')) {
    if (!model.ws.isFile(p)) throw new UsageError(`${p} is not a file of the workspace`);
    if (!mod) return `${p}: no CC code, CC name or CC location found in this module\n`;
    return `${explainModule(mod).join('\n')}\n`;
  }
  if (!model.ws.isFile(p)) throw new UsageError(`${p} is not a file of the workspace`);
  const file = model.cc.files.get(p);
  const src = model.sources.get(p);
  if (!file || !src) return `${p}: no CC touchpoints and no CC name\n`;
  out.push(
    `file ${p}: ${[...file.touchpoints].map(([cc, n]) => `${cc} ${n}`).join(', ') || 'no'} touchpoints; name tags: ${
      file.nameTags.join(', ') || 'none'
    }; ${file.mixedLines} mixed lines`,
  );
  if (line !== undefined) {
    const tps = src.touchpoints.filter((t) => t.line === line);
    if (tps.length === 0) out.push(`  line ${line}: no touchpoint`);
    for (const t of tps) {
      const sig = model.table.signatureById.get(t.signatureId);
      out.push(
        `  line ${line}: ${t.text} matches ${t.signatureId} (${t.technology}${t.subMode ? ` ${t.subMode}` : ''}): ${sig?.role ?? t.kind}${t.predicate ? ', a mode check' : ''}${t.weak ? ', weak evidence' : ''}`,
      );
    }
  }
  const fns =
    line === undefined ? file.functions : file.functions.filter((f) => line >= f.line && line <= f.endLine);
  if (line !== undefined && fns.length === 0)
    out.push(`  line ${line} is outside every CC function: a declaration or top-level statement`);
  for (const fn of fns) out.push(...explainFunction(fn, line).map((l) => `  ${l}`));
  for (const inf of model.cc.modulesOfFile.get(p) ?? []) {
    const cm = model.cc.moduleByInf.get(inf);
    if (cm) out.push(...explainModule(cm).map((l) => `  ${l}`));
    else out.push(`  part of ${inf} (no CC affinity)`);
  }
  return `${out.join('\n')}\n`;
}
