import { Link } from 'react-router-dom';
import { haRuolo, useSessione } from '../auth/sessione';
import { Caricamento } from '../comune/Caricamento';
import { data } from '../comune/formato';
import { QuotaDatore } from './QuotaDatore';
import { Termine } from './Termine';
import { useOfferte } from './dati';
import { statoOfferta } from './testi';

/** The office's requests (an employer: its own), newest first, with the clock for the rosa. */
export function Component() {
  const { utente } = useSessione();
  const offerte = useOfferte();
  const staff = haRuolo(utente, 'operatore', 'responsabile', 'dirigente', 'amministratore');
  const puoImportare = haRuolo(utente, 'operatore', 'responsabile', 'amministratore');
  const puoChiedere = haRuolo(utente, 'operatore', 'responsabile', 'datore');
  return (
    <>
      <h1>Collocamento mirato</h1>
      <p>{staff ? 'Le richieste di candidati dei datori di lavoro all’ufficio (L. 68/99).' : 'Le richieste di candidati della propria azienda (L. 68/99).'}</p>
      <div className="d-flex gap-2 mb-4">
        {puoChiedere && (
          <Link to="/collocamento/offerte/nuova" className="btn btn-primary">
            Nuova richiesta di candidati
          </Link>
        )}
        {puoImportare && (
          <Link to="/collocamento/importa" className="btn btn-outline-primary">
            Importa da file CSV
          </Link>
        )}
      </div>
      {haRuolo(utente, 'datore') && utente?.soggetto && <QuotaDatore datoreId={utente.soggetto} />}
      <h2 className="h4">Richieste</h2>
      <Caricamento query={offerte} cosa="le richieste">
        {(righe) =>
          righe.length === 0 ? (
            <p data-testid="nessuna-offerta">Nessuna richiesta di candidati.</p>
          ) : (
            <table className="table table-hover" data-testid="elenco-offerte">
              <caption className="visually-hidden">Richieste di candidati, dalla più recente</caption>
              <thead>
                <tr>
                  <th scope="col">Profilo</th>
                  {staff && <th scope="col">Datore</th>}
                  <th scope="col">Stato</th>
                  <th scope="col">Richiesta il</th>
                  <th scope="col">Termine per la rosa</th>
                </tr>
              </thead>
              <tbody>
                {righe.map((o) => (
                  <tr key={o.id} className={o.slaViolata ? 'scaduta' : undefined}>
                    <th scope="row">
                      <Link to={`/collocamento/offerte/${o.id}`}>{(o.profilo ?? '').trim() || 'Richiesta senza profilo'}</Link>
                    </th>
                    {staff && <td>{o.datoreId}</td>}
                    <td>{statoOfferta(o.stato)}</td>
                    <td>{data(o.richiestaIl)}</td>
                    <td>
                      <Termine stato={o.stato} scadenza={o.slaScadenza} violata={o.slaViolata} />
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
