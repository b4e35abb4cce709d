import { useQuery, useQueryClient } from '@tanstack/react-query';
import { esito, useApi } from '../comune/api';

/** The react-query keys of this section: everything about one plan sits under ['piano', id]. */
export const chiavi = {
  elenco: ['piani'] as const,
  piano: (id: string) => ['piano', id] as const,
  valutazione: (id: string) => ['piano', id, 'valutazione'] as const,
  revisioni: (id: string) => ['piano', id, 'revisioni'] as const,
  scadenza: (id: string) => ['piano', id, 'prossima-scadenza'] as const,
};

const diPiano = (id: string) => ({ params: { path: { id } } });

export function usePiani() {
  const api = useApi();
  return useQuery({ queryKey: chiavi.elenco, queryFn: async () => esito(await api.GET('/api/v1/piani')) });
}

export function usePiano(id: string) {
  const api = useApi();
  return useQuery({ queryKey: chiavi.piano(id), queryFn: async () => esito(await api.GET('/api/v1/piani/{id}', diPiano(id))) });
}

export function useValutazione(id: string) {
  const api = useApi();
  return useQuery({ queryKey: chiavi.valutazione(id), queryFn: async () => esito(await api.GET('/api/v1/piani/{id}/valutazione', diPiano(id))) });
}

export function useRevisioni(id: string) {
  const api = useApi();
  return useQuery({ queryKey: chiavi.revisioni(id), queryFn: async () => esito(await api.GET('/api/v1/piani/{id}/revisioni', diPiano(id))) });
}

export function useProssimaScadenza(id: string, attivo: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: chiavi.scadenza(id),
    enabled: attivo,
    queryFn: async () => esito(await api.GET('/api/v1/piani/{id}/prossima-scadenza', diPiano(id))).scadenza,
  });
}

/** After a step on a plan: the plan, its valuation, revisions and deadlines, and the list are read again. */
export function useAggiornaPiano() {
  const qc = useQueryClient();
  return (id: string) => Promise.all([qc.invalidateQueries({ queryKey: chiavi.piano(id) }), qc.invalidateQueries({ queryKey: chiavi.elenco })]);
}

/** The downloads of a plan, each fetched with the user's token and handed over as a file. */
export function useDownloadPiano(id: string) {
  const api = useApi();
  const p = diPiano(id);
  return {
    documento: async () => new Blob([JSON.stringify(esito(await api.GET('/api/v1/piani/{id}/documento', p)), null, 2)], { type: 'application/json' }),
    xlsx: async () => esito(await api.GET('/api/v1/piani/{id}/scheda.xlsx', { ...p, parseAs: 'blob' })),
    pdf: async () => esito(await api.GET('/api/v1/piani/{id}/scheda.pdf', { ...p, parseAs: 'blob' })),
    gantt: async () => esito(await api.GET('/api/v1/piani/{id}/gantt.svg', { ...p, parseAs: 'blob' })),
  };
}
