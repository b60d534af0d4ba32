/**
 * Which workspace files the analysis looks at: those matching an `include` glob and no `exclude`
 * glob of the resolved config.
 */
import picomatch from 'picomatch';
import type { ResolvedConfig } from './types.js';

export type PathFilter = (path: string) => boolean;

export function pathFilter(config: Pick<ResolvedConfig, 'include' | 'exclude'>): PathFilter {
  const included = config.include.length === 0 ? () => true : anyGlob(config.include);
  const excluded = config.exclude.length === 0 ? () => false : anyGlob(config.exclude);
  return (p) => included(p) && !excluded(p);
}

/**
 * Whether a `/`-separated path matches any of the globs, as `picomatch(globs, { dot: true })`
 * decides it (the path equals a glob, or matches its regex). picomatch tries the globs one by
 * one, each call doing its own bookkeeping; the filter runs for every file of a tree (twenty-odd
 * default excludes times 10,000 paths), so the globs' regexes are joined into one alternation.
 */
export function anyGlob(globs: readonly string[]): PathFilter {
  const regexes = globs.map((g) => picomatch.makeRe(g, { dot: true }));
  // A backreference would point at another alternative's group once joined: keep those apart.
  const joinable = regexes.filter((r) => !/\\[1-9]|\\k</.test(r.source) && r.flags === '');
  const apart = regexes.filter((r) => !joinable.includes(r));
  const joined =
    joinable.length === 0 ? undefined : new RegExp(joinable.map((r) => `(?:${r.source})`).join('|'));
  const literal = new Set(globs);
  return (p) => p !== '' && (literal.has(p) || joined?.test(p) === true || apart.some((r) => r.test(p)));
}
