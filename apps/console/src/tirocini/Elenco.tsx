import { Link, useSearchParams } from 'react-router-dom';
import { haRuolo, useSessione } from '../auth/sessione';
import { Caricamento } from '../comune/Caricamento';
import { data } from '../comune/formato';
import { type InBreve, useElenco, useInbox } from './dati';
import { AZIONI, STATI_FILTRO, statoTirocinio } from './testi';

function Tabella({ righe, didascalia }: { righe: InBreve[]; didascalia: string }) {
  return (
    <div className="table-responsive">
      <table className="table table-hover align-middle">
        <caption className="visually-hidden">{didascalia}</caption>
        <thead>
          <tr>
            <th scope="col">Tirocinante</th>
            <th scope="col">Ospitante</th>
            <th scope="col">Promotore</th>
            <th scope="col">Periodo</th>
            <th scope="col">Stato</th>
            <th scope="col">Prossima scadenza</th>
          </tr>
        </thead>
        <tbody>
          {righe.map((t) => (
            <tr key={t.id}>
              <th scope="row">
                <Link to={`/tirocini/${t.id}`}>{t.tirocinante ?? 'Tirocinante'}</Link>
              </th>
              <td>{t.ospitante ?? '—'}</td>
              <td>{t.promotore ?? '—'}</td>
              <td>
                {data(t.dataInizio)} – {data(t.dataFine)}
              </td>
              <td>{statoTirocinio(t.stato)}</td>
              <td>
                {t.scadenza ? data(t.scadenza) : '—'}
                {t.prossimaAzione && <div className="small">{AZIONI[t.prossimaAzione.azione] ?? t.prossimaAzione.azione}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The responsabile's queue: the office's practices waiting for a decision, soonest deadline first. */
function DaDecidere() {
  const query = useInbox(true);
  return (
    <section aria-labelledby="da-decidere" className="mb-5">
      <h2 id="da-decidere" className="h4">
        Da decidere
      </h2>
      <Caricamento query={query} cosa="le pratiche da decidere">
        {(righe) =>
          righe.length === 0 ? <p>Nessuna pratica in attesa di decisione.</p> : <Tabella righe={righe} didascalia="Pratiche in attesa di decisione" />
        }
      </Caricamento>
    </section>
  );
}

/** Tirocini: the practices the user may see, filtered by state; the responsabile's decisions first. */
export default function Elenco() {
  const { utente } = useSessione();
  const [parametri, setParametri] = useSearchParams();
  const stato = parametri.get('stato') ?? '';
  // The page is the cursor (`dopo`); `da` only says where it starts in the list, to show "dalla … alla …".
  const dopo = parametri.get('dopo') ?? undefined;
  const da = (dopo && Number(parametri.get('da'))) || 0;
  const query = useElenco({ stato: stato || undefined, dopo });
  const vai = (p: Record<string, string>) => setParametri(Object.fromEntries(Object.entries(p).filter(([, v]) => v)));
  return (
    <>
      <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
        <h1 className="mb-0">Tirocini</h1>
        <div className="d-flex gap-2">
          <Link to="/tirocini/registro" className="btn btn-outline-primary">
            Cerca nei registri
          </Link>
          {haRuolo(utente, 'operatore', 'promotore') && (
            <Link to="/tirocini/nuovo" className="btn btn-primary">
              Nuovo progetto formativo
            </Link>
          )}
        </div>
      </div>
      {haRuolo(utente, 'responsabile') && <DaDecidere />}
      <section aria-labelledby="tutte">
        <h2 id="tutte" className="h4">
          Pratiche
        </h2>
        <form className="row g-2 align-items-end mb-3" onSubmit={(e) => e.preventDefault()}>
          <div className="col-sm-6 col-md-4">
            <label htmlFor="filtro-stato" className="form-label fw-semibold">
              Stato
            </label>
            <select id="filtro-stato" className="form-select" value={stato} onChange={(e) => vai({ stato: e.target.value })}>
              <option value="">Tutti gli stati</option>
              {STATI_FILTRO.map((s) => (
                <option key={s} value={s}>
                  {statoTirocinio(s)}
                </option>
              ))}
            </select>
          </div>
        </form>
        <Caricamento query={query} cosa="le pratiche">
          {(elenco) =>
            elenco.elementi.length === 0 ? (
              <p data-testid="elenco-vuoto">Nessuna pratica {stato ? `nello stato «${statoTirocinio(stato)}»` : 'visibile con il proprio profilo'}.</p>
            ) : (
              <>
                <p role="status">
                  {elenco.totaleCompleto ? '' : 'Più di '}
                  {elenco.totale.toLocaleString('it-IT')} {elenco.totale === 1 && elenco.totaleCompleto ? 'pratica' : 'pratiche'}
                  {da > 0 || elenco.successivo ? `, dalla ${da + 1} alla ${da + elenco.elementi.length}` : ''}.
                </p>
                <Tabella righe={elenco.elementi} didascalia="Pratiche di tirocinio" />
                <nav aria-label="Pagine dell'elenco" className="d-flex gap-2">
                  {dopo && (
                    <button type="button" className="btn btn-outline-primary" onClick={() => vai({ stato })}>
                      Prima pagina
                    </button>
                  )}
                  {elenco.successivo && (
                    <button
                      type="button"
                      className="btn btn-outline-primary"
                      onClick={() => vai({ stato, dopo: elenco.successivo ?? '', da: String(da + elenco.elementi.length) })}
                    >
                      Pagina successiva
                    </button>
                  )}
                </nav>
              </>
            )
          }
        </Caricamento>
      </section>
    </>
  );
}
