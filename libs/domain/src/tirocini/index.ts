// The tirocini procedure's pure domain code. identificativi.ts is NOT exported here: it pulls a large library that
// must not reach workflow bundles (import it by path where needed).
export * from './tirocini.types';
export * from './durata';
export * from './tirocinio.state';
export * from './tirocinio.machine';
export * from './tirocinio.views';
export * from './scadenze';
export * from './indicatori';
export * from './regole';
export * from './controlli';
export * from './dipendenti';
export * from './migrazione';
