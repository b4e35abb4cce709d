import { lazy, ReactNode, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';

// The section is loaded when first visited, so the home screen's bundle stays small.
const Elenco = lazy(() => import('./Elenco'));
const NuovaBozza = lazy(() => import('./NuovaBozza'));
const Dettaglio = lazy(() => import('./Dettaglio'));
const Registro = lazy(() => import('./Registro'));

const attendi = (schermata: ReactNode) => <Suspense fallback={<p role="status">Caricamento…</p>}>{schermata}</Suspense>;

/** The tirocini screens, under /tirocini. */
export const rotteTirocini: RouteObject[] = [
  { path: 'tirocini', element: attendi(<Elenco />) },
  { path: 'tirocini/nuovo', element: attendi(<NuovaBozza />) },
  { path: 'tirocini/registro', element: attendi(<Registro />) },
  { path: 'tirocini/:id', element: attendi(<Dettaglio />) },
];
