/**
 * Putting text into an HTML document so that it stays text: data for the page script goes into a
 * `<script type="application/json">` element, and the few strings written into the markup itself
 * (the title) are escaped. Nothing from the analysed tree can close an element or open a comment.
 */
import { createHash } from 'node:crypto';

/**
 * JSON that can sit inside a `<script>` element: `<`, `>` and `&` become `\u003c`… escapes, so
 * neither `</script>` nor `<!--` can appear, and U+2028/U+2029 are escaped for old parsers.
 * JSON.parse reads the escapes back to the same characters.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** For element text and double- or single-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * The Content-Security-Policy source for an inline script or style: the page allows exactly its
 * own inline code, so an injected handler or element could not run even if escaping failed.
 */
export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

/**
 * Code inlined into a `<script>` or `<style>` element must not contain its closing tag; the
 * report's own code and the bundled library never do, and this makes sure of it.
 */
export function assertInlineable(content: string, tag: 'script' | 'style'): string {
  if (new RegExp(`</${tag}`, 'i').test(content) || content.includes('<!--'))
    throw new Error(`inline ${tag} content holds </${tag} or <!--`);
  return content;
}
