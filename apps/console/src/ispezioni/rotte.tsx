import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';

// The section's screens load only when the user opens it: the first screen's bundle stays small.
const Schermate = lazy(() => import('./Schermate'));

/** The ispezioni screens, under /ispezioni (the request's detail at /ispezioni/richieste/{id}, as the home page links it). */
export const rotteIspezioni: RouteObject[] = [
  {
    path: 'ispezioni/*',
    element: (
      <Suspense fallback={<p role="status">Caricamento della sezione Ispezioni…</p>}>
        <Schermate />
      </Suspense>
    ),
  },
];
