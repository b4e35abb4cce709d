import type { RouteObject } from 'react-router-dom';

/** The cronoprogramma screens, under /cronoprogramma. */
export const rotteCronoprogramma: RouteObject[] = [{ path: 'cronoprogramma', element: <h1>Cronoprogramma</h1> }];
