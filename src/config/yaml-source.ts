/**
 * Reads a JSON or YAML file into plain data while keeping where every value came from, so that a
 * schema error can name its line. JSON is read by the YAML parser too (JSON is YAML 1.2 flow
 * style), which gives both formats the same positions and the same error reporting.
 */
import type { Node } from 'yaml';
import { lazyModule } from '../lazy-module.js';

const yaml = lazyModule<typeof import('yaml')>('yaml');

export type DataPath = readonly (string | number)[];

export interface ParsedSource {
  /** The data, or undefined when the text could not be parsed (see `problems`). */
  readonly data: unknown;
  /** Parse errors and warnings with their lines. */
  readonly problems: readonly {
    readonly severity: 'error' | 'warning';
    readonly line: number;
    readonly message: string;
  }[];
  /** Line of the value at `path` (or of its nearest existing ancestor); 1 for the document. */
  lineOf(path: DataPath): number;
  /** Line of the key `key` of the mapping at `path`, else of the mapping. */
  lineOfKey(path: DataPath, key: string): number;
}

/**
 * `json`: the file is meant to be JSON, so a syntax error is described as JSON.parse describes it
 * (a missing comma reads better than YAML's "implicit keys need to be on a single line").
 */
export function parseSource(text: string, options: { readonly json?: boolean } = {}): ParsedSource {
  const lineCounter = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const problems: { severity: 'error' | 'warning'; line: number; message: string }[] = [];
  const jsonError = options.json === true && doc.errors.length > 0 ? jsonSyntaxError(text) : undefined;
  if (jsonError !== undefined) {
    const firstYamlError = doc.errors[0]!.pos[0];
    // An error at the very end (a file cut short) belongs to the last line that has text.
    const offset = Math.min(jsonError.offset ?? firstYamlError, text.trimEnd().length);
    problems.push({ severity: 'error', line: lineAt(offset), message: jsonError.message });
  } else {
    for (const e of doc.errors)
      problems.push({ severity: 'error', line: lineAt(e.pos[0]), message: e.message });
  }
  for (const w of doc.warnings)
    problems.push({ severity: 'warning', line: lineAt(w.pos[0]), message: w.message });

  let data: unknown;
  if (doc.errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      problems.push({ severity: 'error', line: 1, message: e instanceof Error ? e.message : String(e) });
    }
  }

  const nodeAt = (path: DataPath): Node | undefined => {
    let node: unknown = doc.contents;
    let last: Node | undefined = isNodeWithRange(node) ? node : undefined;
    for (const seg of path) {
      if (yaml().isMap(node)) {
        const pair = node.items.find((p) => yaml().isPair(p) && keyText(p.key) === String(seg));
        node = pair?.value;
      } else if (yaml().isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
      } else {
        break;
      }
      if (!isNodeWithRange(node)) break;
      last = node;
    }
    return last;
  };

  const lineOfNode = (node: Node | undefined): number => (node?.range ? lineAt(node.range[0]) : 1);

  return {
    data,
    problems,
    lineOf: (path) => lineOfNode(nodeAt(path)),
    lineOfKey: (path, key) => {
      const parent = nodeAt(path);
      if (yaml().isMap(parent)) {
        const pair = parent.items.find((p) => yaml().isPair(p) && keyText(p.key) === key);
        if (pair && isNodeWithRange(pair.key)) return lineOfNode(pair.key);
      }
      return lineOfNode(parent);
    },
  };
}

/** JSON.parse's complaint about `text` and where, or undefined if it parses (then YAML's errors stand: duplicate keys). */
function jsonSyntaxError(text: string): { message: string; offset: number | undefined } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const at = / in JSON at position (\d+)/.exec(raw);
    const message = raw
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/, ".*" is not valid JSON$/s, '')
      .trim();
    return { message: `invalid JSON: ${message}`, offset: at ? Number(at[1]) : undefined };
  }
}

function keyText(key: unknown): string | undefined {
  if (yaml().isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function isNodeWithRange(n: unknown): n is Node {
  return (
    typeof n === 'object' && n !== null && 'range' in n && Array.isArray((n as { range?: unknown }).range)
  );
}
