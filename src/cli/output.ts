/** Writing command output: to stdout, or to a file given with --output. */
import * as fs from 'node:fs';
import type { Diagnostic } from '../diagnostics.js';

export function writeOut(text: string, file?: string): void {
  if (file) fs.writeFileSync(file, text);
  else process.stdout.write(text);
}

export function formatDiagnosticLine(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}` : ''}: ` : '';
  return `${where}${d.severity} ${d.code}: ${d.message}`;
}
