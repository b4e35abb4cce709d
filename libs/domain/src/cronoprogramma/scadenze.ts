import { IsHoliday, addDays, addWorkingDays, dataItalianaBreve, isWorkingDay, mondayOf } from '../calendar/calendario';
import type { Fase, IsoDate, PianoDocumento } from './cronoprogramma.types';

/** How a plan's deadlines are chased. Durations are in milliseconds so tests can use near deadlines. */
export interface PoliticaScadenze {
  /** Reminder this many working days before a phase's planned end. */
  preavvisoGiorniLavorativi: number;
  /** After a phase becomes overdue, escalation to the dirigente once this much time has passed. */
  tolleranzaEscalationMs: number;
  /** Send the weekly digest per responsible structure (the first working day of each week). */
  digestSettimanale: boolean;
}

export const POLITICA_PREDEFINITA: PoliticaScadenze = {
  preavvisoGiorniLavorativi: 5,
  tolleranzaEscalationMs: 5 * 86_400_000,
  digestSettimanale: true,
};

export type TipoScadenza = 'promemoria' | 'scaduta' | 'escalation' | 'digest' | 'chiusura';

export interface Scadenza {
  tipo: TipoScadenza;
  /** When it is due (ISO instant, UTC). */
  at: string;
  /** Unique per plan and baseline: an executed key is never executed again. */
  chiave: string;
  /** Who is told: the responsible structure, or the dirigente role. */
  destinatario: { tipo: 'struttura' | 'ruolo'; nome: string };
  indicatore?: string;
  fase?: number;
  /** Phases covered by a digest: "codice#numero". */
  fasi?: string[];
}

/** Parses the ISO 8601 durations plans use (days and time parts, e.g. "P5D", "P1DT12H", "PT30S") into ms. */
export function durataMs(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) throw new Error(`non è una durata ISO 8601 in giorni/ore/minuti/secondi: ${iso}`);
  const [, d, h, min, sec] = m;
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Math.round(Number(sec ?? 0) * 1000);
}

/** The plan's own policy over the defaults. */
export function politicaDelPiano(piano: PianoDocumento): PoliticaScadenze {
  return {
    ...POLITICA_PREDEFINITA,
    ...(piano.scadenze?.preavvisoGiorniLavorativi !== undefined ? { preavvisoGiorniLavorativi: piano.scadenze.preavvisoGiorniLavorativi } : {}),
    ...(piano.scadenze?.tolleranzaEscalation ? { tolleranzaEscalationMs: durataMs(piano.scadenze.tolleranzaEscalation) } : {}),
    ...(piano.scadenze?.digestSettimanale !== undefined ? { digestSettimanale: piano.scadenze.digestSettimanale } : {}),
  };
}

const startOfDay = (d: IsoDate) => `${d}T00:00:00.000Z`;

function fasiDi(piano: PianoDocumento): Array<{ codice: string; fase: Fase }> {
  return piano.aree.flatMap((a) =>
    a.obiettivi.flatMap((o) => o.indicatori.flatMap((i) => (i.tipo === 'procedurale' ? i.fasi.map((fase) => ({ codice: i.codice, fase })) : []))),
  );
}

/**
 * Every deadline of the plan that is still to be acted on at `now`, soonest first: reminders before each open phase's
 * planned end, an overdue alert the day after it, escalation after the tolerance, the weekly digest per structure,
 * and the close of the plan. Keys already in `eseguite` are left out, and so is anything a completed or neutralised
 * phase made moot. A due time in the past means "now" (catch-up after downtime), except reminders for phases
 * already overdue, which the overdue alert supersedes.
 */
