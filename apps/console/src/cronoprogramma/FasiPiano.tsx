import { data } from '../comune/formato';
import { statoFase, type Documento } from './parole';

/** The plan's objectives, indicators and phases with their deadlines; overdue phases stand out (red badge and row). */
export function FasiPiano({ documento }: { documento: Documento }) {
  return (
    <section aria-labelledby="fasi-titolo">
      <h2 id="fasi-titolo" className="h3">
        Obiettivi, fasi e scadenze
      </h2>
      <p>
        Chiusura del piano: {data(documento.chiusura)}. Una fase è <strong>scaduta</strong> se la fine prevista è passata e non ne è stata riportata la fine
        effettiva.
      </p>
      {documento.aree.map((a) => (
        <div key={a.codice}>
          <h3 className="h4">
            Area {a.codice} — {a.titolo}
          </h3>
          {a.obiettivi.map((o) => (
            <div key={o.numero} className="mb-4">
              <h4 className="h5">
                Obiettivo {o.numero}: {o.descrizione} (peso {o.peso}%, {o.strutturaResponsabile})
              </h4>
              {o.indicatori.map((i) =>
                i.tipo === 'procedurale' ? (
                  <div className="table-responsive" key={i.codice}>
                    <table className="table table-sm">
                      <caption>
                        Indicatore {i.codice}: {i.descrizione} (peso {i.peso}%) — cronoprogramma
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Fase</th>
                          <th scope="col">Descrizione</th>
                          <th scope="col">Output atteso</th>
                          <th scope="col">Inizio previsto</th>
                          <th scope="col">Fine prevista</th>
                          <th scope="col">Struttura</th>
                          <th scope="col">Peso</th>
                          <th scope="col">Fine effettiva</th>
                          <th scope="col">Stato</th>
                        </tr>
                      </thead>
                      <tbody>
                        {(i.fasi ?? []).map((f) => {
                          const s = statoFase(f);
                          return (
                            <tr key={f.numero} data-fase={`${i.codice}#${f.numero}`} className={s.testo === 'Scaduta' ? 'table-danger' : undefined}>
                              <th scope="row">{f.numero}</th>
                              <td>
                                {f.descrizione}
                                {f.notaMonitoraggio && <div className="small">Nota: {f.notaMonitoraggio}</div>}
                              </td>
                              <td>{f.outputAtteso}</td>
                              <td>{data(f.inizioPrevisto)}</td>
                              <td>{data(f.finePrevista)}</td>
                              <td>{f.strutturaResponsabile}</td>
                              <td>{f.peso}%</td>
                              <td>{data(f.fineEffettiva)}</td>
                              <td>
                                <span className={`badge ${s.classe}`}>{s.testo}</span>
                              </td>
                            </tr>
                          );
                        })}
                      </tbody>
                    </table>
                  </div>
                ) : (
                  <p key={i.codice} data-indicatore={i.codice}>
                    Indicatore {i.codice}: {i.descrizione} (peso {i.peso}%) —{' '}
                    {i.tipo === 'numerico'
                      ? `numerico, target ${i.target ?? '—'}, raggiunto ${i.raggiunto ?? 'non ancora rilevato'}`
                      : `non valutabile: ${i.motivazione ?? ''}`}
                  </p>
                ),
              )}
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}
