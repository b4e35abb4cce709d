import { useMutation } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { haRuolo, useSessione } from '../auth/sessione';
import { esito, useApi } from '../comune/api';
import { Campo } from '../comune/Campo';
import { MostraErrore } from '../comune/Problema';
import { useAggiornaPiano } from './dati';
import type { Piano } from './parole';

/**
 * A draft's approval: the first baseline, from which the deadlines are followed. Only a dirigente who did not write
 * the plan may approve it (separation of duties); its author is told so instead of being offered a refused button.
 */
export function Approvazione({ piano }: { piano: Piano }) {
  const { utente } = useSessione();
  const api = useApi();
  const aggiorna = useAggiornaPiano();
  const [nota, setNota] = useState('');
  const approva = useMutation({
    mutationFn: async () =>
      esito(await api.POST('/api/v1/piani/{id}/approvazione', { params: { path: { id: piano.id } }, body: nota.trim() ? { nota: nota.trim() } : {} })),
    onSuccess: () => aggiorna(piano.id),
  });
  if (piano.stato !== 'bozza') return null;

  const invia = (e: FormEvent) => {
    e.preventDefault();
    approva.mutate();
  };
  return (
    <section aria-labelledby="approvazione-titolo" className="card card-bg p-3 mb-4">
      <h2 id="approvazione-titolo" className="h4">
        Approvazione
      </h2>
      {!haRuolo(utente, 'dirigente') ? (
        <p>Il piano è in bozza: lo approva un dirigente dell’ufficio. Fino ad allora le scadenze non sono seguite.</p>
      ) : piano.creatoDa === utente?.sub ? (
        <p className="alert alert-info mb-0" data-testid="separazione-compiti">
          Questo piano è stato scritto da lei: per la separazione dei compiti deve approvarlo un altro dirigente dell’ufficio.
        </p>
      ) : (
        <form onSubmit={invia} noValidate>
          <Campo etichetta="Nota di approvazione (facoltativa)" nome="nota" errore={approva.error}>
            {(p) => <textarea {...p} rows={2} value={nota} onChange={(e) => setNota(e.target.value)} />}
          </Campo>
          <MostraErrore errore={approva.error} titolo="Il piano non è stato approvato" />
          <button type="submit" className="btn btn-primary" disabled={approva.isPending}>
            Approva il piano
          </button>
        </form>
      )}
    </section>
  );
}
