import type {
  Fase,
  Indicatore,
  IsoDate,
  Obiettivo,
  PianoDocumento,
  Punteggio,
  ValutazioneFase,
  ValutazioneIndicatore,
  ValutazioneObiettivo,
  ValutazionePiano,
} from './cronoprogramma.types';

/**
 * The plan as a Gantt chart (DOMAIN §4: "managers need ... the plan as a Gantt chart"): a standalone SVG 1.1 string,
 * one row per phase grouped under its objective and indicator, the planned bar and (when known) the actual one, a
 * line for today, colours by state and `<title>` tooltips. Pure: dates are calendar days counted with Date.UTC.
 */

export interface GanttOpzioni {
  /** The day the chart is drawn for: where the "oggi" line goes and what counts as overdue. */
  oggi: IsoDate;
  /** When given, each phase, indicator and objective shows its score, and the tooltips the rule applied. */
  valutazione?: ValutazionePiano;
}

/** How a phase stands on a given day, which decides its colour. */
export type StatoFase = 'completata-in-tempo' | 'in-ritardo' | 'neutralizzata' | 'in-corso';

export const GANTT_COLORI: Readonly<Record<StatoFase, string>> & { readonly oggi: string } = {
  'completata-in-tempo': '#2e7d32',
  'in-ritardo': '#c62828',
  neutralizzata: '#9e9e9e',
  'in-corso': '#1565c0',
  oggi: '#ef6c00',
};

const ETICHETTE_STATO: Record<StatoFase, string> = {
  'completata-in-tempo': 'Completata in tempo',
  'in-ritardo': 'In ritardo / scaduta',
  neutralizzata: 'Neutralizzata (causa esterna)',
  'in-corso': 'In corso / non ancora scaduta',
};

export const MESI_BREVI = ['gen', 'feb', 'mar', 'apr', 'mag', 'giu', 'lug', 'ago', 'set', 'ott', 'nov', 'dic'] as const;

const MS_GIORNO = 86_400_000;

/** 'YYYY-MM-DD' → days since 1970-01-01 (UTC calendar arithmetic, no time zone). Throws on anything else. */
export function giornoDa(data: IsoDate, cosa = 'data'): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(data);
  if (m) {
    const [a, me, g] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(a, me - 1, g);
    const d = new Date(ms);
    if (d.getUTCFullYear() === a && d.getUTCMonth() === me - 1 && d.getUTCDate() === g) return ms / MS_GIORNO;
  }
  throw new RangeError(`${cosa}: '${data}' non è una data di calendario AAAA-MM-GG`);
}

function dataIt(giorno: number): string {
  const d = new Date(giorno * MS_GIORNO);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/**
 * Neutralised (external cause) first; then late — completed after its planned end, or not completed and its planned
 * end already past; then completed on time; otherwise still running or not yet due.
 */
export function statoFase(fase: Fase, oggi: IsoDate): StatoFase {
  if (fase.causaEsterna) return 'neutralizzata';
  const fine = giornoDa(fase.finePrevista, `fase ${fase.numero} finePrevista`);
  if (fase.fineEffettiva !== undefined) {
    return giornoDa(fase.fineEffettiva, `fase ${fase.numero} fineEffettiva`) > fine ? 'in-ritardo' : 'completata-in-tempo';
  }
  return fine < giornoDa(oggi, 'oggi') ? 'in-ritardo' : 'in-corso';
}

// ---- XML text ----

/** Escapes the five XML specials and drops characters XML 1.0 does not allow (controls, lone surrogates). */
export function xmlEscape(testo: string): string {
  let out = '';
  for (const ch of testo) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0x26) out += '&amp;';
    else if (c === 0x3c) out += '&lt;';
    else if (c === 0x3e) out += '&gt;';
    else if (c === 0x22) out += '&quot;';
    else if (c === 0x27) out += '&apos;';
    else if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) continue;
    else if (c === 0xfffe || c === 0xffff) continue;
    else if (c >= 0xd800 && c <= 0xdfff)
      out += '\uFFFD'; // a lone surrogate (for..of yields pairs whole)
    else out += ch;
  }
  return out;
}

