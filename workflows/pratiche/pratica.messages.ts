import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PraticaState } from '../../libs/domain/src/pratiche/pratica.state';
import type { DecisioneInput, DocumentoCaricatoInput, DocumentoInput, DocumentoRegistrato, InvioInput } from './pratica.types';

/** Wire names are stable: running workflows and recorded histories depend on them. */
export const statoQuery = defineQuery<PraticaState>('stato');
/** Kept for workflows started before `documento` (their histories carry it); the API sends `documento`. */
export const documentoCaricatoSignal = defineSignal<[DocumentoCaricatoInput]>('documentoCaricato');
export const documentoUpdate = defineUpdate<DocumentoRegistrato, [DocumentoInput]>('documento');
export const invioUpdate = defineUpdate<PraticaState, [InvioInput]>('invio');
export const decisioneUpdate = defineUpdate<PraticaState, [DecisioneInput]>('decisione');
