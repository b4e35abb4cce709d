import type { RouteObject } from 'react-router-dom';

/** The collocamento screens, under /collocamento. */
export const rotteCollocamento: RouteObject[] = [{ path: 'collocamento', element: <h1>Collocamento mirato</h1> }];
