import { useMutation } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { esito, useApi } from '../comune/api';
import { MostraErrore } from '../comune/Problema';
import { useAggiornaPiano } from './dati';
import { FileDocumento } from './FileDocumento';
import type { Documento } from './parole';

/** A plan imported from its JSON document: it becomes a draft, to be approved by another dirigente. */
export function ImportaPiano() {
  const api = useApi();
  const naviga = useNavigate();
  const aggiorna = useAggiornaPiano();
  const [documento, setDocumento] = useState<Documento>();
  const importa = useMutation({
    mutationFn: async (d: Documento) => esito(await api.POST('/api/v1/piani', { body: d })),
    onSuccess: async (p) => {
      await aggiorna(p.id);
      void naviga(`/cronoprogramma/piani/${p.id}`, { state: { importato: true } });
    },
  });

  function invia(e: FormEvent) {
    e.preventDefault();
    if (documento) importa.mutate(documento);
  }

  return (
    <>
      <nav aria-label="Percorso" className="mb-2">
        <Link to="/cronoprogramma">Cronoprogramma</Link>
      </nav>
      <h1>Importa un piano</h1>
      <p>
        Il piano entra come bozza. Pesi, date e riferimenti sono controllati tutti insieme: ogni problema è indicato nel punto del documento a cui si riferisce.
        Una bozza diventa il piano in vigore quando la approva un dirigente dell’ufficio diverso da chi l’ha scritta.
      </p>
      <form onSubmit={invia} noValidate>
        <FileDocumento
          etichetta="Documento del piano (JSON)"
          documento={documento}
          errore={importa.error}
          onDocumento={(d) => {
            importa.reset();
            setDocumento(d);
          }}
        />
        <MostraErrore errore={importa.error} titolo="Il piano non è stato importato" />
        <button type="submit" className="btn btn-primary" disabled={!documento || importa.isPending}>
          {importa.isPending ? 'Importazione in corso…' : 'Importa il piano'}
        </button>
      </form>
    </>
  );
}
