/**
 * Reading C conditions as text, shared by the CC model (which guards a branch) and the code rules
 * (which modes a path implies): operands of `||`/`&&` outside brackets, matching parentheses.
 */

/** `text` split at `op` outside parentheses and brackets, trimmed, empty pieces dropped. */
export function splitTopLevel(text: string, op: '||' | '&&'): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && c === op[0] && text[i + 1] === op[1]) {
      out.push(text.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** Index of the `)` that closes the `(` at `open`, or -1. */
export function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The condition without parentheses around all of it. */
export function unwrapParens(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && closingParen(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}
