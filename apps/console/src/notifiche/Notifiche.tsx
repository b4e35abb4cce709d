import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { esito, useApi } from '../comune/api';
import { Caricamento } from '../comune/Caricamento';
import { dataOra } from '../comune/formato';
import { MostraErrore } from '../comune/Problema';

/** The user's notifications, newest first; one marked read at a time. */
export function Notifiche() {
  const api = useApi();
  const qc = useQueryClient();
  const query = useQuery({ queryKey: ['notifiche'], queryFn: async () => esito(await api.GET('/api/v1/notifiche')) });
  const letta = useMutation({
    mutationFn: async (id: string) => esito(await api.POST('/api/v1/notifiche/{id}/letta', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifiche'] }),
  });
  return (
    <>
      <h1>Notifiche</h1>
      <MostraErrore errore={letta.error} />
      <Caricamento query={query} cosa="le notifiche">
        {(elenco) =>
          elenco.length === 0 ? (
            <p>Nessuna notifica.</p>
          ) : (
            <ul className="list-group">
              {[...elenco]
                .sort((a, b) => b.creataIl.localeCompare(a.creataIl))
                .map((n) => (
                  <li key={n.id} className={`list-group-item${n.lettaIl ? '' : ' border-start border-4 border-primary'}`}>
                    <div className="d-flex justify-content-between gap-3">
                      <div>
                        <p className="fw-bold mb-1">
                          {n.titolo} {!n.lettaIl && <span className="badge bg-primary">non letta</span>}
                        </p>
                        <p className="mb-1">{n.testo}</p>
                        <p className="small mb-0">{dataOra(n.creataIl)}</p>
                      </div>
                      {!n.lettaIl && (
                        <button type="button" className="btn btn-outline-primary btn-sm align-self-start" onClick={() => letta.mutate(n.id)}>
                          Segna come letta<span className="visually-hidden">: {n.titolo}</span>
                        </button>
                      )}
                    </div>
                  </li>
                ))}
            </ul>
          )
        }
      </Caricamento>
    </>
  );
}
