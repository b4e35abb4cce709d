import type { RouteObject } from 'react-router-dom';

/** The collocamento screens, under /collocamento: each loaded when first visited, so the first screen's bundle stays small. */
export const rotteCollocamento: RouteObject[] = [
  { path: 'collocamento', lazy: () => import('./Elenco') },
  { path: 'collocamento/importa', lazy: () => import('./Importa') },
  { path: 'collocamento/offerte/nuova', lazy: () => import('./NuovaOfferta') },
  { path: 'collocamento/offerte/:id', lazy: () => import('./Offerta') },
  { path: 'collocamento/offerte/:id/graduatoria', lazy: () => import('./Graduatoria') },
];
