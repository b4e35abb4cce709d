import type { Actor } from '../auth/roles';
import type { IsoDate } from './ispezioni.types';

/**
 * The life cycle of an inspection after intake (DOMAIN §3), as a pure state machine in the style of decidePratica:
 *
 *   registrata ─assegnata─▶ assegnata ─accettazione─▶ accettata ─primoAccesso─▶ in-corso ─diffida─▶ diffida
 *   registrata ◀─astensione─ assegnata | accettata   (redraw without the abstainer, attempt + 1)
 *   in-corso | diffida ─fineAccertamenti─▶ accertamenti-conclusi ─chiusura─▶ chiusa
 *
 * Manual reassignment (before the first access): riassegnazioneProposta (dirigente or responsabile), then
 * riassegnazioneDecisa (a dirigente other than the proposer), then `assegnata` via 'riassegnazione' applies it.
 *
 * The assigned inspector is identified by their token subject: `Ispettore.id` is the inspector's `Actor.sub`.
 */
export const ISPEZIONE_STATI = ['registrata', 'assegnata', 'accettata', 'in-corso', 'diffida', 'accertamenti-conclusi', 'chiusa'] as const;
export type IspezioneStato = (typeof ISPEZIONE_STATI)[number];

export const ESITI_ISPEZIONE = ['regolare', 'irregolarita-sanate', 'sanzioni', 'notizia-di-reato', 'archiviata'] as const;
export type EsitoIspezione = (typeof ESITI_ISPEZIONE)[number];

export const VIE_ASSEGNAZIONE = ['sorteggio', 'riassegnazione'] as const;
export type ViaAssegnazione = (typeof VIE_ASSEGNAZIONE)[number];

export const ESITI_RIASSEGNAZIONE = ['approvata', 'respinta'] as const;
export type EsitoRiassegnazione = (typeof ESITI_RIASSEGNAZIONE)[number];

/** Minimum length (trimmed) of an abstention's or a reassignment proposal's reason. */
export const MOTIVO_MIN = 10;
/** The diffida's term to comply, in calendar days from the notification date (the notification day not counted). */
export const TERMINE_DIFFIDA_GIORNI = 30;

/** States in which the case may be (re)assigned by hand: before the first access. */
export const STATI_RIASSEGNABILI: readonly IspezioneStato[] = ['registrata', 'assegnata', 'accettata'];
/** States in which the assigned inspector may still abstain. */
export const STATI_ASTENSIONE: readonly IspezioneStato[] = ['assegnata', 'accettata'];

/** A stored document as the inspection knows it: a reference and its SHA-256 (hex), never its bytes. */
export interface RiferimentoDocumento {
  documentoId: string;
  sha256: string;
}

export interface RiassegnazioneProposta {
  ispettoreId: string;
  motivo: string;
  /** The proposer's reason for overriding rotation, when the inspector worked at the company recently. */
  derogaRotazione?: string;
  propostaDa: string;
  propostaIl: string;
  /** 'approvata' once a dirigente other than the proposer approved it; applied by the next `assegnata` event. */
  stato: 'proposta' | 'approvata';
  decisaDa?: string;
  decisaIl?: string;
}

export interface Astensione {
  ispettoreId: string;
  tentativo: number;
  motivo: string;
  il: string;
}

export interface IspezioneState {
  richiestaId: string;
  /** The inspectorate (office) the case belongs to: managers act only on their own office's cases. */
  ispettorato: string;
  stato: IspezioneStato;
  ispettoreId?: string;
  /** Number of the current assignment attempt: 0 before the first draw; each assignment must carry this + 1. */
  tentativo: number;
  /** Inspectors who abstained: never drawn or assigned again for this case. */
  astenuti: string[];
  astensioni: Astensione[];
  /** When the current assignment was made (ISO instant) and how. */
  assegnataIl?: string;
  assegnataVia?: ViaAssegnazione;
  /** When the current assignee accepted (ISO instant). */
  accettataIl?: string;
  riassegnazione?: RiassegnazioneProposta;
  /** How many assignments were made by hand rather than by the draw. */
  riassegnazioniManuali: number;
  primoAccesso?: { data: IsoDate; verbale: RiferimentoDocumento; registratoDa: string; registratoIl: string };
  /** The company's term to comply follows from the notification date and the policy: see `terminiIspezione`. */
  diffida?: { notificataIl: IsoDate; registratoDa: string; registratoIl: string };
  fineAccertamenti?: { data: IsoDate; registratoDa: string; registratoIl: string };
  chiusura?: { esito: EsitoIspezione; verbaleUnico: RiferimentoDocumento; chiusaDa: string; chiusaIl: string };
}

export type IspezioneEvent =
  | { type: 'assegnata'; ispettoreId: string; tentativo: number; via: ViaAssegnazione }
  | { type: 'accettazione'; actor: Actor }
  | { type: 'astensione'; actor: Actor; motivo: string }
  | { type: 'riassegnazioneProposta'; actor: Actor; ispettoreId: string; motivo: string; derogaRotazione?: string }
  | { type: 'riassegnazioneDecisa'; actor: Actor; esito: EsitoRiassegnazione }
  /** An approved reassignment that can no longer be applied: the inspector stopped being eligible before it was. */
  | { type: 'riassegnazioneDecaduta'; motivi: string[] }
  | { type: 'primoAccesso'; actor: Actor; data: IsoDate; verbale: RiferimentoDocumento }
  | { type: 'diffida'; actor: Actor; notificataIl: IsoDate }
  | { type: 'fineAccertamenti'; actor: Actor; data: IsoDate }
  | { type: 'chiusura'; actor: Actor; esito: EsitoIspezione; verbaleUnico: RiferimentoDocumento };

/** The steps of the assignment a user sends, each the workflow Update of its name (workflows/ispezioni). */
export const PASSI_ASSEGNAZIONE = ['accettazione', 'astensione', 'riassegnazioneProposta', 'riassegnazioneDecisa'] as const;
/** The steps of the inspection itself, sent by the inspector assigned (the draw's own events come from the workflow). */
export const PASSI_ACCERTAMENTO = ['primoAccesso', 'diffida', 'fineAccertamenti', 'chiusura'] as const;

/** A state change to be recorded; `actor` is null for an assignment (made by the draw or applying an approval). */
export interface IspezioneTransition {
  azione: IspezioneEvent['type'];
  from: IspezioneStato;
  to: IspezioneStato;
  actor: Actor | null;
  tentativo: number;
  ispettoreId?: string;
  motivazione?: string;
  at: string;
}

export interface IspezioneStep {
  state: IspezioneState;
  transition: IspezioneTransition;
}

export function initialIspezioneState(input: { richiestaId: string; ispettorato: string }): IspezioneState {
  return {
    richiestaId: input.richiestaId,
    ispettorato: input.ispettorato,
    stato: 'registrata',
    tentativo: 0,
    astenuti: [],
    astensioni: [],
    riassegnazioniManuali: 0,
  };
}
