import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { OffertaState } from '../../libs/domain/src/collocamento/offerta.state';
import type { AnnullamentoInput, ConAttore, CongruitaInput, EsitoInput, PubblicazioneInput, RettificaEsitoInput, RosaInput } from './offerta.types';

/** Wire names are stable: running workflows and recorded histories depend on them. */
export const statoOffertaQuery = defineQuery<OffertaState>('stato');
export const congruitaUpdate = defineUpdate<OffertaState, [CongruitaInput]>('congruita');
export const pubblicazioneGraduatoriaUpdate = defineUpdate<OffertaState, [PubblicazioneInput]>('graduatoriaPubblicata');
export const rosaUpdate = defineUpdate<OffertaState, [RosaInput]>('rosaInviata');
export const esitoUpdate = defineUpdate<OffertaState, [EsitoInput]>('esito');
export const annullamentoUpdate = defineUpdate<OffertaState, [AnnullamentoInput]>('annullamento');
export const rettificaEsitoUpdate = defineUpdate<OffertaState, [RettificaEsitoInput]>('rettificaEsito');
export const rosaSuccessivaUpdate = defineUpdate<OffertaState, [ConAttore]>('rosaSuccessiva');
