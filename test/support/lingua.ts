import { appendFileSync } from 'node:fs';

/**
 * Words of English that no Italian sentence of the service uses: a user-facing text holding one is (at least partly)
 * English. Slugs (`stato-non-ammesso`), field paths and values quoted from the request are not texts and are not read.
 */
const PAROLE = [
  'the',
  'must',
  'should',
  'cannot',
  "can't",
  'is',
  'are',
  'was',
  'were',
  'not',
  'only',
  'already',
  'invalid',
  'required',
  'missing',
  'allowed',
  'expected',
  'possible',
  'between',
  'has',
  'have',
  'with',
  'without',
  'when',
  'unknown',
  'exceeds',
  'before',
  'after',
  'than',
  'which',
  'does',
  'be',
  'been',
  'of',
  'to',
  'for',
  'from',
  'please',
  'found',
  'enrolled',
  'registered',
  'change',
  'longer',
  'shorter',
  'least',
  'most',
  'each',
  'every',
  'empty',
  'one',
  'error',
  'request',
];
/** Lower case, or capitalised at a sentence's start: "TO" in an office code (CPI-TO) is not the English word. */
const INGLESE = new RegExp(`\\b(${PAROLE.map((p) => `[${p[0]}${p[0].toUpperCase()}]${p.slice(1)}`).join('|')})\\b`);

export const inInglese = (testo: string): boolean => INGLESE.test(testo.replace(/«[^»]*»|"[^"]*"|'[^']*'/g, ' '));

/** The texts of an answer that a user reads: a problem's title, detail and messages; notices' titles and texts. */
export function testiUtente(json: unknown): string[] {
  if (!json || typeof json !== 'object') return [];
  if (Array.isArray(json))
    return json.flatMap((x) =>
      x && typeof x === 'object' && 'titolo' in x && 'testo' in x && 'destinatarioTipo' in x ? [String(x.titolo), String(x.testo)] : [],
    );
  const p = json as { type?: unknown; title?: unknown; detail?: unknown; errors?: Array<{ message?: unknown }> };
  if (typeof p.type !== 'string' || typeof p.title !== 'string') return [];
  return [
    p.title,
    ...(typeof p.detail === 'string' ? [p.detail] : []),
    ...(p.errors ?? []).flatMap((e) => (typeof e?.message === 'string' ? [e.message] : [])),
  ];
}

/**
 * Every answer the e2e suites receive through Stack.call is read: an English user-facing text fails the test that
 * received it (with LINGUA_SOLO_ELENCO=<file> they are listed in that file instead, to survey them).
 */
export function verificaLingua(metodo: string, percorso: string, json: unknown): void {
  const inglesi = testiUtente(json).filter(inInglese);
  if (!inglesi.length) return;
  const riga = `${metodo} ${percorso.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}')}: ${inglesi.map((t) => JSON.stringify(t)).join(' | ')}`;
  if (process.env.LINGUA_SOLO_ELENCO) appendFileSync(process.env.LINGUA_SOLO_ELENCO, `${riga}\n`);
  else throw new Error(`testo per l'utente non in italiano: ${riga}`);
}
