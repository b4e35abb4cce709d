import type { RouteObject } from 'react-router-dom';

/** The tirocini screens, under /tirocini. */
export const rotteTirocini: RouteObject[] = [{ path: 'tirocini', element: <h1>Tirocini</h1> }];
