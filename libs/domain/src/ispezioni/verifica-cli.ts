import { TrascrizioneSorteggio } from './ispezioni.types';
import { PeriodoPubblicato, hashTrascrizione, verificaSorteggio } from './sorteggio';

/**
 * The logic of `npm run -s verify-draw -- FILE [--segreto HEX]` (infra/scripts/verify-draw.ts), kept pure so it can
 * be tested here: the script only reads the file and exits with the code. FILE is either what
 * `GET /api/v1/assegnazioni/{id}` answers (saved as it is), or JSON written by hand:
 *   { "trascrizione": {...}, "segreto": "<64 hex>",
 *     "periodo": { "periodo", "inizio", "fine", "pubblicatoIl", "rivelatoIl", "testaCatena"?: { "n", "hash" } },
 *     "impegnoPubblicato"?: "<64 hex>", "prevHash"?: "...", "hash"?: "...", "n"?: <position in the chain> }
 * `--segreto` overrides the secret. The period is required: without its publication and reveal times nobody can
 * tell a draw made in the period from one computed afterwards with the revealed secret, so the verdict would be
 * empty; the answer is then NON VALIDO, saying what is missing.
 * Exit codes: 0 valid, 1 not valid, 2 bad input (usage, unreadable file, not JSON, no transcript or no secret).
 */
export interface EsitoCli {
  codice: 0 | 1 | 2;
  testo: string;
}

export const USO_CLI =
  'uso: npm run -s verify-draw -- FILE [--segreto HEX]\n' +
  '  FILE: la risposta di GET /api/v1/assegnazioni/{id}, o JSON { "trascrizione": {...}, "segreto": "<hex>",\n' +
  '        "periodo": { "periodo", "inizio", "fine", "pubblicatoIl", "rivelatoIl" } } (facoltativi: "impegnoPubblicato",\n' +
  '        "prevHash" e "hash", "n")\n' +
  '  uscita 0 VALIDO, 1 NON VALIDO, 2 dati non utilizzabili';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
/**
 * A transcript that is not a manual assignment stands for a draw's: `verificaSorteggio` checks every field it reads
 * and answers NON VALIDO, naming it, for one missing or malformed.
 */
const diSorteggio = (t: Record<string, unknown>): t is Record<string, unknown> & TrascrizioneSorteggio => t.tipo !== 'manuale';
const bad = (msg: string): EsitoCli => ({ codice: 2, testo: `errore: ${msg}\n${USO_CLI}` });

