import type { Actor, Role } from '../auth/roles';
import { parseIsoDate } from '../calendar/calendario';
import { dataItaliana } from '../calendar/ora-italiana';
import { guardiaMotivo, guardiaRuolo, guardiaStato, guardiaUfficio } from '../common/guardie';
import { Decision, RuleViolation, accept, refuse } from '../common/violation';
import type { IsoDate } from './ispezioni.types';
import {
  ESITI_ISPEZIONE,
  ESITI_RIASSEGNAZIONE,
  IspezioneEvent,
  IspezioneState,
  IspezioneStato,
  IspezioneStep,
  IspezioneTransition,
  MOTIVO_MIN,
  RiassegnazioneProposta,
  RiferimentoDocumento,
  STATI_ASTENSIONE,
  STATI_RIASSEGNABILI,
  VIE_ASSEGNAZIONE,
} from './ispezione.state';

const RUOLI_PROPOSTA: readonly Role[] = ['dirigente', 'responsabile'];
const RUOLI_DECISIONE: readonly Role[] = ['dirigente'];

// ---- rules shared by several events ----

function nonChiusa(state: IspezioneState): RuleViolation[] {
  return state.stato === 'chiusa' ? [{ rule: 'ispezione-chiusa', field: 'stato', message: "l'ispezione è chiusa", found: state.stato }] : [];
}

/** A closed inspection is refused by nonChiusa alone. */
function statoAmmesso(state: IspezioneState, ammessi: readonly IspezioneStato[], azione: string): RuleViolation[] {
  if (state.stato === 'chiusa') return [];
  return guardiaStato(state.stato, ammessi, `${azione}: possibile solo con l'ispezione in stato ${ammessi.join(' o ')}`);
}

function ispettoreAssegnato(state: IspezioneState, actor: Actor): RuleViolation[] {
  return state.ispettoreId !== undefined && actor.sub === state.ispettoreId
    ? []
    : [{ rule: 'ispettore-assegnato', field: 'actor', message: "può farlo solo l'ispettore assegnato", found: actor.sub, limit: state.ispettoreId ?? null }];
}

const ufficio = (state: IspezioneState, actor: Actor) =>
  guardiaUfficio(actor, state.ispettorato, `l'ispezione è di competenza dell'ispettorato ${state.ispettorato}`);
const ruolo = (actor: Actor, ammessi: readonly Role[]) => guardiaRuolo(actor, ammessi, `può farlo solo ${ammessi.join(' o ')}`);
const motivo = (testo: string | undefined, field: string) => guardiaMotivo(testo, field, MOTIVO_MIN);

const SHA256 = /^[0-9a-f]{64}$/;

function documento(ref: RiferimentoDocumento | undefined, field: string): RuleViolation[] {
  const ok = !!ref && typeof ref.documentoId === 'string' && ref.documentoId.trim() !== '' && typeof ref.sha256 === 'string' && SHA256.test(ref.sha256);
  return ok
    ? []
    : [
        {
          rule: 'documento-non-valido',
          field,
          message: 'serve il riferimento a un documento archiviato (documentoId e SHA-256 esadecimale minuscolo)',
          found: ref ?? null,
        },
      ];
}

/**
 * Checks a calendar date an inspector reports: a real date, not later than today in Italy, not before `nonPrima`
 * (the earlier step it follows). Returns the violations found.
 */
function dataRiportata(d: IsoDate, field: string, now: Date, nonPrima?: { data: IsoDate; cosa: string }): RuleViolation[] {
  try {
    parseIsoDate(d);
  } catch {
    return [{ rule: 'data-non-valida', field, message: 'serve una data di calendario AAAA-MM-GG', found: d }];
  }
  const out: RuleViolation[] = [];
  const oggi = dataItaliana(now);
  if (d > oggi) out.push({ rule: 'data-futura', field, message: 'la data non può essere futura', found: d, limit: oggi });
  if (nonPrima && d < nonPrima.data) {
    out.push({ rule: 'data-precedente', field, message: `la data non può precedere ${nonPrima.cosa}`, found: d, limit: nonPrima.data });
  }
  return out;
}

const isoDay = (instant: string | undefined): IsoDate | undefined => instant?.slice(0, 10);

/**
 * The inspection's rules: given the current state, an event and the time, either the next state and the transition
 * to record, or every rule the event breaks. Pure: the workflow calls it from its Update validators (to refuse) and
 * from its handlers (to apply). The life cycle is drawn on ISPEZIONE_STATI (ispezione.state.ts).
 */
