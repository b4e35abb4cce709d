export * from './ispezioni.types';
export * from './idoneita';
export * from './ispezione.state';
export * from './ispezione.machine';
export * from './scadenze';
export * from './sorteggio';
export * from './imparzialita';
