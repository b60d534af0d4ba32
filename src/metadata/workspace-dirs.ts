/**
 * Which folders of a workspace hold files. The workspace answers for files only; metadata also
 * names folders (DEC `[Includes]`), and a source list that points into an empty folder (a git
 * submodule that was not checked out) is one problem, not hundreds of missing files.
 */
import { relDirname } from '../workspace/paths.js';
import type { Workspace } from '../workspace/workspace.js';

const cache = new WeakMap<Workspace, ReadonlySet<string>>();
/** Per workspace: folder → its outermost empty ancestor-or-self (null: the folder holds files). */
const emptyCache = new WeakMap<Workspace, Map<string, string | null>>();

/** Every folder with at least one file beneath it, workspace-relative ('' is the root). */
export function foldersWithFiles(ws: Workspace): ReadonlySet<string> {
  let dirs = cache.get(ws);
  if (!dirs) {
    const set = new Set<string>(['']);
    for (const f of ws.listFiles()) {
      for (let d = relDirname(f); !set.has(d); d = relDirname(d)) set.add(d);
    }
    dirs = set;
    cache.set(ws, dirs);
  }
  return dirs;
}

/** The outermost folder on the way to `path` that holds no files, or undefined if its folder has files. */
export function outermostEmptyFolder(ws: Workspace, path: string): string | undefined {
  let known = emptyCache.get(ws);
  if (!known) {
    known = new Map();
    emptyCache.set(ws, known);
  }
  const folder = relDirname(path);
  let result = known.get(folder);
  if (result === undefined) {
    const dirs = foldersWithFiles(ws);
    let d = folder;
    if (dirs.has(d)) result = null;
    else {
      while (d !== '' && !dirs.has(relDirname(d))) d = relDirname(d);
      result = d;
    }
    known.set(folder, result);
  }
  return result ?? undefined;
}
