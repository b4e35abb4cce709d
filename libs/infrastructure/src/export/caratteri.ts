import { readFileSync } from 'node:fs';

/**
 * The typeface of every PDF the service writes: DejaVu Sans Condensed (about Helvetica's width; the `dejavu-fonts-ttf` package), embedded as a
 * subset. The PDF standard fonts (Helvetica) only encode WinAnsi, so a Σ, a ≥ or a Polish name printed as "?";
 * DejaVu Sans draws Latin, Greek, Cyrillic and the mathematical symbols, and pdfkit writes a ToUnicode map so the
 * text can be searched and copied. pdfkit names a subset after the font's id in the document, so the same data
 * still give the same bytes.
 */
export const CARATTERI = { normale: 'DejaVuSansCondensed', grassetto: 'DejaVuSansCondensed-Bold', corsivo: 'DejaVuSansCondensed-Oblique' } as const;

let file: Map<string, Buffer> | undefined;
function fileCaratteri(): Map<string, Buffer> {
  file ??= new Map(Object.values(CARATTERI).map((n) => [n, readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${n}.ttf`))]));
  return file;
}

/** Registers the typefaces on a new document and makes the regular one current. */
export function registraCaratteri(doc: PDFKit.PDFDocument): void {
  for (const [nome, dati] of fileCaratteri()) doc.registerFont(nome, dati);
  doc.font(CARATTERI.normale);
}

/** Text as it is drawn: control characters dropped, a tab as a space, line breaks kept. */
export function testoPdf(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '\n') out += ch;
    else if (ch === '\t') out += ' ';
    else if (
      c < 0x20 ||
      (c >= 0x7f && c < 0xa0) ||
      c === 0xfeff ||
      (c >= 0x200b && c <= 0x200f) ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069)
    )
      continue;
    else out += ch;
  }
  return out;
}
