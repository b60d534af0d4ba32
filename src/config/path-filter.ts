/**
 * Which workspace files the analysis looks at: those matching an `include` glob and no `exclude`
 * glob of the resolved config.
 */
import picomatch from 'picomatch';
import type { ResolvedConfig } from './types.js';

export type PathFilter = (path: string) => boolean;

export function pathFilter(config: Pick<ResolvedConfig, 'include' | 'exclude'>): PathFilter {
  const included = config.include.length === 0 ? () => true : picomatch([...config.include], { dot: true });
  const excluded = config.exclude.length === 0 ? () => false : picomatch([...config.exclude], { dot: true });
  return (p) => included(p) && !excluded(p);
}
