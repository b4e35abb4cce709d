import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { IspezioneEvent, IspezioneState } from '../../libs/domain/src/ispezioni/ispezione.state';
import { PASSI_ACCERTAMENTO, PASSI_ASSEGNAZIONE } from '../../libs/domain/src/ispezioni/ispezione.state';
import { passi } from '../common/passi';
import type { SorteggioRichiestoInput } from './ispezione.types';

/** Wire names are stable: running workflows and recorded histories depend on them. */
export const statoIspezioneQuery = defineQuery<IspezioneState>('stato');
/** The steps users send: `passiIspezione.accettazione` is the Update 'accettazione', carrying that event's data. */
export const passiIspezione = passi<IspezioneState, IspezioneEvent>()(...PASSI_ASSEGNAZIONE, ...PASSI_ACCERTAMENTO);
/** A dirigente asks for the next draw while the case waits (nobody eligible, or no published period, earlier). */
export const sorteggioRichiestoUpdate = defineUpdate<IspezioneState, [SorteggioRichiestoInput]>('sorteggioRichiesto');
/** Something that could unblock a waiting draw changed (a period was published, the registry changed): try again. */
export const riprovaSorteggioSignal = defineSignal('riprovaSorteggio');
/**
 * PATCH_PASSI_LOCALI: a run started since registers its request, draws, saves its steps and asks its deadlines with
 * local activities, run by the worker inside the workflow task that asks for them (no task-queue round trip each);
 * a run started before keeps its task-queue activities throughout.
 */
export const PATCH_PASSI_LOCALI = 'ispezione-passi-locali';
