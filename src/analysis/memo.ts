/**
 * Whole-result memo for commands whose output depends only on the tree, the config and the
 * options (`ccguard map`): a second run over an unchanged tree reads one file instead of
 * analysing. The key is ccguard's version and build, the options, and every file's path, size and mtime —
 * a stat of each file, no reads — so any edit, touch, addition or removal misses.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CCGUARD_CACHE_KEY } from '../version.js';
import type { Workspace } from '../workspace/workspace.js';

/** A key for the tree as it is on disk, or undefined when a root cannot say (git, memory). */
export function treeFingerprint(ws: Workspace, extra: string): string | undefined {
  const h = createHash('sha1');
  h.update(CCGUARD_CACHE_KEY).update('\0').update(extra).update('\0').update(ws.label);
  for (const f of ws.listFiles()) {
    const st = ws.stat(f);
    if (!st) return undefined;
    h.update(f).update('\0').update(String(st.size)).update(':').update(String(st.mtimeMs)).update('\n');
  }
  return h.digest('hex');
}

export class ResultMemo<T> {
  private readonly file: string;

  constructor(dir: string, root: string, kind: string) {
    const id = createHash('sha1').update(path.resolve(root)).digest('hex').slice(0, 16);
    this.file = path.join(dir, `${kind}-${id}.json`);
  }

  get(key: string): T | undefined {
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { key: string; value: T };
      return data.key === key ? data.value : undefined;
    } catch {
      return undefined;
    }
  }

  /** Never throws: a memo that cannot be written only costs speed next time. */
  set(key: string, value: T): void {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ key, value }));
      fs.renameSync(tmp, this.file);
    } catch {
      // ignore
    }
  }
}
