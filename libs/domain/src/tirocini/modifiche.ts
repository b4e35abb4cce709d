import type { StatoTirocinio } from './tirocinio.state';
import { TIPI_DOCUMENTO_TIROCINIO, TipoDocumentoTirocinio } from './tirocini.types';

/** States in which the submitter changes the project and its documents: the draft, and an integration asked for. */
export const STATI_MODIFICABILI: readonly StatoTirocinio[] = ['bozza', 'integrazioni-richieste'];
/** The attendance register is also kept during the traineeship and after its end (months still missing). */
export const STATI_REGISTRO_PRESENZE: readonly StatoTirocinio[] = ['attiva', 'sospesa', 'conclusa', 'interrotta'];

/** Documents the submitter attaches: every kind but the attestazione, which the procedure generates. */
export const DOCUMENTI_CARICABILI: readonly TipoDocumentoTirocinio[] = TIPI_DOCUMENTO_TIROCINIO.filter((t) => t !== 'attestazione-finale');

/** The states in which a document of this kind may be attached. */
export function statiCaricamento(tipo: TipoDocumentoTirocinio): readonly StatoTirocinio[] {
  return tipo === 'registro-presenze' ? STATI_REGISTRO_PRESENZE : STATI_MODIFICABILI;
}

/**
 * What an integration cannot change: the procedure already runs on the parties, the dates and the hours (an
 * integration completes the practice, it does not make another one).
 */
export const CAMPI_FISSI_IN_INTEGRAZIONE = [
  'promotoreId',
  'ospitanteId',
  'sedeId',
  'tirocinanteId',
  'tutorOspitanteId',
  'tutorPromotoreId',
  'dataInizio',
  'dataFine',
  'oreSettimanali',
] as const;
export type CampoFisso = (typeof CAMPI_FISSI_IN_INTEGRAZIONE)[number];

/** The fixed fields the amended project changes (compared as text: the stored project is JSON). */
export function campiFissiCambiati(prima: Partial<Record<CampoFisso, unknown>>, dopo: Partial<Record<CampoFisso, unknown>>): CampoFisso[] {
  return CAMPI_FISSI_IN_INTEGRAZIONE.filter((k) => String(prima[k]) !== String(dopo[k]));
}
