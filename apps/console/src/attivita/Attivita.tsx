import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useSessione } from '../auth/sessione';
import type { Schemi } from '@app/client';
import { esito, useApi } from '../comune/api';
import { Caricamento } from '../comune/Caricamento';
import { dataOra, stato } from '../comune/formato';

type Procedura = Schemi['AttivitaView']['procedura'];

const PROCEDURE: Record<Procedura, string> = {
  tirocini: 'Tirocini',
  pratiche: 'Pratiche',
  collocamento: 'Collocamento mirato',
  ispezioni: 'Ispezioni',
  cronoprogramma: 'Cronoprogramma',
};

/**
 * "Le mie attività": what waits for the user across all procedures (GET /api/v1/attivita), oldest deadline first,
 * overdue marked in words and colour, with counts per procedure as filters.
 */
export function Attivita() {
  const api = useApi();
  const { utente } = useSessione();
  const [procedura, setProcedura] = useState<Procedura | ''>('');
  const query = useQuery({
    queryKey: ['attivita', procedura],
    queryFn: async () => esito(await api.GET('/api/v1/attivita', { params: { query: procedura ? { procedura } : {} } })),
  });
  // The moment the inbox can be used, for the benchmark of its time to interactive (npm run bench).
  useEffect(() => {
    if (query.isSuccess && !performance.getEntriesByName('attivita-pronta').length) performance.mark('attivita-pronta');
  }, [query.isSuccess]);
  return (
    <>
      <h1>Le mie attività</h1>
      <p className="lead">
        Ciò che attende {utente?.nome ?? 'l’utente'}
        {utente?.soggetto ? ` per ${utente.organizzazione ?? utente.soggetto}` : ` nell’ufficio ${utente?.ufficio ?? ''}`}, dalla scadenza più vicina.
      </p>
      <Caricamento query={query} cosa="le attività">
        {(dati) => (
          <div data-testid="attivita-pronta">
            <div className="d-flex flex-wrap gap-2 mb-3" role="group" aria-label="Filtra per procedura">
              <button
                type="button"
                className={`btn btn-sm ${procedura === '' ? 'btn-primary' : 'btn-outline-primary'}`}
                aria-pressed={procedura === ''}
                onClick={() => setProcedura('')}
              >
                Tutte
              </button>
              {(Object.entries(dati.conteggi) as [Procedura, number][])
                .filter(([p, n]) => n > 0 || p === procedura)
                .map(([p, n]) => (
                  <button
                    key={p}
                    type="button"
                    className={`btn btn-sm ${procedura === p ? 'btn-primary' : 'btn-outline-primary'}`}
                    aria-pressed={procedura === p}
                    onClick={() => setProcedura(p)}
                  >
                    {PROCEDURE[p] ?? p} <span className="badge bg-white text-primary ms-1">{n}</span>
                  </button>
                ))}
            </div>
            {dati.scadute > 0 && (
              <div className="alert alert-warning" role="status">
                {dati.scadute === 1 ? 'Un’attività è scaduta.' : `${dati.scadute} attività sono scadute.`}
              </div>
            )}
            {dati.elementi.length === 0 ? (
              <p>Nessuna attività in attesa.</p>
            ) : (
              <table className="table table-hover align-middle">
                <caption className="visually-hidden">Attività in attesa, dalla scadenza più vicina</caption>
                <thead>
                  <tr>
                    <th scope="col">Scadenza</th>
                    <th scope="col">Procedura</th>
                    <th scope="col">Pratica</th>
                    <th scope="col">Da fare</th>
                    <th scope="col">Stato</th>
                  </tr>
                </thead>
                <tbody>
                  {dati.elementi.map((a) => (
                    <tr key={`${a.procedura}:${a.id}:${a.azione}`} className={a.scaduta ? 'scaduta' : undefined} data-testid="attivita">
                      <td>
                        {a.scadenza ? dataOra(a.scadenza) : '—'}
                        {a.scaduta && <span className="badge bg-danger ms-2">Scaduta</span>}
                      </td>
                      <td>{PROCEDURE[a.procedura] ?? a.procedura}</td>
                      <td>
                        <Link to={a.link}>{a.riferimento}</Link>
                      </td>
                      <td>{a.azione}</td>
                      <td>{stato(a.stato)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        )}
      </Caricamento>
    </>
  );
}
