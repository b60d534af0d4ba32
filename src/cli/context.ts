/**
 * What every command needs from its arguments: the workspace root (an existing folder), extra
 * package roots, `-D` defines. Usage problems throw UsageError, which the CLI turns into exit 2.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toPosix } from '../workspace/paths.js';
import { Workspace } from '../workspace/workspace.js';

export class UsageError extends Error {}

export interface WorkspaceArgs {
  readonly workspace?: string;
  readonly packagesPath?: string;
}

/**
 * Throws UsageError unless `root` (absolute) is a folder that can be a workspace root. A package
 * folder is not: its INFs name their packages from the folder above (`OvmfPkg/OvmfPkg.dec`), so
 * none would resolve and every path-based rule would judge the wrong paths.
 */
export function checkWorkspaceRoot(root: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new UsageError(`workspace root ${root} does not exist`);
  }
  if (!stat.isDirectory()) throw new UsageError(`workspace root ${root} is not a folder`);
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    throw new UsageError(`workspace root ${root} cannot be read`);
  }
  const dec = names.filter((n) => n.toLowerCase().endsWith('.dec')).sort()[0];
  if (dec !== undefined) {
    const parent = path.dirname(root);
    throw new UsageError(
      `${root} is a package folder (it holds ${dec}), not a workspace root: its INFs name packages ` +
        `from the folder above (${path.basename(root)}/${dec}). Run ccguard on the workspace root, ` +
        `e.g. ${parent}, and give other package folders with --packages-path.`,
    );
  }
}

/** Open the workspace named by `--workspace`, else $WORKSPACE, else the given default. */
export function openWorkspace(args: WorkspaceArgs, fallbackRoot: string): Workspace {
  const root = path.resolve(args.workspace ?? process.env.WORKSPACE ?? fallbackRoot);
  checkWorkspaceRoot(root);
  const pp = args.packagesPath ?? process.env.PACKAGES_PATH;
  const packagesPath = pp ? pp.split(path.delimiter).filter((p) => p !== '') : [];
  return Workspace.open(root, { packagesPath });
}

/**
 * A metadata file argument may be given relative to the current folder or to the workspace root;
 * the result is workspace-relative with `/`.
 */
export function workspaceRelative(ws: Workspace, root: string, arg: string): string {
  const fromCwd = path.resolve(arg);
  const rel = toPosix(path.relative(root, fromCwd));
  if (!rel.startsWith('..') && !path.isAbsolute(rel) && ws.isFile(rel)) return rel;
  const asWritten = toPosix(arg).replace(/^\.\//, '');
  if (ws.isFile(asWritten)) return asWritten;
  throw new UsageError(`${arg} is not a file of the workspace ${root}`);
}

/** `-D NAME=VALUE` (also `-D NAME`, which BaseTools treats as TRUE). */
export function parseDefines(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    const name = (eq < 0 ? item : item.slice(0, eq)).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`bad -D definition "${item}"`);
    out[name] = eq < 0 ? 'TRUE' : item.slice(eq + 1).trim();
  }
  return out;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
