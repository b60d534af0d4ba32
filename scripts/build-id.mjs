// Writes the build id (a hash of tsc's output under dist/src) to dist/src/build-id.json and
// dist/build-id.json, where src/version.ts finds it from the modules and from the bundle alike.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

function jsFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...jsFiles(p));
    else if (e.isFile() && e.name.endsWith('.js')) out.push(p);
  }
  return out;
}

const hash = createHash('sha1');
for (const f of jsFiles('dist/src').sort()) hash.update(f).update('\0').update(readFileSync(f)).update('\0');
const json = `${JSON.stringify({ id: hash.digest('hex').slice(0, 16) })}\n`;
writeFileSync('dist/src/build-id.json', json);
writeFileSync('dist/build-id.json', json);
