import { readFileSync } from 'node:fs';

/** ccguard's version, as in package.json (kept in step by a test). */
export const CCGUARD_VERSION = '0.1.0';

/**
 * The build: a hash of the compiled code, written by `npm run build` (scripts/build-id.mjs) next
 * to the modules and to the bundled command. Caches and memos are keyed by it as well as by the
 * version, so that a ccguard built from a newer commit of the same version never serves results
 * an older build computed. Empty where the file is absent (sources run directly).
 */
export const CCGUARD_BUILD: string = readBuildId();

function readBuildId(): string {
  try {
    const data = JSON.parse(readFileSync(new URL('./build-id.json', import.meta.url), 'utf8')) as {
      id?: unknown;
    };
    return typeof data.id === 'string' ? data.id : '';
  } catch {
    return '';
  }
}

/** Version and build, for cache keys. */
export const CCGUARD_CACHE_KEY = `${CCGUARD_VERSION}+${CCGUARD_BUILD}`;
