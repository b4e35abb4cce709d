import { TrascrizioneSorteggio } from './ispezioni.types';
import { hashTrascrizione, verificaSorteggio } from './sorteggio';

/**
 * The logic of `npm run -s verify-draw -- FILE [--segreto HEX]` (infra/scripts/verify-draw.ts), kept pure so it can
 * be tested here: the script only reads the file and exits with the code. FILE is JSON:
 *   { "trascrizione": {...}, "segreto": "<64 hex>", "impegnoPubblicato"?: "<64 hex>", "prevHash"?: "...", "hash"?: "..." }
 * `--segreto` overrides the file's secret. With impegnoPubblicato, the transcript's commitment must be that one; with
 * prevHash and hash, the transcript must hash to `hash` in the chain.
 * Exit codes: 0 valid, 1 not valid, 2 bad input (usage, unreadable file, not JSON, no transcript or no secret).
 */
export interface EsitoCli {
  codice: 0 | 1 | 2;
  testo: string;
}

export const USO_CLI =
  'usage: npm run -s verify-draw -- FILE [--segreto HEX]\n' +
  '  FILE: JSON { "trascrizione": {...}, "segreto": "<hex>" } (optional: "impegnoPubblicato", "prevHash" and "hash")\n' +
  '  exit 0 VALID, 1 NOT VALID, 2 bad input';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const bad = (msg: string): EsitoCli => ({ codice: 2, testo: `error: ${msg}\n${USO_CLI}` });

export function verificaDaCli(argv: readonly string[], leggiFile: (percorso: string) => string): EsitoCli {
  let file: string | undefined;
  let segretoArg: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return { codice: 2, testo: USO_CLI };
    if (a === '--segreto') {
      if (i + 1 >= argv.length) return bad('--segreto needs a value');
      segretoArg = argv[++i];
    } else if (a.startsWith('--segreto=')) {
      segretoArg = a.slice('--segreto='.length);
    } else if (a.startsWith('-')) {
      return bad(`unknown option ${a}`);
    } else if (file === undefined) {
      file = a;
    } else {
      return bad(`one file only (found ${file} and ${a})`);
    }
  }
  if (file === undefined) return bad('no FILE given');

  let testo: string;
  try {
    testo = leggiFile(file);
  } catch (e) {
    return bad(`cannot read ${file}: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(testo);
  } catch (e) {
    return bad(`${file} is not JSON: ${(e as Error).message}`);
  }
  if (!isObj(doc) || !isObj(doc.trascrizione)) return bad(`${file} has no "trascrizione" object`);
  const segreto = (segretoArg ?? doc.segreto) as unknown;
  if (typeof segreto !== 'string' || segreto.trim() === '') return bad('no revealed secret: put "segreto" in the file or pass --segreto HEX');
  for (const k of ['impegnoPubblicato', 'prevHash', 'hash'] as const) {
    if (doc[k] !== undefined && typeof doc[k] !== 'string') return bad(`"${k}" must be a string`);
  }
  if ((doc.prevHash === undefined) !== (doc.hash === undefined)) return bad('"prevHash" and "hash" go together');

  const t = doc.trascrizione as unknown as TrascrizioneSorteggio;
  const esito = verificaSorteggio(t, segreto.trim().toLowerCase(), { impegnoPubblicato: doc.impegnoPubblicato as string | undefined });
  const motivi = [...esito.motivi];
  if (typeof doc.prevHash === 'string' && typeof doc.hash === 'string') {
    const h = hashTrascrizione(doc.prevHash, t);
    if (h !== doc.hash) motivi.push(`the transcript hashes to ${h} after prevHash, not to the recorded hash ${doc.hash} (it was edited)`);
  }

  const righe = [
    `Draw of request ${String(t.richiestaId)}, attempt ${String(t.tentativo)} (${String(t.ispettorato)}, period ${String(t.periodo)}), algorithm ${String(t.algoritmo)}`,
  ];
  const e = isObj(t.estrazione) ? t.estrazione : undefined;
  if (e) righe.push(`  recorded: ${String(e.scelto)} (value ${String(e.valore)} of total ${String(e.totale)}, ${String(e.rifiutati)} rejected)`);
  if (esito.ricalcolo) {
    const r = esito.ricalcolo;
    righe.push(`  recomputed: ${r.scelto} (value ${r.valore} of total ${r.totale}, ${r.rifiutati} rejected), seed ${r.seme}`);
  }
  if (motivi.length === 0) {
    righe.push('VALID: the commitment, every weight, the seed, the value and the chosen inspector match the transcript.');
    return { codice: 0, testo: righe.join('\n') };
  }
  righe.push(`NOT VALID (${motivi.length} problem${motivi.length === 1 ? '' : 's'}):`, ...motivi.map((m) => `  - ${m}`));
  return { codice: 1, testo: righe.join('\n') };
}
