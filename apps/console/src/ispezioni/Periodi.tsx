import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { haRuolo, useSessione } from '../auth/sessione';
import { esito, useApi } from '../comune/api';
import { Caricamento } from '../comune/Caricamento';
import { dataOra } from '../comune/formato';
import { MostraErrore } from '../comune/Problema';
import { chiavi, type Periodo, usePeriodi } from './hooks';

/** The clock the screen reads to tell a period's phase; ticks every few seconds. */
function useAdesso(ms = 3000) {
  const [adesso, setAdesso] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setAdesso(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return adesso;
}

function fase(p: Periodo, adesso: number): string {
  if (p.rivelatoIl) return `Segreto rivelato il ${dataOra(p.rivelatoIl)}`;
  if (adesso < Date.parse(p.inizio)) return 'Impegno pubblicato, periodo non ancora iniziato';
  if (adesso < Date.parse(p.fine)) return 'In corso: i sorteggi usano questo periodo';
  return 'Chiuso, segreto da rivelare';
}

/**
 * The inspectorate's commit-reveal periods: each commitment is published before its period begins; after the period
 * ends its secret is revealed with the chain head, and every draw made in it can be recomputed.
 */
export function Periodi() {
  const { utente } = useSessione();
  const codice = utente?.ufficio ?? '';
  const api = useApi();
  const qc = useQueryClient();
  const query = usePeriodi(codice);
  const adesso = useAdesso();
  const dirigente = haRuolo(utente, 'dirigente', 'amministratore');
  const aggiorna = () => qc.invalidateQueries({ queryKey: chiavi.periodi(codice) });
  const pubblica = useMutation({
    mutationFn: async () => esito(await api.POST('/api/v1/ispettorati/{codice}/periodi-sorteggio', { params: { path: { codice } }, body: {} })),
    onSuccess: aggiorna,
  });
  const rivela = useMutation({
    mutationFn: async (periodo: string) =>
      esito(await api.POST('/api/v1/ispettorati/{codice}/periodi-sorteggio/{periodo}/rivelazione', { params: { path: { codice, periodo } } })),
    // Refreshed on a refusal too: the service's schedule may have revealed the period a moment before (the list then
    // shows it revealed, beside the refusal), rather than a button that can only be refused again.
    onSettled: aggiorna,
  });
  return (
    <>
      <p>
        <Link to="/ispezioni">Torna alle ispezioni</Link>
      </p>
      <h1>Periodi di sorteggio</h1>
      <p>
        Ogni periodo ha un segreto, il cui impegno (l’impronta SHA-256) è pubblicato prima che il periodo inizi; i sorteggi del periodo lo usano e, a periodo
        chiuso, il segreto è rivelato: chiunque ne abbia titolo può allora ricalcolare ogni sorteggio. Nessuno sceglie inizio e durata di un periodo: seguono la
        politica dell’ispettorato {codice}.
      </p>
      {dirigente && (
        <div className="mb-4">
          <button type="button" className="btn btn-primary" onClick={() => pubblica.mutate()} disabled={pubblica.isPending}>
            {pubblica.isPending ? 'Pubblicazione…' : 'Pubblica il prossimo periodo'}
          </button>
          {pubblica.data && (
            <div className="alert alert-success mt-3" role="status" data-testid="periodo-pubblicato">
              Impegno del periodo {pubblica.data.periodo} pubblicato: inizia il {dataOra(pubblica.data.inizio)}, finisce il {dataOra(pubblica.data.fine)}.
              <div className="text-break font-monospace small">Impegno: {pubblica.data.impegno}</div>
            </div>
          )}
          <MostraErrore errore={pubblica.error} titolo="Periodo non pubblicato" />
        </div>
      )}
      <MostraErrore errore={rivela.error} titolo="Segreto non rivelato" />
      <Caricamento query={query} cosa="i periodi">
        {(periodi) =>
          periodi.length === 0 ? (
            <p data-testid="nessun-periodo">Nessun periodo pubblicato.</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">Periodi di sorteggio dell’ispettorato</caption>
              <thead>
                <tr>
                  <th scope="col">Periodo</th>
                  <th scope="col">Dal</th>
                  <th scope="col">Al</th>
                  <th scope="col">Impegno pubblicato il</th>
                  <th scope="col">Stato</th>
                  <th scope="col">Impegno e segreto</th>
                  {dirigente && <th scope="col">Azioni</th>}
                </tr>
              </thead>
              <tbody>
                {[...periodi].reverse().map((p) => (
                  <tr key={p.periodo} data-periodo={p.periodo}>
                    <th scope="row">{p.periodo}</th>
                    <td>{dataOra(p.inizio)}</td>
                    <td>{dataOra(p.fine)}</td>
                    <td>
                      {dataOra(p.pubblicatoIl)} ({p.creatoDa === 'sistema' ? 'dal servizio' : `da ${p.creatoDa}`})
                    </td>
                    <td>{fase(p, adesso)}</td>
                    <td className="text-break font-monospace small">
                      <div>Impegno: {p.impegno}</div>
                      {p.segreto && <div>Segreto: {p.segreto}</div>}
                      {p.testaCatena && (
                        <div>
                          Testa della catena: n. {p.testaCatena.n}, {p.testaCatena.hash}
                        </div>
                      )}
                    </td>
                    {dirigente && (
                      <td>
                        {!p.rivelatoIl && Date.parse(p.fine) <= adesso && (
                          <button type="button" className="btn btn-sm btn-outline-primary" onClick={() => rivela.mutate(p.periodo)} disabled={rivela.isPending}>
                            Rivela il segreto di {p.periodo}
                          </button>
                        )}
                      </td>
                    )}
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
