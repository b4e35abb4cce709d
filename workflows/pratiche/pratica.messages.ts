import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PraticaEvent, PraticaState } from '../../libs/domain/src/pratiche/pratica.state';
import { PASSI_PRATICA } from '../../libs/domain/src/pratiche/pratica.state';
import { passi } from '../common/passi';
import type { DocumentoCaricatoInput, DocumentoInput, DocumentoRegistrato } from './pratica.types';

/** Wire names are stable: running workflows and recorded histories depend on them. */
export const statoQuery = defineQuery<PraticaState>('stato');
/** Kept for workflows started before `documento` (their histories carry it); the API sends `documento`. */
export const documentoCaricatoSignal = defineSignal<[DocumentoCaricatoInput]>('documentoCaricato');
export const documentoUpdate = defineUpdate<DocumentoRegistrato, [DocumentoInput]>('documento');
/** The steps users send: `passiPratica.invio` is the Update 'invio', carrying that event's data. */
export const passiPratica = passi<PraticaState, PraticaEvent>()(...PASSI_PRATICA);
