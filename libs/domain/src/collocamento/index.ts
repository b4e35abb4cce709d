/**
 * Collocamento mirato (L. 68/99, DOMAIN §2): pure domain code, safe in workflow bundles.
 * The CSV import validation (./import) is deliberately not exported here: it depends on codice-fiscale-js.
 */
export * from './collocamento.types';
export * from './collocamento.date';
export * from './quota';
export * from './graduatoria.regole';
export * from './idoneita';
export * from './graduatoria';
export * from './sla';
export * from './offerta.state';
export * from './offerta.richiesta';
export * from './offerta.machine';
export * from './offerta.views';
export * from './indicatori';
