import { lazy, Suspense, type ComponentType } from 'react';
import type { RouteObject } from 'react-router-dom';

/** Each screen loaded when first visited, so the console's first screen does not carry this section. */
function pigro(carica: () => Promise<ComponentType>) {
  const Schermata = lazy(async () => ({ default: await carica() }));
  return (
    <Suspense fallback={<p role="status">Caricamento…</p>}>
      <Schermata />
    </Suspense>
  );
}

/** The cronoprogramma screens, under /cronoprogramma. */
export const rotteCronoprogramma: RouteObject[] = [
  { path: 'cronoprogramma', element: pigro(async () => (await import('./ElencoPiani')).ElencoPiani) },
  { path: 'cronoprogramma/nuovo', element: pigro(async () => (await import('./ImportaPiano')).ImportaPiano) },
  { path: 'cronoprogramma/piani/:id', element: pigro(async () => (await import('./DettaglioPiano')).DettaglioPiano) },
  { path: 'cronoprogramma/piani/:id/valutazione', element: pigro(async () => (await import('./Valutazione')).Valutazione) },
  { path: 'cronoprogramma/piani/:id/revisioni', element: pigro(async () => (await import('./Revisioni')).Revisioni) },
];
