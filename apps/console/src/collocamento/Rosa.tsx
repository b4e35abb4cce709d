import type { Schemi } from '@app/client';
import { FormEvent, useState } from 'react';
import { Campo } from '../comune/Campo';
import { Caricamento } from '../comune/Caricamento';
import { dataOra } from '../comune/formato';
import { MostraErrore } from '../comune/Problema';
import { useEsito, useRosa } from './dati';
import { ESITI_SCELTE, esitoInParole } from './testi';

type Esito = Schemi['EsitoDto']['esito'];

/** One candidate's outcome: hired, not suitable (with the reason), did not show up, refused. */
function RegistraEsito({ id, riferimento }: { id: string; riferimento: string }) {
  const registra = useEsito(id);
  const [esito, setEsito] = useState<Esito>('assunto');
  const [motivo, setMotivo] = useState('');
  const invia = (e: FormEvent) => {
    e.preventDefault();
    registra.mutate({ iscrittoId: riferimento, esito, motivo: motivo.trim() || undefined });
  };
  return (
    <form onSubmit={invia} noValidate aria-label={`Esito per ${riferimento}`}>
      <Campo selezione etichetta={`Esito per ${riferimento}`} nome="esito" errore={registra.error}>
        {(p) => (
          <select {...p} value={esito} onChange={(e) => setEsito(e.target.value as Esito)}>
            {ESITI_SCELTE.map(([k, t]) => (
              <option key={k} value={k}>
                {t}
              </option>
            ))}
          </select>
        )}
      </Campo>
      <Campo etichetta="Motivo" nome="motivo" errore={registra.error} aiuto="Obbligatorio se non idoneo (almeno 10 caratteri).">
        {(p) => <input {...p} type="text" value={motivo} onChange={(e) => setMotivo(e.target.value)} />}
      </Campo>
      <MostraErrore errore={registra.error} titolo="Esito non registrato" />
      <button type="submit" className="btn btn-sm btn-primary" disabled={registra.isPending}>
        Registra l’esito
      </button>
    </form>
  );
}

/**
 * The candidates sent to the employer, in the graduatoria's order. The employer knows them by a reference of the offer
 * (C-…), never by codice fiscale, and sees no score or health data: the API gives it only that.
 */
export function Rosa({ id, puoRegistrare }: { id: string; puoRegistrare: boolean }) {
  const rosa = useRosa(id, true);
  return (
    <section aria-labelledby="rosa-titolo" className="mb-4">
      <h2 id="rosa-titolo" className="h4">
        Rosa dei candidati
      </h2>
      <Caricamento query={rosa} cosa="la rosa">
        {(r) => (
          <>
            <p>
              Inviata il {dataOra(r.inviataIl)}.
              {r.hashGraduatoria && (
                <>
                  {' '}
                  Graduatoria di provenienza (SHA-256): <code className="text-break">{r.hashGraduatoria}</code>
                </>
              )}
            </p>
            {r.candidati.length === 0 ? (
              <p>Nessun candidato idoneo: la rosa è vuota.</p>
            ) : (
              <table className="table" data-testid="rosa">
                <caption className="visually-hidden">Candidati della rosa, nell’ordine della graduatoria</caption>
                <thead>
                  <tr>
                    <th scope="col">Posizione</th>
                    <th scope="col">Candidato</th>
                    <th scope="col">Compatibilità con le mansioni</th>
                    <th scope="col">Competenze richieste possedute</th>
                    <th scope="col">Esito</th>
                  </tr>
                </thead>
                <tbody>
                  {r.candidati.map((c) => {
                    const riferimento = c.candidato ?? c.iscrittoId ?? '';
                    return (
                      <tr key={riferimento}>
                        <td>
                          {c.posizione}
                          {c.invio && c.invio > 1 ? ` (invio ${c.invio})` : ''}
                        </td>
                        <th scope="row">{riferimento}</th>
                        <td>{c.compatibilita === 'compatibile' ? 'Compatibile' : c.compatibilita}</td>
                        <td>{c.competenzeRichiestePossedute.join(', ') || 'nessuna'}</td>
                        <td data-testid={`esito-${riferimento}`}>
                          {c.esito || !puoRegistrare ? esitoInParole(c.esito) : <RegistraEsito id={id} riferimento={riferimento} />}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </>
        )}
      </Caricamento>
    </section>
  );
}
