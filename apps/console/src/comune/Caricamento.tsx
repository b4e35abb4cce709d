import type { UseQueryResult } from '@tanstack/react-query';
import { ReactNode } from 'react';
import { MostraErrore } from './Problema';

/** What a query shows while it loads or when it fails; its data otherwise. */
export function Caricamento<T>({ query, children, cosa }: { query: UseQueryResult<T>; cosa: string; children: (dati: T) => ReactNode }) {
  if (query.isPending) return <p role="status">Caricamento di {cosa}…</p>;
  if (query.isError) return <MostraErrore errore={query.error} titolo={`Impossibile leggere ${cosa}`} />;
  return <>{children(query.data)}</>;
}
