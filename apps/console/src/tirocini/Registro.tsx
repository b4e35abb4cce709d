import { useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { esito, useApi } from '../comune/api';
import { Caricamento } from '../comune/Caricamento';
import { data } from '../comune/formato';

function Ricerca({ id, etichetta, aiuto, onCerca }: { id: string; etichetta: string; aiuto: string; onCerca: (testo: string) => void }) {
  const [testo, setTesto] = useState('');
  const invia = (e: FormEvent) => {
    e.preventDefault();
    if (testo.trim()) onCerca(testo.trim());
  };
  return (
    <form onSubmit={invia} className="row g-2 align-items-end mb-3" role="search" aria-labelledby={`${id}-titolo`}>
      <div className="col-md-8">
        <label htmlFor={id} className="form-label fw-semibold">
          {etichetta}
        </label>
        <input id={id} type="text" className="form-control" value={testo} onChange={(e) => setTesto(e.target.value)} aria-describedby={`${id}-aiuto`} />
        <div id={`${id}-aiuto`} className="form-text">
          {aiuto}
        </div>
      </div>
      <div className="col-md-4">
        <button type="submit" className="btn btn-primary">
          Cerca
        </button>
      </div>
    </form>
  );
}

function Soggetti({ cerca }: { cerca: string }) {
  const api = useApi();
  const q = useQuery({
    queryKey: ['soggetti', 'cerca', cerca],
    queryFn: async () => esito(await api.GET('/api/v1/soggetti-tirocinio', { params: { query: { cerca } } })),
  });
  return (
    <Caricamento query={q} cosa="i soggetti">
      {(righe) =>
        righe.length === 0 ? (
          <p role="status">Nessun soggetto trovato per «{cerca}».</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">Soggetti trovati</caption>
            <thead>
              <tr>
                <th scope="col">Denominazione</th>
                <th scope="col">Codice fiscale / partita IVA</th>
                <th scope="col">Ruolo</th>
                <th scope="col">Sedi</th>
              </tr>
            </thead>
            <tbody>
              {righe.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.denominazione}</th>
                  <td>
                    {s.codiceFiscale}
                    {s.partitaIva && s.partitaIva !== s.codiceFiscale ? ` / ${s.partitaIva}` : ''}
                  </td>
                  <td>{s.ruolo}</td>
                  <td>
                    <ul className="list-unstyled mb-0">
                      {s.sedi.map((x) => (
                        <li key={x.id}>
                          {x.denominazione}: {x.indirizzo}, {x.comune} — CPI {x.cpi}
                          {x.dipendentiIndeterminato !== null && x.dipendentiIndeterminato !== undefined
                            ? `, ${x.dipendentiIndeterminato} dipendenti a tempo indeterminato`
                            : ''}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </Caricamento>
  );
}

function Tirocinanti({ cerca }: { cerca: string }) {
  const api = useApi();
  const q = useQuery({
    queryKey: ['tirocinanti', 'cerca', cerca],
    queryFn: async () => esito(await api.GET('/api/v1/tirocinanti', { params: { query: { cerca } } })),
  });
  return (
    <Caricamento query={q} cosa="i tirocinanti">
      {(righe) =>
        righe.length === 0 ? (
          <p role="status">Nessun tirocinante trovato per «{cerca}».</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">Tirocinanti trovati</caption>
            <thead>
              <tr>
                <th scope="col">Cognome e nome</th>
                <th scope="col">Codice fiscale</th>
                <th scope="col">Nascita</th>
                <th scope="col">Registro</th>
              </tr>
            </thead>
            <tbody>
              {righe.map((t) => (
                <tr key={t.id}>
                  <th scope="row">
                    {t.cognome} {t.nome}
                  </th>
                  <td>{t.codiceFiscale}</td>
                  <td>{data(t.dataNascita)}</td>
                  <td>
                    {t.ufficio}
                    {t.svantaggiato ? ', persona svantaggiata o con disabilità' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </Caricamento>
  );
}

/** Look-ups in the registries: soggetti promotori and ospitanti (regional), trainees (the office's, or one's own). */
export default function Registro() {
  const [soggetti, setSoggetti] = useState('');
  const [tirocinanti, setTirocinanti] = useState('');
  return (
    <>
      <p className="mb-1">
        <Link to="/tirocini">Tirocini</Link>
      </p>
      <h1>Registri dei tirocini</h1>
      <section aria-labelledby="ricerca-soggetti-titolo" className="mb-5">
        <h2 id="ricerca-soggetti-titolo" className="h4">
          Soggetti promotori e ospitanti
        </h2>
        <Ricerca id="ricerca-soggetti" etichetta="Codice fiscale, partita IVA o parte della denominazione" aiuto="Registro regionale." onCerca={setSoggetti} />
        {soggetti && <Soggetti cerca={soggetti} />}
      </section>
      <section aria-labelledby="ricerca-tirocinanti-titolo">
        <h2 id="ricerca-tirocinanti-titolo" className="h4">
          Tirocinanti
        </h2>
        <Ricerca
          id="ricerca-tirocinanti"
          etichetta="Codice fiscale, oppure parte del cognome e del nome"
          aiuto="Il registro del proprio ufficio; per i soggetti esterni, i tirocinanti registrati o con pratiche in comune (al massimo 50)."
          onCerca={setTirocinanti}
        />
        {tirocinanti && <Tirocinanti cerca={tirocinanti} />}
      </section>
    </>
  );
}
