import { comeModulo, type Schemi } from '@app/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { Campo } from '../comune/Campo';
import { ErroreApi, esito, useApi } from '../comune/api';
import { MostraErrore } from '../comune/Problema';

type Tipo = Schemi['ImportazioneCsvDto']['tipo'];
interface ErroreRiga {
  riga: number;
  colonna: string;
  messaggio: string;
}

/** The API names a row's error "riga 4: codice_fiscale": split into row and column for the table. */
function erroriDiRiga(e: unknown): ErroreRiga[] {
  if (!(e instanceof ErroreApi)) return [];
  return (e.problema.errors ?? []).flatMap((x) => {
    const m = /^riga (\d+): (.+)$/.exec(x.field);
    return m ? [{ riga: Number(m[1]), colonna: m[2], messaggio: x.message }] : [];
  });
}

/** Import of the L. 68/99 list (people) or of employers from a CSV file: all rows or none, every error by row and column. */
export function Component() {
  const api = useApi();
  const qc = useQueryClient();
  const [tipo, setTipo] = useState<Tipo>('iscritti');
  const [file, setFile] = useState<File | null>(null);
  const importa = useMutation({
    mutationFn: async (v: { tipo: Tipo; file: File }) =>
      esito(await api.POST('/api/v1/collocamento/import', { body: { tipo: v.tipo, file: v.file }, bodySerializer: comeModulo })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['iscritti'] }),
  });
  const righe = erroriDiRiga(importa.error);
  const invia = (e: FormEvent) => {
    e.preventDefault();
    if (file) importa.mutate({ tipo, file });
  };
  return (
    <>
      <nav aria-label="Percorso" className="mb-2">
        <Link to="/collocamento">Collocamento mirato</Link>
      </nav>
      <h1>Importa da file CSV</h1>
      <p>
        Il file ha una riga di intestazione con i nomi delle colonne (codice_fiscale, ufficio, territorio, categoria, …), separati da punto e virgola o virgola,
        come lo salva Excel. Si importano tutte le righe o nessuna: con un errore qualsiasi il file va corretto e caricato di nuovo.
      </p>
      <form onSubmit={invia} className="card card-body mb-4" noValidate>
        <Campo selezione etichetta="Che cosa si importa" nome="tipo" errore={importa.error}>
          {(p) => (
            <select {...p} value={tipo} onChange={(e) => setTipo(e.target.value as Tipo)}>
              <option value="iscritti">Iscritti all’elenco L. 68/99</option>
              <option value="datori">Datori di lavoro</option>
            </select>
          )}
        </Campo>
        <Campo etichetta="File CSV" nome="file" errore={importa.error} aiuto="UTF-8 o Windows-1252, fino a 64 MiB.">
          {(p) => <input {...p} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
        </Campo>
        <div>
          <button type="submit" className="btn btn-primary" disabled={!file || importa.isPending}>
            {importa.isPending ? 'Importazione in corso…' : 'Importa'}
          </button>
        </div>
      </form>

      {importa.isSuccess && (
        <div className="alert alert-success" role="status">
          Importazione riuscita: {importa.data.importati} {tipo === 'iscritti' ? 'iscritti registrati' : 'datori registrati'}.
        </div>
      )}
      {importa.isError && righe.length === 0 && <MostraErrore errore={importa.error} titolo="Importazione non riuscita" />}
      {righe.length > 0 && (
        <section aria-labelledby="errori-titolo">
          <div className="alert alert-danger" role="alert">
            <p className="fw-bold mb-0" id="errori-titolo">
              Nessuna riga importata: {righe.length === 1 ? 'un errore da correggere' : `${righe.length} errori da correggere`} nel file.
            </p>
          </div>
          <table className="table table-sm" data-testid="errori-importazione">
            <caption>Errori per riga e colonna (la riga 1 è l’intestazione)</caption>
            <thead>
              <tr>
                <th scope="col">Riga</th>
                <th scope="col">Colonna</th>
                <th scope="col">Problema</th>
              </tr>
            </thead>
            <tbody>
              {righe.map((r, i) => (
                <tr key={i}>
                  <td>{r.riga}</td>
                  <td>
                    <code>{r.colonna}</code>
                  </td>
                  <td>{r.messaggio}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