export function decideIspezione(state: IspezioneState, event: IspezioneEvent, now: Date): Decision<IspezioneStep> {
  const at = now.toISOString();
  const step = (next: IspezioneState, actor: Actor | null, extra: Partial<IspezioneTransition> = {}): Decision<IspezioneStep> =>
    accept({
      state: next,
      transition: { azione: event.type, from: state.stato, to: next.stato, actor, tentativo: next.tentativo, ispettoreId: next.ispettoreId, ...extra, at },
    });

  switch (event.type) {
    case 'assegnata': {
      const v = [...nonChiusa(state)];
      const via = event.via;
      if (!(VIE_ASSEGNAZIONE as readonly string[]).includes(via)) {
        v.push({ rule: 'via-ammessa', field: 'via', message: `via: una tra ${VIE_ASSEGNAZIONE.join(', ')}`, found: via, limit: VIE_ASSEGNAZIONE });
      } else if (via === 'sorteggio') {
        v.push(...statoAmmesso(state, ['registrata'], "l'assegnazione per sorteggio"));
      } else {
        v.push(...statoAmmesso(state, STATI_RIASSEGNABILI, 'la riassegnazione manuale'));
        if (state.riassegnazione?.stato !== 'approvata') {
          v.push({
            rule: 'riassegnazione-non-approvata',
            field: 'riassegnazione',
            message: 'la riassegnazione manuale richiede una proposta approvata',
            found: state.riassegnazione?.stato ?? null,
            limit: 'approvata',
          });
        } else if (state.riassegnazione.ispettoreId !== event.ispettoreId) {
          v.push({
            rule: 'ispettore-non-approvato',
            field: 'ispettoreId',
            message: "l'ispettore è diverso da quello approvato",
            found: event.ispettoreId,
            limit: state.riassegnazione.ispettoreId,
          });
        }
      }
      if (!event.ispettoreId || event.ispettoreId.trim() === '') {
        v.push({ rule: 'ispettore-mancante', field: 'ispettoreId', message: "serve l'ispettore assegnato", found: event.ispettoreId });
      }
      if (state.astenuti.includes(event.ispettoreId)) {
        v.push({
          rule: 'ispettore-astenuto',
          field: 'ispettoreId',
          message: "l'ispettore si è astenuto da questa ispezione",
          found: event.ispettoreId,
          limit: state.astenuti,
        });
      }
      if (event.tentativo !== state.tentativo + 1) {
        v.push({
          rule: 'tentativo-atteso',
          field: 'tentativo',
          message: `la prossima assegnazione è il tentativo ${state.tentativo + 1}`,
          found: event.tentativo,
          limit: state.tentativo + 1,
        });
      }
      if (v.length) return refuse(...v);
      const manuale = via === 'riassegnazione';
      return step(
        {
          ...state,
          stato: 'assegnata',
          ispettoreId: event.ispettoreId,
          tentativo: event.tentativo,
          assegnataIl: at,
          assegnataVia: via,
          accettataIl: undefined,
          riassegnazione: manuale ? undefined : state.riassegnazione,
          riassegnazioniManuali: state.riassegnazioniManuali + (manuale ? 1 : 0),
        },
        null,
        manuale && state.riassegnazione ? { motivazione: state.riassegnazione.motivo } : {},
      );
    }

    case 'accettazione': {
      const v = [...nonChiusa(state), ...statoAmmesso(state, ['assegnata'], "l'accettazione"), ...ispettoreAssegnato(state, event.actor)];
      if (v.length) return refuse(...v);
      return step({ ...state, stato: 'accettata', accettataIl: at }, event.actor);
    }

    case 'astensione': {
      const m = motivo(event.motivo, 'motivo');
      const v = [...nonChiusa(state), ...statoAmmesso(state, STATI_ASTENSIONE, "l'astensione"), ...ispettoreAssegnato(state, event.actor), ...m.violations];
      if (v.length) return refuse(...v);
      const chi = event.actor.sub;
      return step(
        {
          ...state,
          stato: 'registrata',
          ispettoreId: undefined,
          assegnataIl: undefined,
          assegnataVia: undefined,
          accettataIl: undefined,
          astenuti: state.astenuti.includes(chi) ? state.astenuti : [...state.astenuti, chi],
          astensioni: [...state.astensioni, { ispettoreId: chi, tentativo: state.tentativo, motivo: m.motivo, il: at }],
        },
        event.actor,
        { ispettoreId: chi, motivazione: m.motivo },
      );
    }

    case 'riassegnazioneProposta': {
      const m = motivo(event.motivo, 'motivo');
      const v = [
        ...nonChiusa(state),
        ...statoAmmesso(state, STATI_RIASSEGNABILI, 'la proposta di riassegnazione'),
        ...ruolo(event.actor, RUOLI_PROPOSTA),
        ...ufficio(state, event.actor),
        ...m.violations,
      ];
      if (state.riassegnazione) {
        v.push({ rule: 'riassegnazione-in-corso', field: 'riassegnazione', message: 'una riassegnazione è già in corso', found: state.riassegnazione.stato });
      }
      if (!event.ispettoreId || event.ispettoreId.trim() === '') {
        v.push({ rule: 'ispettore-mancante', field: 'ispettoreId', message: "serve l'ispettore proposto", found: event.ispettoreId });
      }
      if (event.ispettoreId && event.ispettoreId === state.ispettoreId) {
        v.push({ rule: 'ispettore-gia-assegnato', field: 'ispettoreId', message: "l'ispettore proposto è già assegnato", found: event.ispettoreId });
      }
      if (state.astenuti.includes(event.ispettoreId)) {
        v.push({
          rule: 'ispettore-astenuto',
          field: 'ispettoreId',
          message: "l'ispettore si è astenuto da questa ispezione",
          found: event.ispettoreId,
          limit: state.astenuti,
        });
      }
      if (event.ispettoreId === event.actor.sub) {
        v.push({ rule: 'auto-assegnazione', field: 'ispettoreId', message: "nessuno può proporre sé stesso per un'ispezione", found: event.ispettoreId });
      }
      if (v.length) return refuse(...v);
      const deroga = event.derogaRotazione?.trim();
      return step(
        {
          ...state,
          riassegnazione: {
            ispettoreId: event.ispettoreId,
            motivo: m.motivo,
            ...(deroga ? { derogaRotazione: deroga } : {}),
            propostaDa: event.actor.sub,
            propostaIl: at,
            stato: 'proposta',
          },
        },
        event.actor,
        { ispettoreId: event.ispettoreId, motivazione: m.motivo },
      );
    }

    case 'riassegnazioneDecisa': {
      // A refusal is always possible (it only drops the proposal); an approval only while reassignment still applies.
      const v = [
        ...nonChiusa(state),
        ...(event.esito === 'approvata' ? statoAmmesso(state, STATI_RIASSEGNABILI, "l'approvazione di una riassegnazione") : []),
        ...ruolo(event.actor, RUOLI_DECISIONE),
        ...ufficio(state, event.actor),
      ];
      const proposta = state.riassegnazione;
      if (!proposta || proposta.stato !== 'proposta') {
        v.push({
          rule: 'riassegnazione-assente',
          field: 'riassegnazione',
          message: 'non ci sono proposte di riassegnazione in attesa di decisione',
          found: proposta?.stato ?? null,
          limit: 'proposta',
        });
      } else {
        if (proposta.propostaDa === event.actor.sub) {
          v.push({ rule: 'separazione-compiti', field: 'actor', message: 'chi ha proposto la riassegnazione non può deciderla', found: event.actor.sub });
        }
        if (proposta.ispettoreId === event.actor.sub) {
          v.push({ rule: 'auto-assegnazione', field: 'actor', message: 'nessuno può decidere sulla propria assegnazione', found: event.actor.sub });
        }
      }
      if (!(ESITI_RIASSEGNAZIONE as readonly string[]).includes(event.esito)) {
        v.push({
          rule: 'esito-ammesso',
          field: 'esito',
          message: `esito: uno tra ${ESITI_RIASSEGNAZIONE.join(', ')}`,
          found: event.esito,
          limit: ESITI_RIASSEGNAZIONE,
        });
      }
      if (v.length || !proposta) return refuse(...v);
      const riassegnazione: RiassegnazioneProposta | undefined =
        event.esito === 'approvata' ? { ...proposta, stato: 'approvata', decisaDa: event.actor.sub, decisaIl: at } : undefined;
      return step({ ...state, riassegnazione }, event.actor, { ispettoreId: proposta.ispettoreId, motivazione: `${event.esito}: ${proposta.motivo}` });
    }

    case 'riassegnazioneDecaduta': {
      if (state.riassegnazione?.stato !== 'approvata') {
        return refuse({
          rule: 'riassegnazione-assente',
          field: 'riassegnazione',
          message: "non c'è una riassegnazione approvata da annullare",
          found: state.riassegnazione?.stato ?? null,
          limit: 'approvata',
        });
      }
      const proposta = state.riassegnazione;
      return step({ ...state, riassegnazione: undefined }, null, {
        ispettoreId: proposta.ispettoreId,
        motivazione: `riassegnazione non applicabile: ${event.motivi.join('; ')}`,
      });
    }

    case 'primoAccesso': {
      const v = [
        ...nonChiusa(state),
        ...statoAmmesso(state, ['accettata'], 'il primo accesso'),
        ...ispettoreAssegnato(state, event.actor),
        ...dataRiportata(event.data, 'data', now, state.accettataIl ? { data: isoDay(state.accettataIl) as IsoDate, cosa: "l'accettazione" } : undefined),
        ...documento(event.verbale, 'verbale'),
      ];
      if (v.length) return refuse(...v);
      return step(
        {
          ...state,
          stato: 'in-corso',
          primoAccesso: {
            data: event.data,
            verbale: { documentoId: event.verbale.documentoId, sha256: event.verbale.sha256 },
            registratoDa: event.actor.sub,
            registratoIl: at,
          },
        },
        event.actor,
      );
    }

    case 'diffida': {
      const v = [
        ...nonChiusa(state),
        ...statoAmmesso(state, ['in-corso'], 'la diffida'),
        ...ispettoreAssegnato(state, event.actor),
        ...dataRiportata(event.notificataIl, 'notificataIl', now, state.primoAccesso ? { data: state.primoAccesso.data, cosa: 'il primo accesso' } : undefined),
      ];
      if (v.length) return refuse(...v);
      return step(
        {
          ...state,
          stato: 'diffida',
          diffida: { notificataIl: event.notificataIl, registratoDa: event.actor.sub, registratoIl: at },
        },
        event.actor,
      );
    }

    case 'fineAccertamenti': {
      const precedente = state.diffida
        ? { data: state.diffida.notificataIl, cosa: 'la notifica della diffida' }
        : state.primoAccesso
          ? { data: state.primoAccesso.data, cosa: 'il primo accesso' }
          : undefined;
      const v = [
        ...nonChiusa(state),
        ...statoAmmesso(state, ['in-corso', 'diffida'], 'la fine degli accertamenti'),
        ...ispettoreAssegnato(state, event.actor),
        ...dataRiportata(event.data, 'data', now, precedente),
      ];
      if (v.length) return refuse(...v);
      return step(
        { ...state, stato: 'accertamenti-conclusi', fineAccertamenti: { data: event.data, registratoDa: event.actor.sub, registratoIl: at } },
        event.actor,
      );
    }

    case 'chiusura': {
      const v = [
        ...nonChiusa(state),
        ...statoAmmesso(state, ['accertamenti-conclusi'], 'la chiusura'),
        ...ispettoreAssegnato(state, event.actor),
        ...documento(event.verbaleUnico, 'verbaleUnico'),
      ];
      if (!(ESITI_ISPEZIONE as readonly string[]).includes(event.esito)) {
        v.push({ rule: 'esito-ammesso', field: 'esito', message: `esito: uno tra ${ESITI_ISPEZIONE.join(', ')}`, found: event.esito, limit: ESITI_ISPEZIONE });
      }
      if (v.length) return refuse(...v);
      return step(
        {
          ...state,
          stato: 'chiusa',
          chiusura: {
            esito: event.esito,
            verbaleUnico: { documentoId: event.verbaleUnico.documentoId, sha256: event.verbaleUnico.sha256 },
            chiusaDa: event.actor.sub,
            chiusaIl: at,
          },
        },
        event.actor,
        { motivazione: event.esito },
      );
    }
  }
}

/**
 * A dirigente's request for the next draw while the case waits for an inspector (nobody eligible, or no published
 * period, at the last attempt). Each attempt is drawn once: asking again for an attempt already drawn is refused, so
 * nobody can redraw until a wished outcome comes up. No transition: the workflow draws again when it accepts it.
 */
export function verificaSorteggioRichiesto(state: IspezioneState, actor: Actor, tentativo: number): RuleViolation[] {
  const v = guardiaRuolo(actor, RUOLI_DECISIONE, 'solo il dirigente può chiedere il sorteggio');
  if (tentativo <= state.tentativo)
    v.push({
      rule: 'tentativo-gia-sorteggiato',
      field: 'tentativo',
      message: `il tentativo ${tentativo} è già stato sorteggiato`,
      found: tentativo,
      limit: state.tentativo + 1,
    });
  else if (tentativo !== state.tentativo + 1)
    v.push({
      rule: 'tentativo-atteso',
      field: 'tentativo',
      message: `il prossimo tentativo è il ${state.tentativo + 1}`,
      found: tentativo,
      limit: state.tentativo + 1,
    });
  return [...v, ...guardiaStato(state.stato, ['registrata'], 'il sorteggio è possibile solo mentre la richiesta attende un ispettore')];
}
