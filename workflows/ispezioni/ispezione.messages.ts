import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { IspezioneState } from '../../libs/domain/src/ispezioni/ispezione.state';
import type {
  AstensioneInput,
  ChiusuraInput,
  ConAttore,
  DecisioneRiassegnazioneInput,
  DiffidaInput,
  FineAccertamentiInput,
  PrimoAccessoInput,
  RiassegnazioneInput,
  SorteggioRichiestoInput,
} from './ispezione.types';

/** Wire names are stable: running workflows and recorded histories depend on them. */
export const statoIspezioneQuery = defineQuery<IspezioneState>('stato');
export const accettazioneUpdate = defineUpdate<IspezioneState, [ConAttore]>('accettazione');
export const astensioneUpdate = defineUpdate<IspezioneState, [AstensioneInput]>('astensione');
export const riassegnazioneUpdate = defineUpdate<IspezioneState, [RiassegnazioneInput]>('riassegnazioneProposta');
export const decisioneRiassegnazioneUpdate = defineUpdate<IspezioneState, [DecisioneRiassegnazioneInput]>('riassegnazioneDecisa');
export const primoAccessoUpdate = defineUpdate<IspezioneState, [PrimoAccessoInput]>('primoAccesso');
export const diffidaUpdate = defineUpdate<IspezioneState, [DiffidaInput]>('diffida');
export const fineAccertamentiUpdate = defineUpdate<IspezioneState, [FineAccertamentiInput]>('fineAccertamenti');
export const chiusuraUpdate = defineUpdate<IspezioneState, [ChiusuraInput]>('chiusura');
/** A dirigente asks for the next draw while the case waits (nobody eligible, or no published period, earlier). */
export const sorteggioRichiestoUpdate = defineUpdate<IspezioneState, [SorteggioRichiestoInput]>('sorteggioRichiesto');
/** Something that could unblock a waiting draw changed (a period was published, the registry changed): try again. */
export const riprovaSorteggioSignal = defineSignal('riprovaSorteggio');
