import { imageSize } from 'image-size';
import { EncryptedPDFError, PDFDocument } from 'pdf-lib';

/**
 * Whether a stored document can be read by whoever examines it: a PDF that opens and has pages, an image whose header
 * gives its size and whose bytes run to the format's end marker. What the content-type sniffing cannot tell: a
 * 5-byte "%PDF-" file, a PDF with a password, a truncated scan.
 */
export type Leggibilita =
  | { leggibile: true; pagine?: number; larghezza?: number; altezza?: number }
  | { leggibile: false; motivo: 'cifrato' | 'danneggiato' | 'senza-pagine' | 'troncato'; dettaglio: string };

const danneggiato = (dettaglio: string): Leggibilita => ({ leggibile: false, motivo: 'danneggiato', dettaglio });

/** A PDF (pdf-lib, the maintained pure-JS PDF library): opens without a password and has at least one page. */
async function pdf(bytes: Buffer): Promise<Leggibilita> {
  let doc: PDFDocument;
  try {
    // throwOnInvalidObject: a damaged object is an error, not a silently dropped one.
    doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (e) {
    // pdf-lib's ES5 build loses the subclass (instanceof and name fail): its message says it.
    if (e instanceof EncryptedPDFError || /\bis encrypted\b/.test((e as Error).message)) {
      return { leggibile: false, motivo: 'cifrato', dettaglio: 'il PDF è protetto da password o cifrato: caricarne una copia senza protezione' };
    }
    // The parser's own message is English and technical: the user is told what to do.
    return danneggiato('il PDF non si apre: il file è danneggiato o incompleto, ricaricarlo');
  }
  let pagine: number;
  try {
    pagine = doc.getPageCount();
  } catch {
    return danneggiato("il PDF non si apre: l'elenco delle pagine è danneggiato, ricaricarlo");
  }
  if (pagine < 1) return { leggibile: false, motivo: 'senza-pagine', dettaglio: 'il PDF non ha pagine' };
  return { leggibile: true, pagine };
}

/** The byte offset just past a format's end marker, ignoring trailing padding a scanner may add. */
function fineDopoPadding(bytes: Buffer): number {
  let n = bytes.length;
  while (n > 0 && (bytes[n - 1] === 0x00 || bytes[n - 1] === 0x0a || bytes[n - 1] === 0x0d)) n--;
  return n;
}

/** An image: size from its header (image-size), and the bytes complete (PNG's IEND chunk, JPEG's EOI marker). */
function immagine(bytes: Buffer, tipo: 'png' | 'jpeg'): Leggibilita {
  let dim: { width?: number; height?: number };
  try {
    dim = imageSize(bytes);
  } catch {
    return danneggiato("l'intestazione dell'immagine non si legge: il file è danneggiato, ricaricarlo");
  }
  if (!dim.width || !dim.height) return danneggiato("l'immagine non dichiara larghezza e altezza");
  const fine = fineDopoPadding(bytes);
  const completa =
    tipo === 'png'
      ? fine >= 12 && bytes.subarray(fine - 12, fine).equals(Buffer.from('0000000049454e44ae426082', 'hex'))
      : fine >= 2 && bytes[fine - 2] === 0xff && bytes[fine - 1] === 0xd9;
  if (!completa)
    return { leggibile: false, motivo: 'troncato', dettaglio: `l'immagine ${tipo.toUpperCase()} è incompleta (manca la fine del file): ricaricarla` };
  return { leggibile: true, larghezza: dim.width, altezza: dim.height };
}

/** Readability by detected content type; other types are not examined here (their acceptance is checked elsewhere). */
export async function verificaLeggibilita(contentType: string, bytes: Buffer): Promise<Leggibilita> {
  switch (contentType.split(';')[0].trim().toLowerCase()) {
    case 'application/pdf':
      return pdf(bytes);
    case 'image/png':
      return immagine(bytes, 'png');
    case 'image/jpeg':
      return immagine(bytes, 'jpeg');
    default:
      return { leggibile: true };
  }
}
