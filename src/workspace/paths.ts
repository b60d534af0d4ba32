/**
 * Workspace-relative paths are the currency of ccguard's model: `/`-separated, no leading `./`,
 * no `..` segments, case as on disk. EDK II metadata writes paths with `\` or `/`, with
 * `$(WORKSPACE)/` prefixes and `..` segments; these helpers fold all of that into one form.
 */
import * as path from 'node:path';

/** Normalise a path as written in metadata to `/` form, resolving `.` and `..` segments. */
export function normalizeRelPath(p: string): string {
  let s = p.trim().replace(/\\/g, '/');
  s = s.replace(/^\$\(WORKSPACE\)\/?/i, '');
  const out: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else out.push('..');
      continue;
    }
    out.push(seg);
  }
  return out.join('/');
}

/** Directory part of a workspace-relative path ('' for a top-level file). */
export function relDirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function relJoin(dir: string, p: string): string {
  return normalizeRelPath(dir === '' ? p : `${dir}/${p}`);
}

export function relBasename(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

/** Lower-cased extension including the dot; `.nasm.inc` style double extensions are not merged. */
export function relExtname(p: string): string {
  return path.posix.extname(p).toLowerCase();
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** True if `p` is `dir` itself or lies beneath it. */
export function isUnder(p: string, dir: string): boolean {
  return dir === '' || p === dir || p.startsWith(`${dir}/`);
}
