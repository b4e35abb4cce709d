/** Every workflow the worker registers. Only workflow-safe code may be reached from here (see eslint.config.mjs). */
export { praticaWorkflow } from './pratica/pratica.workflow';
export { cronoprogrammaWorkflow } from './cronoprogramma/cronoprogramma.workflow';
export { ispezioneWorkflow } from './ispezione/ispezione.workflow';
export { pianoVigilanzaWorkflow } from './ispezione/piano-vigilanza.workflow';
export { periodiSorteggioWorkflow } from './ispezione/periodi-sorteggio.workflow';
export { ancoraggioWorkflow } from './audit/ancoraggio.workflow';
export { tirocinioWorkflow } from './tirocinio/tirocinio.workflow';
export { offertaWorkflow } from './offerta/offerta.workflow';
export { riconciliazioneDocumentiWorkflow } from './documenti/riconciliazione.workflow';
