/**
 * Running git to read a repository — never to change it: no command here writes the work tree, the
 * index or the object store. Optional locks are off, so that even a `git diff` against the work
 * tree does not refresh the index behind the user's back.
 */
import { execFileSync } from 'node:child_process';

/** git failed (not a repository, unknown revision, git missing): the CLI reports it and exits 2. */
export class GitError extends Error {
  override readonly name = 'GitError';
}

export interface GitRunOptions {
  /** Bytes fed to git's stdin. */
  readonly input?: string | Uint8Array;
  /** Upper bound of the output, in bytes (default 256 MiB). */
  readonly maxBuffer?: number;
}

/** Run `git <args>` in `dir` and return its stdout; a failure becomes a GitError with git's message. */
export function runGit(dir: string, args: readonly string[], options: GitRunOptions = {}): Buffer {
  try {
    return execFileSync('git', ['-C', dir, ...args], {
      ...(options.input === undefined ? {} : { input: options.input }),
      maxBuffer: options.maxBuffer ?? 256 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer; status?: number | null };
    if (err.code === 'ENOENT') throw new GitError('git is not installed (or not on PATH)');
    const stderr = err.stderr?.toString('utf8').trim();
    throw new GitError(
      `git ${args.filter((a) => !a.startsWith('-c')).join(' ')} failed in ${dir}${stderr ? `: ${stderr}` : ''}`,
    );
  }
}

/** `runGit` decoded as UTF-8 with the trailing newline removed. */
export function gitText(dir: string, args: readonly string[]): string {
  return runGit(dir, args).toString('utf8').replace(/\n$/, '');
}

/** Where a folder sits in its repository. */
export interface RepoLocation {
  /** A directory git can be run in for this repository (the folder itself). */
  readonly dir: string;
  /** The top of the work tree, absent for a bare repository. */
  readonly topLevel?: string;
  /** The folder's path below the top of the work tree, `/`-separated, `''` at the top. */
  readonly prefix: string;
}

/** The repository holding `dir`, or a GitError when `dir` is in none. */
export function locateRepo(dir: string): RepoLocation {
  const bare = gitText(dir, ['rev-parse', '--is-bare-repository']) === 'true';
  if (bare) return { dir, prefix: '' };
  const [topLevel = '', prefix = ''] = gitText(dir, ['rev-parse', '--show-toplevel', '--show-prefix']).split(
    '\n',
  );
  return { dir, topLevel, prefix: prefix.replace(/\/$/, '') };
}

/** The full object id of a revision (a commit), or a GitError naming the revision. */
export function resolveCommit(dir: string, rev: string): string {
  if (rev.startsWith('-')) throw new GitError(`"${rev}" is not a revision`);
  try {
    return gitText(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  } catch {
    throw new GitError(`unknown revision "${rev}" in the repository at ${dir}`);
  }
}
