import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemi } from '@app/client';
import { ErroreApi, esito, useApi } from '../comune/api';

/** The react-query hooks of the collocamento screens: every read and step through the typed client. */

const conId = (id: string) => ({ params: { path: { id } } });
/** States in which the procedure moves by itself (the close, the ranking): the screen looks again every few seconds. */
const IN_MOVIMENTO = ['pubblicata', 'chiusa-adesioni'];

export function useOfferte() {
  const api = useApi();
  return useQuery({ queryKey: ['offerte'], queryFn: async () => esito(await api.GET('/api/v1/offerte')) });
}

export function useOfferta(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['offerta', id],
    queryFn: async () => esito(await api.GET('/api/v1/offerte/{id}', conId(id))),
    refetchInterval: (q) => (q.state.data && IN_MOVIMENTO.includes(q.state.data.stato) ? 2000 : false),
  });
}

export function useGraduatoria(id: string, attiva: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['offerta', id, 'graduatoria'],
    queryFn: async () => esito(await api.GET('/api/v1/offerte/{id}/graduatoria', { params: { path: { id }, query: { limit: 500 } } })),
    enabled: attiva,
  });
}

export function useRosa(id: string, attiva: boolean) {
  const api = useApi();
  return useQuery({ queryKey: ['offerta', id, 'rosa'], queryFn: async () => esito(await api.GET('/api/v1/offerte/{id}/rosa', conId(id))), enabled: attiva });
}

export function useAdesioni(id: string, attiva: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['offerta', id, 'adesioni'],
    queryFn: async () => esito(await api.GET('/api/v1/offerte/{id}/adesioni', { params: { path: { id }, query: { limit: 200 } } })),
    enabled: attiva,
  });
}

export function useDatore(id: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['datore', id],
    queryFn: async () => esito(await api.GET('/api/v1/collocamento/datori/{id}', conId(id!))),
    enabled: !!id,
  });
}

/** After a step, everything the screens show of the offer is read again. */
function useAggiorna(id: string) {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: ['offerta', id] }), qc.invalidateQueries({ queryKey: ['offerte'] })]);
}

export function useCongruita(id: string) {
  const api = useApi();
  const aggiorna = useAggiorna(id);
  return useMutation({
    mutationFn: async (body: Schemi['CongruitaDto']) => esito(await api.POST('/api/v1/offerte/{id}/congruita', { ...conId(id), body })),
    onSuccess: aggiorna,
  });
}

export function useAderisci(id: string) {
  const api = useApi();
  const aggiorna = useAggiorna(id);
  return useMutation({
    mutationFn: async (iscrittoId: string) => esito(await api.POST('/api/v1/offerte/{id}/adesioni', { ...conId(id), body: { iscrittoId } })),
    onSuccess: aggiorna,
  });
}

const nonPronta = (e: unknown) => e instanceof ErroreApi && (e.problema.errors ?? []).some((x) => x.rule === 'graduatoria-non-pronta');

export function usePubblica(id: string) {
  const api = useApi();
  const aggiorna = useAggiorna(id);
  return useMutation({
    mutationFn: async () => esito(await api.POST('/api/v1/offerte/{id}/graduatoria/pubblicazione', conId(id))),
    // Just after the close the list is stored a moment before the procedure takes it in: that wait is not the user's.
    retry: (n, e) => n < 15 && nonPronta(e),
    retryDelay: 1000,
    onSuccess: aggiorna,
  });
}

export function useInviaRosa(id: string) {
  const api = useApi();
  const aggiorna = useAggiorna(id);
  return useMutation({ mutationFn: async () => esito(await api.POST('/api/v1/offerte/{id}/rosa', conId(id))), onSuccess: aggiorna });
}

export function useEsito(id: string) {
  const api = useApi();
  const aggiorna = useAggiorna(id);
  return useMutation({
    mutationFn: async (body: Schemi['EsitoDto']) => esito(await api.POST('/api/v1/offerte/{id}/esiti', { ...conId(id), body })),
    onSuccess: aggiorna,
  });
}

export function useVerifica(id: string) {
  const api = useApi();
  return useMutation({ mutationFn: async () => esito(await api.GET('/api/v1/offerte/{id}/graduatoria/verifica', conId(id))) });
}
