/**
 * Loading a CommonJS dependency on first use, synchronously. ajv and yaml take about 70 ms to
 * load together and only runs that read a config or baseline file (or write one) need them; a
 * static import would make every `ccguard map` on a tree without a config pay for them.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export function lazyModule<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= load(id) as T;
    return loaded;
  };
}
