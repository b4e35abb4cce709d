import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useSessione } from '../auth/sessione';
import { esito, useApi } from '../comune/api';
import { Caricamento } from '../comune/Caricamento';
import { dataOra } from '../comune/formato';
import { chiavi } from './hooks';
import { attesa, priorita, regola } from './testi';

/** The dirigente's queue: requests no draw has assigned yet, each with why it waits (and every inspector's reasons). */
export function Coda() {
  const { utente } = useSessione();
  const codice = utente?.ufficio ?? '';
  const api = useApi();
  const query = useQuery({
    queryKey: chiavi.coda(codice),
    queryFn: async () => esito(await api.GET('/api/v1/ispettorati/{codice}/coda', { params: { path: { codice } } })),
    refetchInterval: 10_000,
  });
  return (
    <>
      <p>
        <Link to="/ispezioni">Torna alle ispezioni</Link>
      </p>
      <h1>Richieste non assegnate</h1>
      <p>Le richieste che attendono un sorteggio, con il motivo. Si ritentano da sole quando il motivo viene meno.</p>
      <Caricamento query={query} cosa="la coda">
        {(righe) =>
          righe.length === 0 ? (
            <p data-testid="coda-vuota">Nessuna richiesta in attesa di assegnazione.</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">Richieste in attesa di sorteggio</caption>
              <thead>
                <tr>
                  <th scope="col">Richiesta</th>
                  <th scope="col">Priorità</th>
                  <th scope="col">In attesa dal</th>
                  <th scope="col">Motivo</th>
                </tr>
              </thead>
              <tbody>
                {righe.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link to={`/ispezioni/richieste/${r.id}`}>
                        {r.tipoPratica}, {r.territorio}, registrata il {dataOra(r.registrataIl)}
                      </Link>
                    </th>
                    <td>{priorita(r.priorita)}</td>
                    <td>{dataOra(r.attesa.dal)}</td>
                    <td>
                      <p className="fw-semibold mb-1">{attesa(r.attesa.motivo)}</p>
                      <p className="mb-1">{r.attesa.dettaglio}</p>
                      {r.attesa.riprovaIl && <p className="small mb-1">Nuovo tentativo il {dataOra(r.attesa.riprovaIl)}.</p>}
                      {r.attesa.esclusi && r.attesa.esclusi.length > 0 && (
                        <ul className="small mb-0">
                          {r.attesa.esclusi.map((e) => (
                            <li key={e.ispettoreId}>
                              {e.ispettoreId}: {e.motivi.map((m) => `${regola(m.regola)} (${m.dettaglio})`).join('; ')}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Caricamento>
    </>
  );
}