/** Shortens to at most `max` characters (whole code points), on a word boundary when one is near, with "…". */
export function tronca(testo: string, max: number): string {
  const pulito = testo.replace(/\s+/g, ' ').trim();
  const cp = Array.from(pulito);
  if (cp.length <= max) return pulito;
  let taglio = cp.slice(0, max - 1).join('');
  const spazio = taglio.lastIndexOf(' ');
  if (spazio >= max * 0.6) taglio = taglio.slice(0, spazio);
  return `${taglio.replace(/[\s,;:.·-]+$/, '')}…`;
}

/** Italian number: thousands with '.', decimals with ','. */
function numIt(v: number): string {
  const [intero, dec] = String(Math.abs(v)).split('.');
  const gruppi = intero.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${v < 0 ? '-' : ''}${gruppi}${dec ? `,${dec}` : ''}`;
}

const n = (v: number): string => String(Math.round(v * 10) / 10);

function pct(p: Punteggio | undefined): string {
  if (p === undefined) return '';
  if (p === null) return 'neutr.';
  return `${p.replace('.', ',')}%`;
}

// ---- layout ----

const MARGINE = 16;
const LARGH_ETICHETTE = 420;
const LARGH_PUNTEGGIO = 70;
const PX_GIORNO = 2.4;
const ALT_RIGA = 26;
const ALT_GRUPPO = 24;
const Y_TITOLO = 26;
const Y_SOTTOTITOLO = 46;
const Y_LEGENDA = 70;
const Y_MESI = 104;
const Y_ASSE = 112;

type Riga =
  | { tipo: 'obiettivo'; obiettivo: Obiettivo; val?: ValutazioneObiettivo }
  | { tipo: 'indicatore'; indicatore: Indicatore; val?: ValutazioneIndicatore }
  | { tipo: 'fase'; indicatore: Indicatore; fase: Fase; val?: ValutazioneFase };

function righe(piano: PianoDocumento, valutazione?: ValutazionePiano): Riga[] {
  const out: Riga[] = [];
  for (const area of piano.aree) {
    for (const obiettivo of area.obiettivi) {
      const vo = valutazione?.obiettivi.find((o) => o.numero === obiettivo.numero);
      out.push({ tipo: 'obiettivo', obiettivo, val: vo });
      for (const indicatore of obiettivo.indicatori) {
        const vi = vo?.indicatori.find((i) => i.codice === indicatore.codice);
        out.push({ tipo: 'indicatore', indicatore, val: vi });
        if (indicatore.tipo !== 'procedurale') continue;
        for (const fase of indicatore.fasi) {
          out.push({ tipo: 'fase', indicatore, fase, val: vi?.fasi?.find((f) => f.numero === fase.numero) });
        }
      }
    }
  }
  return out;
}

/** The axis runs over whole months: at least the plan year, widened to take in every phase date. */
function intervallo(piano: PianoDocumento): { da: number; a: number } {
  let min = giornoDa(`${String(piano.anno).padStart(4, '0')}-01-01`, 'anno');
  let max = giornoDa(`${String(piano.anno).padStart(4, '0')}-12-31`, 'anno');
  for (const area of piano.aree) {
    for (const o of area.obiettivi) {
      for (const i of o.indicatori) {
        if (i.tipo !== 'procedurale') continue;
        for (const f of i.fasi) {
          const cosa = `${i.codice} fase ${f.numero}`;
          for (const d of [f.inizioPrevisto, f.finePrevista, f.fineEffettiva]) {
            if (d === undefined) continue;
            const g = giornoDa(d, cosa);
            min = Math.min(min, g);
            max = Math.max(max, g);
          }
        }
      }
    }
  }
  const a = new Date(min * MS_GIORNO);
  const b = new Date(max * MS_GIORNO);
  return {
    da: Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), 1) / MS_GIORNO,
    a: Date.UTC(b.getUTCFullYear(), b.getUTCMonth() + 1, 1) / MS_GIORNO, // exclusive: first day after the last month
  };
}

function larghezzaTesto(testo: string, corpo: number): number {
  return Array.from(testo).length * corpo * 0.56;
}

export function ganttSvg(piano: PianoDocumento, opts: GanttOpzioni): string {
  const oggi = giornoDa(opts.oggi, 'oggi');
  const conPunteggi = opts.valutazione !== undefined;
  const { da, a } = intervallo(piano);
  const x0 = MARGINE + LARGH_ETICHETTE;
  const larghGrafico = (a - da) * PX_GIORNO;
  const x1 = x0 + larghGrafico;
  const xGiorno = (g: number) => x0 + (g - da) * PX_GIORNO;
  const larghezza = x1 + (conPunteggi ? LARGH_PUNTEGGIO : 0) + MARGINE;
  const elenco = righe(piano, opts.valutazione);

  let y = Y_ASSE;
  const posizioni = elenco.map((r) => {
    const top = y;
    y += r.tipo === 'fase' ? ALT_RIGA : ALT_GRUPPO;
    return top;
  });
  const fondo = y;
  const altezza = fondo + 44;

  const o: string[] = [];
  const titolo = `Cronoprogramma ${piano.anno} · ${piano.titolo}`;
  o.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${n(larghezza)}" height="${n(altezza)}" viewBox="0 0 ${n(larghezza)} ${n(altezza)}" font-family="Helvetica, Arial, sans-serif" font-size="11" fill="#212121">`,
  );
  o.push(`<title>${xmlEscape(titolo)}</title>`);
  o.push(`<desc>${xmlEscape(`${piano.ufficio}: diagramma di Gantt delle fasi del piano al ${dataIt(oggi)}`)}</desc>`);
  o.push(`<rect x="0" y="0" width="${n(larghezza)}" height="${n(altezza)}" fill="#ffffff"/>`);

  // Heading
  o.push(`<text x="${MARGINE}" y="${Y_TITOLO}" font-size="16" font-weight="bold">${xmlEscape(tronca(titolo, 110))}</text>`);
  const sotto = [piano.ufficio, `situazione al ${dataIt(oggi)}`];
  if (opts.valutazione) {
    sotto.push(`punteggio complessivo ${pct(opts.valutazione.punteggio)} (valutazione al ${dataIt(giornoDa(opts.valutazione.alla, 'valutazione.alla'))})`);
  }
  o.push(`<text x="${MARGINE}" y="${Y_SOTTOTITOLO}" font-size="12" fill="#424242">${xmlEscape(tronca(sotto.join(' · '), 160))}</text>`);

  // Legend
  o.push(`<g id="legenda" font-size="11">`);
  let lx = MARGINE;
  for (const stato of Object.keys(ETICHETTE_STATO) as StatoFase[]) {
    const colore = GANTT_COLORI[stato];
    o.push(`<rect x="${n(lx)}" y="${Y_LEGENDA - 9}" width="22" height="10" fill="${colore}" fill-opacity="0.45" stroke="${colore}"/>`);
    o.push(`<text x="${n(lx + 28)}" y="${Y_LEGENDA}">${xmlEscape(ETICHETTE_STATO[stato])}</text>`);
    lx += 28 + larghezzaTesto(ETICHETTE_STATO[stato], 11) + 18;
  }
  o.push(`<rect x="${n(lx)}" y="${Y_LEGENDA - 9}" width="22" height="10" fill="#757575" fill-opacity="0.45" stroke="#757575"/>`);
  o.push(`<rect x="${n(lx)}" y="${Y_LEGENDA + 3}" width="22" height="4" fill="#424242"/>`);
  o.push(`<text x="${n(lx + 28)}" y="${Y_LEGENDA}">prevista (sopra), effettiva (sotto)</text>`);
  lx += 28 + larghezzaTesto('prevista (sopra), effettiva (sotto)', 11) + 18;
  o.push(`<line x1="${n(lx + 11)}" y1="${Y_LEGENDA - 11}" x2="${n(lx + 11)}" y2="${Y_LEGENDA + 5}" stroke="${GANTT_COLORI.oggi}" stroke-width="2"/>`);
  o.push(`<text x="${n(lx + 20)}" y="${Y_LEGENDA}">oggi</text>`);
  o.push(`</g>`);

  // Row backgrounds and labels
  o.push(`<g id="righe">`);
  elenco.forEach((r, i) => {
    const top = posizioni[i];
    const alt = r.tipo === 'fase' ? ALT_RIGA : ALT_GRUPPO;
    const sfondo = r.tipo === 'obiettivo' ? '#e3e8f4' : r.tipo === 'indicatore' ? '#f3f5fa' : i % 2 ? '#fafafa' : '#ffffff';
    o.push(`<rect x="${MARGINE}" y="${n(top)}" width="${n(larghezza - 2 * MARGINE)}" height="${alt}" fill="${sfondo}"/>`);
  });
  o.push(`</g>`);

  // Month grid and axis
  o.push(`<g id="asse-tempo" font-size="11" fill="#424242">`);
  o.push(`<text x="${MARGINE + 4}" y="${Y_MESI}" font-weight="bold">Obiettivo / indicatore / fase</text>`);
  if (conPunteggi) o.push(`<text x="${n(x1 + LARGH_PUNTEGGIO - 4)}" y="${Y_MESI}" font-weight="bold" text-anchor="end">Punteggio</text>`);
  const annoIniziale = new Date(da * MS_GIORNO).getUTCFullYear();
  const piuAnni = new Date((a - 1) * MS_GIORNO).getUTCFullYear() !== annoIniziale;
  for (let g = da; g < a;) {
    const d = new Date(g * MS_GIORNO);
    const prossimo = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / MS_GIORNO;
    const mese = MESI_BREVI[d.getUTCMonth()];
    const etichetta = piuAnni && (d.getUTCMonth() === 0 || g === da) ? `${mese} ${d.getUTCFullYear()}` : mese;
    o.push(
      `<line class="mese" x1="${n(xGiorno(g))}" y1="${Y_ASSE - 14}" x2="${n(xGiorno(g))}" y2="${n(fondo)}" stroke="#d0d0d0" stroke-width="${d.getUTCMonth() === 0 ? 1.5 : 0.75}"/>`,
    );
    o.push(`<text class="mese" x="${n((xGiorno(g) + xGiorno(prossimo)) / 2)}" y="${Y_MESI}" text-anchor="middle">${etichetta}</text>`);
    g = prossimo;
  }
  o.push(`<line id="asse" x1="${n(x0)}" y1="${Y_ASSE}" x2="${n(x1)}" y2="${Y_ASSE}" stroke="#616161" stroke-width="1"/>`);
  o.push(`<line x1="${n(x1)}" y1="${Y_ASSE - 14}" x2="${n(x1)}" y2="${n(fondo)}" stroke="#d0d0d0" stroke-width="0.75"/>`);
  o.push(`</g>`);

  // Rows
  const usati = new Set<string>();
  const idUnico = (base: string) => {
    let id = base.replace(/[^A-Za-z0-9_.-]/g, '_');
    for (let k = 2; usati.has(id); k++) id = `${base.replace(/[^A-Za-z0-9_.-]/g, '_')}-${k}`;
    usati.add(id);
    return id;
  };
  elenco.forEach((r, i) => {
    const top = posizioni[i];
    if (r.tipo === 'obiettivo') {
      const ob = r.obiettivo;
      const base = top + ALT_GRUPPO / 2 + 4;
      o.push(`<g class="obiettivo" id="${idUnico(`obiettivo-${ob.numero}`)}">`);
      o.push(
        `<title>${xmlEscape(`Obiettivo ${ob.numero} (peso ${numIt(ob.peso)}%): ${ob.descrizione}\nStruttura responsabile: ${ob.strutturaResponsabile}${r.val ? `\nPunteggio: ${pct(r.val.punteggio)} · ${r.val.spiegazione}` : ''}`)}</title>`,
      );
      o.push(
        `<text x="${MARGINE + 4}" y="${n(base)}" font-size="12" font-weight="bold">${xmlEscape(tronca(`Obiettivo ${ob.numero} · ${ob.descrizione}`, 56))}</text>`,
      );
      if (conPunteggi)
        o.push(
          `<text x="${n(x1 + LARGH_PUNTEGGIO - 4)}" y="${n(base)}" font-size="12" font-weight="bold" text-anchor="end">${xmlEscape(pct(r.val?.punteggio))}</text>`,
        );
      o.push(`</g>`);
      return;
    }
    if (r.tipo === 'indicatore') {
      const ind = r.indicatore;
      const base = top + ALT_GRUPPO / 2 + 4;
      const dettaglio =
        ind.tipo === 'procedurale'
          ? `cronoprogramma di ${ind.fasi.length} fasi`
          : ind.tipo === 'numerico'
            ? `indicatore numerico: target ${numIt(ind.target)}, raggiunto ${ind.raggiunto === undefined ? 'n.d.' : numIt(ind.raggiunto)}${ind.causaEsterna ? ' (neutralizzato: causa esterna)' : ''}`
            : `non valutabile: ${ind.motivazione}`;
      o.push(`<g class="indicatore" id="${idUnico(`indicatore-${ind.codice}`)}">`);
      o.push(
        `<title>${xmlEscape(`Indicatore ${ind.codice} (peso ${numIt(ind.peso)}%): ${ind.descrizione}\n${dettaglio}${r.val ? `\nPunteggio: ${pct(r.val.punteggio)} · ${r.val.spiegazione}` : ''}`)}</title>`,
      );
      o.push(`<text x="${MARGINE + 14}" y="${n(base)}" font-style="italic">${xmlEscape(tronca(`${ind.codice} · ${ind.descrizione}`, 62))}</text>`);
      if (ind.tipo !== 'procedurale') {
        o.push(
          `<text x="${n(x0 + 6)}" y="${n(base)}" font-size="10" fill="#616161">${xmlEscape(tronca(dettaglio, Math.floor(larghGrafico / 5.6) - 2))}</text>`,
        );
      }
      if (conPunteggi)
        o.push(`<text x="${n(x1 + LARGH_PUNTEGGIO - 4)}" y="${n(base)}" font-weight="bold" text-anchor="end">${xmlEscape(pct(r.val?.punteggio))}</text>`);
      o.push(`</g>`);
      return;
    }
    const { fase, indicatore } = r;
    const cosa = `${indicatore.codice} fase ${fase.numero}`;
    const stato = statoFase(fase, opts.oggi);
    const colore = GANTT_COLORI[stato];
    const inizio = giornoDa(fase.inizioPrevisto, cosa);
    const fine = giornoDa(fase.finePrevista, cosa);
    const effettiva = fase.fineEffettiva !== undefined ? giornoDa(fase.fineEffettiva, cosa) : undefined;
    const [s, e] = inizio <= fine ? [inizio, fine] : [fine, inizio];
    const info = [
      `${indicatore.codice} · fase ${fase.numero}: ${fase.descrizione}`,
      `Stato: ${ETICHETTE_STATO[stato]}`,
      `Prevista: ${dataIt(inizio)} - ${dataIt(fine)} (${fine - inizio + 1} giorni)`,
    ];
    if (effettiva !== undefined) {
      const ritardo = effettiva - fine;
      info.push(`Fine effettiva: ${dataIt(effettiva)}${ritardo > 0 ? ` (${ritardo} giorni di ritardo)` : ''}`);
    } else if (stato === 'in-ritardo') {
      info.push(`Non completata: scaduta da ${oggi - fine} giorni`);
    }
    if (fase.ritardoStimatoGiorni !== undefined) info.push(`Ritardo stimato: ${fase.ritardoStimatoGiorni} giorni`);
    if (fase.causaEsterna) info.push(`Causa esterna: ${fase.causaEsterna.giustificazione}`);
    info.push(`Output atteso: ${fase.outputAtteso}`, `Struttura responsabile: ${fase.strutturaResponsabile}`, `Peso: ${numIt(fase.peso)}%`);
    if (fase.notaMonitoraggio) info.push(`Nota di monitoraggio: ${fase.notaMonitoraggio}`);
    if (r.val) info.push(`Punteggio: ${pct(r.val.punteggio)} (${r.val.regola}) · ${r.val.spiegazione}`);

    const baseTesto = top + ALT_RIGA / 2 + 4;
    o.push(`<g class="fase stato-${stato}" id="${idUnico(`fase-${indicatore.codice}-${fase.numero}`)}">`);
    o.push(`<title>${xmlEscape(info.join('\n'))}</title>`);
    o.push(
      `<text class="etichetta" x="${MARGINE + 26}" y="${n(baseTesto)}">${xmlEscape(tronca(`${indicatore.codice} · ${fase.numero} ${fase.descrizione}`, 62))}</text>`,
    );
    o.push(
      `<rect class="prevista" x="${n(xGiorno(s))}" y="${n(top + 4)}" width="${n((e - s + 1) * PX_GIORNO)}" height="12" rx="2" fill="${colore}" fill-opacity="0.45" stroke="${colore}" stroke-width="1"/>`,
    );
    if (effettiva !== undefined) {
      const [es, ee] = inizio <= effettiva ? [inizio, effettiva] : [effettiva, inizio];
      o.push(`<rect class="effettiva" x="${n(xGiorno(es))}" y="${n(top + 18)}" width="${n((ee - es + 1) * PX_GIORNO)}" height="5" fill="${colore}"/>`);
    } else if (stato === 'in-ritardo' && oggi > fine) {
      const fin = Math.min(oggi, a - 1);
      o.push(
        `<rect class="ritardo" x="${n(xGiorno(fine + 1))}" y="${n(top + 18)}" width="${n(Math.max(0, fin - fine) * PX_GIORNO)}" height="5" fill="${colore}" fill-opacity="0.25" stroke="${colore}" stroke-width="0.75" stroke-dasharray="3,2"/>`,
      );
    }
    if (conPunteggi) o.push(`<text x="${n(x1 + LARGH_PUNTEGGIO - 4)}" y="${n(baseTesto)}" text-anchor="end">${xmlEscape(pct(r.val?.punteggio))}</text>`);
    o.push(`</g>`);
  });

  if (elenco.length === 0) {
    o.push(`<text x="${n(x0 + 6)}" y="${Y_ASSE + 18}" fill="#616161">Nessun obiettivo nel piano</text>`);
  }

  // Today
  if (oggi >= da && oggi < a) {
    const xo = xGiorno(oggi + 0.5);
    o.push(`<g id="oggi">`);
    o.push(`<title>${xmlEscape(`oggi: ${dataIt(oggi)}`)}</title>`);
    o.push(`<line id="linea-oggi" x1="${n(xo)}" y1="${Y_ASSE}" x2="${n(xo)}" y2="${n(fondo + 4)}" stroke="${GANTT_COLORI.oggi}" stroke-width="2"/>`);
    o.push(
      `<text x="${n(xo)}" y="${n(fondo + 18)}" text-anchor="middle" font-size="11" font-weight="bold" fill="${GANTT_COLORI.oggi}">oggi ${dataIt(oggi)}</text>`,
    );
    o.push(`</g>`);
  } else {
    o.push(`<text x="${n(x0)}" y="${n(fondo + 18)}" font-size="11" fill="#616161">oggi ${dataIt(oggi)}: fuori dal periodo del grafico</text>`);
  }

  o.push(`</svg>`);
  return o.join('\n');
}
