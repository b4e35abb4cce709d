/** Every workflow the worker registers. Only workflow-safe code may be reached from here (see eslint.config.mjs). */
export { praticaWorkflow } from './pratiche/pratica.workflow';
export { cronoprogrammaWorkflow } from './cronoprogramma/cronoprogramma.workflow';
export { ispezioneWorkflow } from './ispezioni/ispezione.workflow';
export { pianoVigilanzaWorkflow } from './ispezioni/piano-vigilanza.workflow';
export { periodiSorteggioWorkflow } from './ispezioni/periodi-sorteggio.workflow';
export { ancoraggioWorkflow } from './audit/ancoraggio.workflow';
export { verificaRegistroWorkflow } from './audit/verifica-registro.workflow';
export { tirocinioWorkflow, tirocinioV2Workflow } from './tirocini/tirocinio.workflow';
export { promemoriaPresenzeWorkflow } from './tirocini/promemoria-presenze.workflow';
export { offertaWorkflow } from './collocamento/offerta.workflow';
export { riconciliazioneDocumentiWorkflow } from './documenti/riconciliazione.workflow';
