/**
 * CSV files as offices produce them, Italian Excel first: UTF-8 with or without BOM, or Windows-1252 (Excel's
 * "CSV (separato da punto e virgola)"), `;` or `,` between fields. Decoding and the header's checks are here, pure;
 * the parsing of fields is the csv-parse library's (in the API).
 */
import type { ErroreImport } from './import';

const BOM_UTF8 = [0xef, 0xbb, 0xbf];

/**
 * Windows-1252's 0x80-0x9F (the WHATWG index; the five unassigned bytes become U+FFFD, hence refused). Node's
 * TextDecoder('windows-1252') decodes these as Latin-1 control characters, so the table is spelt out here.
 */
const CP1252_80_9F = '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ';

function windows1252(b: Uint8Array): string {
  let out = '';
  for (const x of b) out += x >= 0x80 && x <= 0x9f ? CP1252_80_9F[x - 0x80] : String.fromCharCode(x);
  return out;
}

/** Characters that do not belong in a CSV's text: controls other than tab and line ends, and U+FFFD (undecodable). */
const illeggibile = (c: number): boolean => (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f) || c === 0xfffd;

/**
 * The file's text: UTF-8 when its bytes are valid UTF-8 (a BOM is dropped), else Windows-1252. Refused (`errore`)
 * when it is UTF-16, or when the text would hold a character nobody typed (a control, or a replacement character):
 * accents are never stored as "?" or "Ã¨".
 */
export function decodificaCsv(bytes: Uint8Array): { testo: string; codifica: 'utf-8' | 'windows-1252' } | { errore: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { errore: 'il file è in UTF-16: salvarlo come CSV UTF-8 o come CSV (separato da punto e virgola)' };
  }
  const conBom = BOM_UTF8.every((b, i) => bytes[i] === b);
  const corpo = conBom ? bytes.subarray(3) : bytes;
  let testo: string;
  let codifica: 'utf-8' | 'windows-1252' = 'utf-8';
  try {
    testo = new TextDecoder('utf-8', { fatal: true }).decode(corpo);
  } catch {
    if (conBom) return { errore: 'il file dichiara UTF-8 (BOM) ma contiene byte non validi in UTF-8' };
    testo = windows1252(corpo);
    codifica = 'windows-1252';
  }
  for (const ch of testo) {
    if (illeggibile(ch.codePointAt(0)!)) {
      return {
        errore: `il file contiene un carattere non leggibile (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}): salvarlo come CSV UTF-8 o Windows-1252`,
      };
    }
  }
  return { testo, codifica };
}

/**
 * Why csv-parse could not read the file, in Italian and naming the line (1 is the header) where it stopped: its own
 * messages are English ("Invalid Record Length: expect 2, got 3 on line 2") and a user reads this one.
 */
export function motivoCsvIlleggibile(e: unknown): string {
  const { code, lines } = (e ?? {}) as { code?: unknown; lines?: unknown };
  const riga = typeof lines === 'number' ? ` (riga ${lines})` : '';
  switch (code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return `una riga ha un numero di campi diverso dall'intestazione${riga}`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return `virgolette aperte e mai chiuse${riga}`;
    case 'INVALID_OPENING_QUOTE':
      return `virgolette dentro un campo che non inizia con le virgolette${riga}`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `caratteri dopo le virgolette che chiudono un campo${riga}`;
    case 'CSV_MAX_RECORD_SIZE':
      return `una riga supera la lunghezza massima${riga}`;
    default:
      return `il file non è un CSV leggibile${riga}`;
  }
}

/** The separator the header uses: the more frequent of `;` and `,` outside quotes (`;` on a tie, as Italian Excel). */
export function separatoreCsv(testo: string): ';' | ',' {
  const fine = testo.search(/\r?\n/);
  const intestazione = fine < 0 ? testo : testo.slice(0, fine);
  let fuori = true;
  let pv = 0;
  let v = 0;
  for (const ch of intestazione) {
    if (ch === '"') fuori = !fuori;
    else if (fuori && ch === ';') pv++;
    else if (fuori && ch === ',') v++;
  }
  return v > pv ? ',' : ';';
}

/**
 * The header against the import's columns: each unknown column and each missing required one is one error on row 1
 * (never one per row). Names compare trimmed and case-insensitive; a column named twice is an error too.
 */
export function verificaIntestazione(colonne: readonly string[], ammesse: readonly string[], obbligatorie: readonly string[]): ErroreImport[] {
  const errori: ErroreImport[] = [];
  const viste = new Set<string>();
  for (const grezza of colonne) {
    const c = grezza.trim().toLowerCase();
    if (!ammesse.includes(c))
      errori.push({ riga: 1, campo: grezza, regola: 'colonna-sconosciuta', messaggio: `colonna "${grezza}" non prevista: ammesse ${ammesse.join(', ')}` });
    else if (viste.has(c))
      errori.push({ riga: 1, campo: grezza, regola: 'colonna-ripetuta', messaggio: `colonna "${grezza}" ripetuta: il suo valore sarebbe ambiguo` });
    viste.add(c);
  }
  for (const c of obbligatorie)
    if (!viste.has(c)) errori.push({ riga: 1, campo: c, regola: 'colonna-mancante', messaggio: `manca la colonna obbligatoria "${c}"` });
  return errori;
}
