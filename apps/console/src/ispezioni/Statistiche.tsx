import { useQuery } from '@tanstack/react-query';
import type { Schemi } from '@app/client';
import { FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { esito, useApi } from '../comune/api';
import { Caricamento } from '../comune/Caricamento';
import { Campo } from '../comune/Campo';
import { data } from '../comune/formato';

type Stat = Schemi['StatisticheView'];

/** Observed vs expected draws per inspector as bars; the table below says the same for those who do not see the chart. */
function Grafico({ s }: { s: Stat }) {
  const righe = s.perIspettore;
  const max = Math.max(1, ...righe.flatMap((r) => [r.osservati, r.attesi]));
  const alto = 28;
  const larghezza = 640;
  const etichetta = 160;
  const scala = (v: number) => ((larghezza - etichetta - 60) * v) / max;
  return (
    <svg
      role="img"
      aria-labelledby="grafico-titolo grafico-desc"
      viewBox={`0 0 ${larghezza} ${righe.length * alto * 2 + 40}`}
      className="w-100 mb-3"
      style={{ maxWidth: 720 }}
    >
      <title id="grafico-titolo">Assegnazioni osservate e attese per ispettore</title>
      <desc id="grafico-desc">
        Per ogni ispettore, una barra blu con le assegnazioni osservate e una grigia con quelle attese; gli stessi valori sono nella tabella.
      </desc>
      {righe.map((r, i) => {
        const y = i * alto * 2 + 10;
        return (
          <g key={r.ispettoreId}>
            <text x={0} y={y + 18} fontSize="14" fill="#1a1a1a">
              {r.ispettoreId}
            </text>
            <rect x={etichetta} y={y} width={scala(r.osservati)} height={alto - 6} fill="#0066cc" />
            <text x={etichetta + scala(r.osservati) + 6} y={y + 16} fontSize="13" fill="#1a1a1a">
              {r.osservati} osservate
            </text>
            <rect x={etichetta} y={y + alto - 4} width={scala(r.attesi)} height={alto - 6} fill="#5c6f82" />
            <text x={etichetta + scala(r.attesi) + 6} y={y + alto + 12} fontSize="13" fill="#1a1a1a">
              {r.attesi.toLocaleString('it-IT')} attese
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The impartiality statistics of the inspectorate's draws (GET /api/v1/assegnazioni/statistiche). */
export function Statistiche() {
  const api = useApi();
  const [periodo, setPeriodo] = useState('');
  const [filtro, setFiltro] = useState('');
  const query = useQuery({
    queryKey: ['ispezioni', 'statistiche', filtro],
    queryFn: async () => esito(await api.GET('/api/v1/assegnazioni/statistiche', { params: { query: filtro ? { periodo: filtro } : {} } })),
    retry: false,
  });
  const invio = (e: FormEvent) => {
    e.preventDefault();
    setFiltro(periodo.trim());
  };
  return (
    <>
      <p>
        <Link to="/ispezioni">Torna alle ispezioni</Link>
      </p>
      <h1>Statistiche di imparzialità</h1>
      <p>
        Il confronto tra le assegnazioni sorteggiate a ciascun ispettore e quelle attese dai pesi: uno scarto grande è un motivo per guardare, non una prova.
      </p>
      <form onSubmit={invio} className="row g-2 align-items-end mb-3" noValidate>
        <div className="col-sm-4">
          <Campo etichetta="Periodo (vuoto: la finestra di monitoraggio)" nome="periodo" errore={query.error}>
            {(p) => <input {...p} value={periodo} onChange={(e) => setPeriodo(e.target.value)} />}
          </Campo>
        </div>
        <div className="col-sm-3 mb-3">
          <button type="submit" className="btn btn-primary">
            Mostra
          </button>
        </div>
      </form>
      <Caricamento query={query} cosa="le statistiche">
        {(s) => (
          <>
            <div className={`alert ${s.allarme ? 'alert-danger' : 'alert-success'}`} role="status">
              {s.allarme
                ? `Attenzione: i sorteggi si discostano da quanto atteso (p-value ${s.pValue.toLocaleString('it-IT')} sotto la soglia ${s.soglia}${s.incoerenti ? `, ${s.incoerenti} sorteggi incoerenti` : ''}).`
                : `Nessun allarme: p-value ${s.pValue.toLocaleString('it-IT')} (soglia ${s.soglia}).`}
            </div>
            <p>
              Dal {data(s.dal)} al {data(s.al)}
              {s.periodo ? `, periodo ${s.periodo}` : ''}: {s.estrazioni} sorteggi, {s.astensioni} astensioni, {s.riassegnazioniManuali} riassegnazioni manuali,{' '}
              {s.estrazioniConUnSoloCandidato} sorteggi con un solo candidato. Chi quadro {s.chiQuadro.toLocaleString('it-IT')} con {s.gradiLiberta} gradi di
              libertà.
            </p>
            {s.perIspettore.length === 0 ? (
              <p>Nessun sorteggio nel periodo.</p>
            ) : (
              <>
                <Grafico s={s} />
                <table className="table">
                  <caption>Assegnazioni per ispettore</caption>
                  <thead>
                    <tr>
                      <th scope="col">Ispettore</th>
                      <th scope="col">Osservate</th>
                      <th scope="col">Attese</th>
                      <th scope="col">Astensioni</th>
                      <th scope="col">Assegnazioni manuali</th>
                      <th scope="col">Conflitti dichiarati</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.perIspettore.map((r) => (
                      <tr key={r.ispettoreId}>
                        <th scope="row">{r.ispettoreId}</th>
                        <td>{r.osservati}</td>
                        <td>{r.attesi.toLocaleString('it-IT')}</td>
                        <td>{r.astensioni}</td>
                        <td>{r.assegnazioniManuali}</td>
                        <td>{r.conflittiDichiarati}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </>
        )}
      </Caricamento>
    </>
  );
}