export function scadenzeDelPiano(
  piano: PianoDocumento,
  baseline: number,
  politica: PoliticaScadenze,
  isHoliday: IsHoliday,
  eseguite: ReadonlySet<string>,
  now: Date,
): Scadenza[] {
  const oggi = now.toISOString().slice(0, 10);
  const out: Scadenza[] = [];
  const add = (s: Scadenza) => {
    if (!eseguite.has(s.chiave)) out.push(s);
  };

  // After its close date a plan is only monitored (the close notice asks for it): a plan approved then, backdated for
  // its final monitoring, sends none of the phase alerts that came due while it was not yet in the service.
  const chiuso = oggi > piano.chiusura;
  for (const { codice, fase } of chiuso ? [] : fasiDi(piano)) {
    if (fase.fineEffettiva || fase.causaEsterna) continue;
    const ref = `${codice}#${fase.numero}@${fase.finePrevista}/b${baseline}`;
    const struttura = { tipo: 'struttura' as const, nome: fase.strutturaResponsabile };
    const scadutaDal = addDays(fase.finePrevista, 1);
    if (oggi < scadutaDal) {
      const giorno = addWorkingDays(fase.finePrevista, -politica.preavvisoGiorniLavorativi, isHoliday);
      add({ tipo: 'promemoria', at: startOfDay(giorno), chiave: `promemoria:${ref}`, destinatario: struttura, indicatore: codice, fase: fase.numero });
    }
    const scaduta = startOfDay(scadutaDal);
    add({ tipo: 'scaduta', at: scaduta, chiave: `scaduta:${ref}`, destinatario: struttura, indicatore: codice, fase: fase.numero });
    add({
      tipo: 'escalation',
      at: new Date(Date.parse(scaduta) + politica.tolleranzaEscalationMs).toISOString(),
      chiave: `escalation:${ref}`,
      destinatario: { tipo: 'ruolo', nome: 'dirigente' },
      indicatore: codice,
      fase: fase.numero,
    });
  }

  if (politica.digestSettimanale && oggi <= piano.chiusura) {
    // This week's digest (if not sent yet) and next week's, per structure with open phases.
    const perStruttura = new Map<string, string[]>();
    for (const { codice, fase } of fasiDi(piano)) {
      if (fase.fineEffettiva || fase.causaEsterna) continue;
      const list = perStruttura.get(fase.strutturaResponsabile) ?? [];
      list.push(`${codice}#${fase.numero}`);
      perStruttura.set(fase.strutturaResponsabile, list);
    }
    for (const lunedi of [mondayOf(oggi), addDays(mondayOf(oggi), 7)]) {
      // On the week's first working day (Tuesday after Easter Monday); keyed by the week, so sent once a week.
      let giorno = lunedi;
      while (!isWorkingDay(giorno, isHoliday) && giorno < addDays(lunedi, 4)) giorno = addDays(giorno, 1);
      for (const [nome, fasi] of perStruttura) {
        add({ tipo: 'digest', at: `${giorno}T07:00:00.000Z`, chiave: `digest:${nome}@${lunedi}`, destinatario: { tipo: 'struttura', nome }, fasi });
      }
    }
  }

  add({
    tipo: 'chiusura',
    at: startOfDay(addDays(piano.chiusura, 1)),
    chiave: `chiusura:${piano.chiusura}`,
    destinatario: { tipo: 'ruolo', nome: 'dirigente' },
  });

  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.chiave < b.chiave ? -1 : 1));
}

/**
 * The text of a deadline's notice: the phase by number and description, with the planned end the alert is about
 * (not the instant the alert fires, which for a reminder is days earlier). Pure.
 */
export function testoScadenza(piano: PianoDocumento, s: Scadenza): string {
  if (s.tipo === 'digest') return `Fasi aperte di ${s.destinatario.nome}: ${(s.fasi ?? []).join(', ')}`;
  if (s.tipo === 'chiusura') return `Il piano ${piano.titolo} è chiuso alla pianificazione: procedere al monitoraggio finale.`;
  const ind = piano.aree
    .flatMap((a) => a.obiettivi)
    .flatMap((o) => o.indicatori)
    .find((i) => i.codice === s.indicatore);
  const fase = ind && ind.tipo === 'procedurale' ? ind.fasi.find((f) => f.numero === s.fase) : undefined;
  const nome = `la fase ${s.fase}${fase ? ` «${fase.descrizione}»` : ''} dell'indicatore ${s.indicatore}`;
  const fine = fase ? dataItalianaBreve(fase.finePrevista) : 'data non più in piano';
  switch (s.tipo) {
    case 'promemoria':
      return `${piano.titolo}: ${nome} ha fine prevista il ${fine}.`;
    case 'scaduta':
      return `${piano.titolo}: ${nome} aveva fine prevista il ${fine} e non risulta conclusa.`;
    default:
      return `${piano.titolo}: ${nome} aveva fine prevista il ${fine} e non è ancora conclusa: segnalata al dirigente.`;
  }
}
