import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { OffertaEvent, OffertaState } from '../../libs/domain/src/collocamento/offerta.state';
import { PASSI_OFFERTA } from '../../libs/domain/src/collocamento/offerta.state';
import { passi } from '../common/passi';
import type { ConAttore, PubblicazioneInput } from './offerta.types';

/** Wire names are stable: running workflows and recorded histories depend on them. */
export const statoOffertaQuery = defineQuery<OffertaState>('stato');
/** The steps users send: `passiOfferta.esito` is the Update 'esito', carrying that event's data. */
export const passiOfferta = passi<OffertaState, OffertaEvent>()(...PASSI_OFFERTA);
/** The publication of the ranking the close computed (the workflow adds what its event needs besides). */
export const pubblicazioneGraduatoriaUpdate = defineUpdate<OffertaState, [PubblicazioneInput]>('graduatoriaPubblicata');
/** Another sending of candidates, whom the workflow reads itself. */
export const rosaSuccessivaUpdate = defineUpdate<OffertaState, [ConAttore]>('rosaSuccessiva');
