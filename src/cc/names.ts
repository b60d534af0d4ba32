/**
 * Which technology a function, routine or macro NAME is written for (spec 3.2: "Names carry the
 * CC"). File-name tags such as `Td` are too ambiguous for function names (USB transfer
 * descriptors: `CreateTd`, `LinkTdToQh`), so a function name counts only through the
 * technology's tags other than `Td`, or when the name itself is a CC signature (`TdCall`).
 */
import type { SignatureTable } from './signatures.js';
import { findTouchpoints, nameTags } from './touchpoints.js';

/** Tags that are reliable in file and module names but not in function names. */
const FILE_ONLY_TAGS = new Set(['Td']);

export function functionNameTechs(
  name: string,
  table: SignatureTable,
  language: 'c' | 'nasm' = 'c',
): string[] {
  const techs = new Set<string>();
  for (const t of nameTags(name, table)) if (!FILE_ONLY_TAGS.has(t.tag)) techs.add(t.technology);
  for (const tp of findTouchpoints({ path: '', text: name, language }, table)) {
    if (tp.text === name && !tp.weak) techs.add(tp.technology);
  }
  return [...techs].sort();
}

const fileMemo = new WeakMap<SignatureTable, Map<string, string[]>>();

/** Technologies a file or module name carries (all tags, `Td` included); memoised per table. */
export function fileNameTechs(name: string, table: SignatureTable): string[] {
  let cache = fileMemo.get(table);
  if (!cache) {
    cache = new Map();
    fileMemo.set(table, cache);
  }
  let hit = cache.get(name);
  if (!hit) {
    hit = [...new Set(nameTags(name, table).map((t) => t.technology))].sort();
    cache.set(name, hit);
  }
  return hit;
}
