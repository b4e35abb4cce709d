import { Link } from 'react-router-dom';
import { haRuolo, useSessione } from '../auth/sessione';
import { Caricamento } from '../comune/Caricamento';
import { dataOra } from '../comune/formato';
import { usePiani } from './dati';
import { statoPiano } from './parole';

/** The office's plans, newest year first. */
export function ElencoPiani() {
  const { utente } = useSessione();
  const query = usePiani();
  return (
    <>
      <h1>Cronoprogramma</h1>
      <p>I piani degli obiettivi dell’ufficio {utente?.ufficio}: fasi, scadenze, monitoraggio e valutazione.</p>
      {haRuolo(utente, 'dirigente', 'responsabile') && (
        <p>
          <Link to="/cronoprogramma/nuovo" className="btn btn-primary">
            Importa un piano
          </Link>
        </p>
      )}
      <Caricamento query={query} cosa="i piani">
        {(piani) =>
          piani.length === 0 ? (
            <p data-testid="nessun-piano">Nessun piano per questo ufficio.</p>
          ) : (
            <table className="table">
              <caption>Piani dell’ufficio</caption>
              <thead>
                <tr>
                  <th scope="col">Anno</th>
                  <th scope="col">Piano</th>
                  <th scope="col">Ufficio</th>
                  <th scope="col">Stato</th>
                  <th scope="col">Baseline</th>
                  <th scope="col">Aggiornato il</th>
                </tr>
              </thead>
              <tbody>
                {[...piani]
                  .sort((a, b) => b.anno - a.anno)
                  .map((p) => (
                    <tr key={p.id}>
                      <td>{p.anno}</td>
                      <th scope="row">
                        <Link to={`/cronoprogramma/piani/${p.id}`}>{p.titolo}</Link>
                      </th>
                      <td>{p.ufficio}</td>
                      <td>{statoPiano(p.stato)}</td>
                      <td>{p.baseline === 0 ? 'nessuna' : p.baseline}</td>
                      <td>{dataOra(p.aggiornatoIl)}</td>
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
