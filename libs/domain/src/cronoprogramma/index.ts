export * from './cronoprogramma.types';
export { valutaPiano } from './valutazione';
export { verificaPiano } from './pesi';
export { esempioPiano, pianoGrande } from './fixtures';
