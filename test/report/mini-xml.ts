/**
 * A strict little XML 1.0 reader for the JUnit tests: it accepts only well-formed documents
 * (one root, balanced tags, quoted unique attributes, known entities, legal characters, no raw
 * `<` or `&` in text) and returns the element tree with references decoded and attribute values
 * normalised as the XML spec says (literal tabs and line breaks become spaces).
 */

export interface XmlElement {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The decoded character data directly inside the element. */
  readonly text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ILLEGAL_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(doc: string): XmlElement {
  const bad = ILLEGAL_CHAR.exec(doc);
  if (bad) throw new Error(`illegal character U+${bad[0].codePointAt(0)!.toString(16)} at ${bad.index}`);
  let pos = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at offset ${pos}: ${JSON.stringify(doc.slice(pos, pos + 30))}`);
  };
  const skipSpace = () => {
    while (pos < doc.length && /\s/.test(doc[pos]!)) pos++;
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (doc.startsWith('<!--', pos)) {
        const end = doc.indexOf('-->', pos + 4);
        if (end < 0) fail('unterminated comment');
        pos = end + 3;
      } else return;
    }
  };
  const decode = (raw: string, attribute: boolean): string => {
    if (attribute && raw.includes('<')) fail('raw < in an attribute value');
    const out = raw.replace(/&([^;&\s]*);?/g, (m, ref: string) => {
      if (!m.endsWith(';')) fail('unterminated reference');
      if (ref.startsWith('#x'))
        return charRef(Number.parseInt(ref.slice(2), 16), /^#x[0-9a-fA-F]+$/.test(ref));
      if (ref.startsWith('#')) return charRef(Number.parseInt(ref.slice(1), 10), /^#[0-9]+$/.test(ref));
      const e = ENTITIES[ref];
      return e ?? fail(`unknown entity &${ref};`);
    });
    return out;
  };
  const charRef = (code: number, wellFormed: boolean): string => {
    if (!wellFormed) fail('malformed character reference');
    const c = String.fromCodePoint(code);
    if (ILLEGAL_CHAR.test(c)) fail(`character reference to an illegal character ${code}`);
    return c;
  };
  const name = (): string => {
    const m = NAME.exec(doc.slice(pos));
    if (!m) return fail('expected a name');
    pos += m[0].length;
    return m[0];
  };

  const element = (): XmlElement => {
    if (doc[pos] !== '<') fail('expected <');
    pos++;
    const tag = name();
    const attrs = new Map<string, string>();
    for (;;) {
      const before = pos;
      skipSpace();
      if (doc.startsWith('/>', pos)) {
        pos += 2;
        return { name: tag, attrs, children: [], text: '' };
      }
      if (doc[pos] === '>') {
        pos++;
        break;
      }
      if (pos === before) fail('expected space before an attribute');
      const attr = name();
      skipSpace();
      if (doc[pos] !== '=') fail('expected =');
      pos++;
      skipSpace();
      const quote = doc[pos];
      if (quote !== '"' && quote !== "'") return fail('expected a quoted value');
      const end = doc.indexOf(quote, pos + 1);
      if (end < 0) fail('unterminated attribute value');
      if (attrs.has(attr)) fail(`duplicate attribute ${attr}`);
      // Attribute-value normalisation: literal whitespace characters become spaces.
      attrs.set(attr, decode(doc.slice(pos + 1, end).replace(/[\t\n\r]/g, ' '), true));
      pos = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      const lt = doc.indexOf('<', pos);
      if (lt < 0) fail(`unclosed <${tag}>`);
      const raw = doc.slice(pos, lt);
      if (raw.includes(']]>')) fail(']]> in text');
      text += decode(raw, false);
      pos = lt;
      if (doc.startsWith('</', pos)) {
        pos += 2;
        const closing = name();
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`);
        skipSpace();
        if (doc[pos] !== '>') fail('expected >');
        pos++;
        return { name: tag, attrs, children, text };
      }
      if (doc.startsWith('<!--', pos)) {
        skipMisc();
        continue;
      }
      children.push(element());
    }
  };

  if (doc.startsWith('<?xml', pos)) {
    const end = doc.indexOf('?>', pos);
    if (end < 0) fail('unterminated XML declaration');
    pos = end + 2;
  }
  skipMisc();
  const root = element();
  skipMisc();
  if (pos !== doc.length) fail('content after the root element');
  return root;
}

/** Direct children named `name`. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}
