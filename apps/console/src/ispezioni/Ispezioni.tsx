import { Link } from 'react-router-dom';
import { haRuolo, useSessione } from '../auth/sessione';
import { Caricamento } from '../comune/Caricamento';
import { data } from '../comune/formato';
import { type Richiesta, useRichieste } from './hooks';
import { fonte, priorita, statoRichiesta } from './testi';

/** The section's home: an inspector's assignments; for the office's staff, its requests and the dirigente's tools. */
export function Ispezioni() {
  const { utente } = useSessione();
  const query = useRichieste();
  const ispettore = haRuolo(utente, 'ispettore');
  const dirigente = haRuolo(utente, 'dirigente', 'amministratore');
  return (
    <>
      <h1>{ispettore ? 'I miei incarichi' : 'Ispezioni'}</h1>
      <p>
        {ispettore
          ? 'Le richieste di intervento assegnate a sé dal sorteggio o da una riassegnazione approvata: accettarle o astenersi, poi registrare i passi dell’ispezione.'
          : `Le richieste di intervento dell’ispettorato ${utente?.ufficio ?? ''}, assegnate agli ispettori con un sorteggio verificabile.`}
      </p>
      {!ispettore && (
        <nav aria-label="Strumenti dell’ispettorato" className="mb-4">
          <ul className="list-inline">
            {haRuolo(utente, 'operatore', 'responsabile', 'dirigente') && (
              <li className="list-inline-item">
                <Link className="btn btn-primary" to="/ispezioni/richieste/nuova">
                  Registra una richiesta
                </Link>
              </li>
            )}
            {dirigente && (
              <>
                <li className="list-inline-item">
                  <Link className="btn btn-outline-primary" to="/ispezioni/periodi">
                    Periodi di sorteggio
                  </Link>
                </li>
                <li className="list-inline-item">
                  <Link className="btn btn-outline-primary" to="/ispezioni/coda">
                    Richieste non assegnate
                  </Link>
                </li>
                <li className="list-inline-item">
                  <Link className="btn btn-outline-primary" to="/ispezioni/statistiche">
                    Statistiche di imparzialità
                  </Link>
                </li>
              </>
            )}
          </ul>
        </nav>
      )}
      <h2 className="h4">{ispettore ? 'Incarichi' : 'Richieste di intervento'}</h2>
      <Caricamento query={query} cosa="le richieste">
        {(righe) => <TabellaRichieste righe={righe} ispettore={ispettore} />}
      </Caricamento>
    </>
  );
}

function TabellaRichieste({ righe, ispettore }: { righe: Richiesta[]; ispettore: boolean }) {
  if (righe.length === 0) return <p data-testid="nessuna-richiesta">{ispettore ? 'Nessun incarico assegnato a sé.' : 'Nessuna richiesta di intervento.'}</p>;
  return (
    <table className="table table-striped">
      <caption className="visually-hidden">{ispettore ? 'I miei incarichi' : 'Richieste di intervento'}</caption>
      <thead>
        <tr>
          <th scope="col">Sede</th>
          <th scope="col">Registrata il</th>
          <th scope="col">Tipo</th>
          <th scope="col">Fonte</th>
          <th scope="col">Priorità</th>
          <th scope="col">Stato</th>
          {!ispettore && <th scope="col">Ispettore</th>}
        </tr>
      </thead>
      <tbody>
        {righe.map((r) => (
          <tr key={r.id}>
            <td>
              <Link to={`/ispezioni/richieste/${r.id}`}>{r.sede}</Link>
            </td>
            <td>{data(r.registrataIl)}</td>
            <td>{r.tipoPratica}</td>
            <td>{fonte(r.fonte)}</td>
            <td>{priorita(r.priorita)}</td>
            <td>{statoRichiesta(r.stato)}</td>
            {!ispettore && <td>{r.ispettoreId ?? '—'}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
