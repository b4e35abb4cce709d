import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { TirocinioState } from '../../libs/domain/src/tirocini/tirocinio.state';
import type {
  ComunicazioneInput,
  DecisioneInput,
  IntegrazioneInput,
  InterruzioneInput,
  PresenzeInput,
  ProrogaInput,
  RipresaInput,
  RitiroInput,
  SospensioneInput,
} from './tirocinio.types';

/** Wire names are stable: running workflows and recorded histories depend on them. */
export const statoTirocinioQuery = defineQuery<TirocinioState>('stato');
export const decisioneUpdate = defineUpdate<TirocinioState, [DecisioneInput]>('decisione');
export const integrazioneUpdate = defineUpdate<TirocinioState, [IntegrazioneInput]>('integrazione');
export const comunicazioneUpdate = defineUpdate<TirocinioState, [ComunicazioneInput]>('comunicazioneObbligatoria');
export const presenzeUpdate = defineUpdate<TirocinioState, [PresenzeInput]>('presenze');
export const sospensioneUpdate = defineUpdate<TirocinioState, [SospensioneInput]>('sospensione');
export const ripresaUpdate = defineUpdate<TirocinioState, [RipresaInput]>('ripresa');
export const prorogaUpdate = defineUpdate<TirocinioState, [ProrogaInput]>('proroga');
export const interruzioneUpdate = defineUpdate<TirocinioState, [InterruzioneInput]>('interruzione');
export const ritiroUpdate = defineUpdate<TirocinioState, [RitiroInput]>('ritiro');

/**
 * Patch ids (Temporal `patched()`), stable like the wire names: recorded histories carry them as markers.
 * PATCH_TETTO_PRESENZE: the monthly attendance cap became prorated to the month's days in the period
 * (tettoPresenzeMese); a presenze Update accepted before under the fixed 5-week cap is decided again with it on replay.
 */
export const PATCH_TETTO_PRESENZE = 'tirocinio-tetto-presenze-proporzionato';
