/**
 * Reads a file that belongs to ccguard rather than to the firmware (the config, the baseline):
 * workspace-relative through the workspace, or absolute when the user keeps it outside the tree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskSource } from '../workspace/file-source.js';
import { toPosix } from '../workspace/paths.js';
import { decodeText } from '../workspace/text.js';
import type { Workspace } from '../workspace/workspace.js';

export type ReadResult =
  | { readonly file: string; readonly text: string }
  | { readonly file: string; readonly text: undefined; readonly problem: string };

/** `file` in the result is workspace-relative when the file lies in the tree, else absolute. */
export function readToolFile(ws: Workspace, written: string): ReadResult {
  if (!path.isAbsolute(written)) return readWorkspaceFile(ws, toPosix(written).replace(/^\.\//, ''));
  const root = ws.roots[0];
  if (root instanceof DiskSource) {
    const rel = toPosix(path.relative(root.root, written));
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && ws.isFile(rel))
      return readWorkspaceFile(ws, rel);
  }
  const file = toPosix(written);
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(written);
  } catch {
    return { file, text: undefined, problem: 'file not found or not readable' };
  }
  const decoded = decodeText(bytes);
  return decoded.kind === 'text'
    ? { file, text: decoded.text }
    : { file, text: undefined, problem: `not UTF-8 text (${decoded.reason})` };
}

export function readWorkspaceFile(ws: Workspace, file: string): ReadResult {
  if (!ws.isFile(file)) return { file, text: undefined, problem: 'file not found' };
  const read = ws.read(file);
  return read === undefined
    ? { file, text: undefined, problem: 'not UTF-8 text' }
    : { file, text: read.text };
}
