import { Decision, refuse } from '../common/violation';
import { SETTIMANE_MAX_PRESENZE_MESE, tettoPresenzeMese } from './durata';
import type { IsoDate } from './tirocini.types';
import { ContestoTirocinio, motivazione, persona, statoAmmesso } from './tirocinio.guardie';
import { Attestazione, PresenzaMensile, RUOLI_EVENTO_TIROCINIO, RegoleStoriche, TirocinioEvent, TirocinioState, TirocinioStep } from './tirocinio.state';
import { esitoPresenze, fineTirocinio } from './tirocinio.views';

type EventoPresenze = Extract<TirocinioEvent, { type: 'presenze' | 'esitoAttestazione' }>;

const meseDi = (d: IsoDate) => d.slice(0, 7);

/** A number as Italian users write it: 37,5. */
const numero = (x: number) => String(x).replace('.', ',');
const plurale = (n: number, uno: string, molti: string) => `${n} ${n === 1 ? uno : molti}`;

const SHA256 = /^[0-9a-f]{64}$/;
const MESE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The monthly attendance register and the attestazione's outcome. */
export function decidePresenze(
  state: TirocinioState,
  event: EventoPresenze,
  { il, oggi, step }: ContestoTirocinio,
  storiche: RegoleStoriche,
): Decision<TirocinioStep> {
  switch (event.type) {
    case 'presenze': {
      const v = [
        ...statoAmmesso(state, ['attiva', 'sospesa', 'conclusa', 'interrotta'], 'la registrazione delle presenze'),
        ...persona(state, event.actor, RUOLI_EVENTO_TIROCINIO.presenze),
      ];
      if (state.attestazione) {
        v.push({ rule: 'attestazione-registrata', field: 'attestazione', message: "l'esito dell'attestazione è già registrato: le presenze non cambiano più" });
      }
      const mese = event.mese;
      const ore = event.ore;
      let meseNelPeriodo = false;
      if (typeof mese !== 'string' || !MESE.test(mese)) {
        v.push({ rule: 'mese-non-valido', field: 'mese', message: 'il mese è nella forma AAAA-MM', found: mese });
      } else {
        const fine = state.stato === 'conclusa' ? state.dataFineEffettiva : state.stato === 'interrotta' ? state.interruzione?.data : undefined;
        if (mese < meseDi(state.dataInizio) || (fine !== undefined && mese > meseDi(fine))) {
          v.push({
            rule: 'mese-fuori-periodo',
            field: 'mese',
            message: 'il mese non rientra nel periodo del tirocinio',
            found: mese,
            limit: [meseDi(state.dataInizio), fine ? meseDi(fine) : null],
          });
        } else {
          meseNelPeriodo = true;
        }
        if (mese > meseDi(oggi))
          v.push({ rule: 'mese-futuro', field: 'mese', message: 'non si registrano presenze di mesi futuri', found: mese, limit: meseDi(oggi) });
      }
      const centesimi = Math.round(ore * 100);
      if (typeof ore !== 'number' || !Number.isFinite(ore) || ore < 0 || Math.abs(ore * 100 - centesimi) > 1e-6) {
        v.push({ rule: 'ore-non-valide', field: 'ore', message: 'le ore sono un numero ≥ 0 con al più due decimali', found: ore });
      } else if (storiche.tettoPresenzeFisso) {
        if (centesimi > Math.round(state.oreSettimanali * 100) * SETTIMANE_MAX_PRESENZE_MESE) {
          v.push({
            rule: 'ore-oltre-massimo',
            field: 'ore',
            message: `le ore di un mese non possono superare ${SETTIMANE_MAX_PRESENZE_MESE} settimane di orario`,
            found: ore,
            limit: state.oreSettimanali * SETTIMANE_MAX_PRESENZE_MESE,
          });
        }
      } else if (meseNelPeriodo) {
        // A month outside the period is refused for that already; the cap speaks of the months inside it.
        const tetto = tettoPresenzeMese(mese, state.dataInizio, fineTirocinio(state), state.oreSettimanali, state.sospensioni);
        if (centesimi > tetto.centesimi) {
          const limite = tetto.centesimi / 100;
          v.push({
            rule: 'ore-oltre-massimo',
            field: 'ore',
            message:
              `le ore del mese non possono superare ${numero(limite)} (${plurale(tetto.settimane, 'settimana', 'settimane')} di orario): ` +
              `${plurale(tetto.giorniNelPeriodo, 'giorno', 'giorni')} del tirocinio nel mese, ${plurale(tetto.giorniSospesi, 'sospeso', 'sospesi')}`,
            found: ore,
            limit: limite,
          });
        }
      }
      const esistente = state.presenze.find((p) => p.mese === mese);
      if (esistente && !event.rettifica) {
        v.push({
          rule: 'presenze-gia-registrate',
          field: 'mese',
          message: 'le presenze del mese sono già registrate: per cambiarle serve una rettifica',
          found: mese,
        });
      }
      if (!esistente && event.rettifica) {
        v.push({ rule: 'rettifica-senza-presenze', field: 'rettifica', message: 'non ci sono presenze da rettificare per il mese', found: mese });
      }
      if (v.length) return refuse(...v);
      const record: PresenzaMensile = { mese, ore, registrataDa: event.actor.sub, registrataIl: il, rettifiche: esistente ? esistente.rettifiche + 1 : 0 };
      const presenze = [...state.presenze.filter((p) => p.mese !== mese), record].sort((a, b) => (a.mese < b.mese ? -1 : 1));
      return step({ ...state, presenze }, event.actor.sub, {
        dettagli: { mese, ore, ...(esistente ? { orePrecedenti: esistente.ore, rettifica: true } : {}) },
      });
    }

    case 'esitoAttestazione': {
      const v = statoAmmesso(state, ['conclusa', 'interrotta'], "l'esito dell'attestazione");
      if (state.attestazione) v.push({ rule: 'attestazione-gia-registrata', field: 'attestazione', message: "l'esito dell'attestazione è già registrato" });
      const a = event.attestazione;
      const presenze = esitoPresenze(state);
      let motivo: string | undefined;
      if (a?.emessa === true) {
        if (typeof a.documentoId !== 'string' || a.documentoId.trim() === '' || typeof a.sha256 !== 'string' || !SHA256.test(a.sha256)) {
          v.push({
            rule: 'documento-non-valido',
            field: 'attestazione',
            message: 'serve il riferimento al documento (documentoId e SHA-256 esadecimale minuscolo)',
            found: a,
          });
        }
        if (!presenze.sufficiente) {
          v.push({
            rule: 'presenze-insufficienti',
            field: 'presenze',
            message: `le presenze (${presenze.percentuale}%) non raggiungono la soglia del ${Math.round(presenze.soglia * 1000) / 10}% delle ore previste`,
            found: presenze.orePresenza,
            limit: presenze.oreProgrammate,
          });
        }
      } else if (a?.emessa === false) {
        const m = motivazione(a.motivo, 'attestazione.motivo');
        v.push(...m.violations);
        motivo = m.motivo;
      } else {
        v.push({ rule: 'esito-ammesso', field: 'attestazione', message: 'esito: emessa true (con documento) o false (con motivo)', found: a });
      }
      if (v.length) return refuse(...v);
      const attestazione: Attestazione = a.emessa
        ? { emessa: true, documentoId: a.documentoId, sha256: a.sha256, il }
        : { emessa: false, motivo: motivo as string, il };
      return step({ ...state, attestazione }, null, {
        motivo,
        dettagli: { emessa: a.emessa, orePresenza: presenze.orePresenza, oreProgrammate: presenze.oreProgrammate, percentuale: presenze.percentuale },
      });
    }
  }
}
