/**
 * Escaping for XML 1.0 text and attribute values. Text from the analysed tree may hold anything,
 * including characters XML cannot carry at all (control characters, lone surrogates); those are
 * written visibly instead, so the document stays well-formed and the reader still sees them.
 */

/** Characters XML 1.0 forbids even as character references. */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function representable(s: string): string {
  return s
    .replace(FORBIDDEN, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(LONE_SURROGATE, '\ufffd');
}

export function xmlText(s: string): string {
  return representable(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For a double-quoted attribute; line breaks and tabs as references, which attribute normalisation keeps. */
export function xmlAttr(s: string): string {
  return xmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
