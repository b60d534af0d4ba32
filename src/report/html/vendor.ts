/**
 * The charting library bundled into every HTML report: d3-hierarchy (treemap layout), read from
 * the installed package at render time and inlined with its licence, so the report needs no
 * network and no CDN. Its UMD build defines the global `d3`.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

let cached: string | undefined;

export function d3HierarchyScript(): string {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    // The package exports only its entry points; the UMD build sits beside the ES module one.
    const dist = path.dirname(require.resolve('d3-hierarchy'));
    const code = fs.readFileSync(path.join(dist, 'd3-hierarchy.min.js'), 'utf8');
    const licence = fs.readFileSync(path.join(dist, '..', 'LICENSE'), 'utf8');
    cached = `/*! d3-hierarchy — ISC licence\n${licence.replaceAll('*/', '* /').trimEnd()}\n*/\n${withoutSourceMap(code)}`;
  }
  return cached;
}

function withoutSourceMap(code: string): string {
  return code.replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n');
}