export function verificaDaCli(argv: readonly string[], leggiFile: (percorso: string) => string): EsitoCli {
  let file: string | undefined;
  let segretoArg: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return { codice: 2, testo: USO_CLI };
    if (a === '--segreto') {
      if (i + 1 >= argv.length) return bad('--segreto richiede un valore');
      segretoArg = argv[++i];
    } else if (a.startsWith('--segreto=')) {
      segretoArg = a.slice('--segreto='.length);
    } else if (a.startsWith('-')) {
      return bad(`opzione sconosciuta ${a}`);
    } else if (file === undefined) {
      file = a;
    } else {
      return bad(`un solo file (trovati ${file} e ${a})`);
    }
  }
  if (file === undefined) return bad('nessun FILE indicato');

  let testo: string;
  try {
    testo = leggiFile(file);
  } catch (e) {
    return bad(`impossibile leggere ${file}: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(testo);
  } catch (e) {
    return bad(`${file} non è JSON: ${(e as Error).message}`);
  }
  if (!isObj(doc) || !isObj(doc.trascrizione)) return bad(`${file} non contiene un oggetto "trascrizione"`);
  const t = doc.trascrizione;
  if (!diSorteggio(t)) return bad(`${file} contiene un'assegnazione manuale, non un sorteggio: non c'è nulla da ricalcolare`);
  // The API's answer carries the period (with its secret once revealed) under "periodo".
  const periodo = isObj(doc.periodo) ? doc.periodo : undefined;
  const segreto = (segretoArg ?? doc.segreto ?? periodo?.segreto) as unknown;
  if (typeof segreto !== 'string' || segreto.trim() === '') return bad('nessun segreto rivelato: inserire "segreto" nel file o passare --segreto HEX');
  const impegnoPubblicato = (doc.impegnoPubblicato ?? periodo?.impegno) as unknown;
  for (const [k, v] of [
    ['impegnoPubblicato', impegnoPubblicato],
    ['prevHash', doc.prevHash],
    ['hash', doc.hash],
  ] as const) {
    if (v !== undefined && typeof v !== 'string') return bad(`"${k}" deve essere una stringa`);
  }
  if ((doc.prevHash === undefined) !== (doc.hash === undefined)) return bad('"prevHash" e "hash" vanno indicati insieme');
  if (doc.n !== undefined && !(Number.isSafeInteger(doc.n) && (doc.n as number) >= 1)) return bad('"n" deve essere un intero >= 1');

  const motivi: string[] = [];
  let datiPeriodo: PeriodoPubblicato | undefined;
  // All four times are needed: with a revealed secret in hand, a missing reveal time would skip the reveal check.
  if (periodo && ['inizio', 'fine', 'pubblicatoIl', 'rivelatoIl'].every((k) => typeof periodo[k] === 'string')) {
    datiPeriodo = {
      periodo: String(periodo.periodo ?? t.periodo),
      inizio: periodo.inizio as string,
      fine: periodo.fine as string,
      pubblicatoIl: periodo.pubblicatoIl as string,
      rivelatoIl: periodo.rivelatoIl as string,
      testaCatena: isObj(periodo.testaCatena) ? (periodo.testaCatena as { n: number; hash: string }) : null,
    };
  } else {
    motivi.push(
      "mancano i dati del periodo (inizio, fine, pubblicatoIl, rivelatoIl): non si può controllare che il sorteggio sia avvenuto nel periodo, dopo l'impegno e prima della rivelazione",
    );
  }
  const esito = verificaSorteggio(t, segreto.trim().toLowerCase(), {
    impegnoPubblicato: impegnoPubblicato as string | undefined,
    periodo: datiPeriodo,
    posizione: doc.n as number | undefined,
  });
  motivi.unshift(...esito.motivi);
  if (typeof doc.prevHash === 'string' && typeof doc.hash === 'string') {
    const h = hashTrascrizione(doc.prevHash, t);
    if (h !== doc.hash) motivi.push(`la trascrizione, dopo prevHash, ha hash ${h}, non l'hash registrato ${doc.hash} (è stata modificata)`);
  }

  const righe = [
    `Sorteggio della richiesta ${String(t.richiestaId)}, tentativo ${String(t.tentativo)} (${String(t.ispettorato)}, periodo ${String(t.periodo)}), algoritmo ${String(t.algoritmo)}`,
  ];
  const e = isObj(t.estrazione) ? t.estrazione : undefined;
  if (e) righe.push(`  registrato:  ${String(e.scelto)} (valore ${String(e.valore)} su ${String(e.totale)}, ${String(e.rifiutati)} scartati)`);
  if (esito.ricalcolo) {
    const r = esito.ricalcolo;
    righe.push(`  ricalcolato: ${r.scelto} (valore ${r.valore} su ${r.totale}, ${r.rifiutati} scartati), seme ${r.seme}`);
  }
  if (motivi.length === 0) {
    righe.push(
      "VALIDO: l'impegno, ogni peso, il seme, il valore e l'ispettore scelto corrispondono alla trascrizione, " +
        "registrata nel suo periodo dopo la pubblicazione dell'impegno e prima della rivelazione del segreto.",
    );
    return { codice: 0, testo: righe.join('\n') };
  }
  righe.push(`NON VALIDO (${motivi.length} ${motivi.length === 1 ? 'problema' : 'problemi'}):`, ...motivi.map((m) => `  - ${m}`));
  return { codice: 1, testo: righe.join('\n') };
}
