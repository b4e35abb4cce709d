import type { RouteObject } from 'react-router-dom';

/** The ispezioni screens, under /ispezioni. */
export const rotteIspezioni: RouteObject[] = [{ path: 'ispezioni', element: <h1>Ispezioni</h1> }];
