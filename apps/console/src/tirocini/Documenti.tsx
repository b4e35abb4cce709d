import { FormEvent, useRef, useState } from 'react';
import { ErroreApi } from '../comune/api';
import { Campo } from '../comune/Campo';
import { dataOra } from '../comune/formato';
import { MostraErrore } from '../comune/Problema';
import { type Tirocinio, useCaricaDocumento, useScaricaDocumento } from './dati';
import { DA_FIRMARE, documento, TIPI_DOCUMENTO } from './testi';

const kb = (n: number) => (n < 1024 ? `${n} byte` : `${(n / 1024).toLocaleString('it-IT', { maximumFractionDigits: 1 })} KB`);

/** Every version of every document, with its SHA-256 and the signature declared; a download per version. */
function Versioni({ t }: { t: Tirocinio }) {
  const scarica = useScaricaDocumento();
  const [link, setLink] = useState<{ id: string; url: string; nome: string }>();
  if (t.documenti.length === 0) return <p>Nessun documento caricato.</p>;
  return (
    <>
      <div className="table-responsive">
        <table className="table table-sm align-middle">
          <caption className="visually-hidden">Documenti della pratica, ogni versione</caption>
          <thead>
            <tr>
              <th scope="col">Documento</th>
              <th scope="col">Versione</th>
              <th scope="col">File</th>
              <th scope="col">Impronta SHA-256</th>
              <th scope="col">Firma</th>
              <th scope="col">Caricato</th>
              <th scope="col">
                <span className="visually-hidden">Azioni</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...t.documenti]
              .sort((a, b) => a.tipo.localeCompare(b.tipo) || b.versione - a.versione)
              .map((d) => (
                <tr key={d.id} data-tipo={d.tipo}>
                  <th scope="row">{documento(d.tipo)}</th>
                  <td>v{d.versione}</td>
                  <td>
                    {d.nomeFile}
                    <div className="small">
                      {d.contentType}, {kb(d.dimensione)}
                    </div>
                  </td>
                  <td>
                    <code className="text-break small" data-testid="sha256">
                      {d.sha256}
                    </code>
                  </td>
                  <td>
                    {d.firmato
                      ? `dichiarato firmato${d.firma ? ` da ${d.firma.dichiaratoDa}` : ''}`
                      : DA_FIRMARE.includes(d.tipo)
                        ? 'non dichiarato firmato'
                        : '—'}
                  </td>
                  <td>
                    {d.caricatoDa}
                    <div className="small">{dataOra(d.caricatoIl)}</div>
                  </td>
                  <td>
                    {link?.id === d.id ? (
                      <a href={link.url} download={link.nome} className="btn btn-sm btn-outline-primary">
                        Salva il file<span className="visually-hidden"> {d.nomeFile}</span>
                      </a>
                    ) : (
                      <button
                        type="button"
                        className="btn btn-sm btn-outline-primary"
                        onClick={() => scarica.mutate(d.id, { onSuccess: (url) => setLink({ id: d.id, url, nome: d.nomeFile }) })}
                      >
                        Scarica
                        <span className="visually-hidden">
                          {' '}
                          {documento(d.tipo)} versione {d.versione}
                        </span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      <MostraErrore errore={scarica.error} titolo="Documento non scaricato" />
    </>
  );
}

/** What the submission needs: each required document, attached or missing, with the checks' messages about it. */
function Richiesti({ t, errore }: { t: Tirocinio; errore?: unknown }) {
  const convenzioneRegistrata = !!(t.progetto as { convenzioneId?: string }).convenzioneId;
  return (
    <ul className="list-group mb-3">
      {TIPI_DOCUMENTO.map((tipo) => {
        const ultima = t.documenti.filter((d) => d.tipo === tipo).sort((a, b) => b.versione - a.versione)[0];
        const messaggi = errore instanceof ErroreApi ? errore.campo(`documenti.${tipo}`) : [];
        return (
          <li key={tipo} className="list-group-item" data-richiesto={tipo}>
            <span className="fw-semibold">{documento(tipo)}</span>:{' '}
            {ultima
              ? `versione ${ultima.versione}${ultima.firmato ? ', dichiarata firmata' : ''}`
              : tipo === 'convenzione' && convenzioneRegistrata
                ? 'sostituita dalla convenzione registrata'
                : 'mancante'}
            {messaggi.length > 0 && (
              <div className="invalid-feedback d-block" data-campo={`documenti.${tipo}`}>
                {messaggi.join(' ')}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** Upload of a document (a new version if its kind is already there), with the declaration that it is signed. */
function Carica({ id }: { id: string }) {
  const carica = useCaricaDocumento(id);
  const [tipo, setTipo] = useState(TIPI_DOCUMENTO[0]);
  const [firmato, setFirmato] = useState(true);
  const file = useRef<HTMLInputElement>(null);
  const invia = (e: FormEvent) => {
    e.preventDefault();
    const f = file.current?.files?.[0];
    if (f) carica.mutate({ tipo, file: f, firmato }, { onSuccess: () => file.current && (file.current.value = '') });
  };
  return (
    <form onSubmit={invia} className="border rounded p-3" aria-label="Carica un documento">
      <h3 className="h5">Carica un documento</h3>
      <div className="row">
        <div className="col-md-5">
          <Campo etichetta="Tipo di documento" nome="tipo" errore={carica.error}>
            {(a) => (
              <select {...a} className="form-select" value={tipo} onChange={(e) => setTipo(e.target.value)}>
                {TIPI_DOCUMENTO.map((x) => (
                  <option key={x} value={x}>
                    {documento(x)}
                  </option>
                ))}
              </select>
            )}
          </Campo>
        </div>
        <div className="col-md-7">
          <Campo etichetta="File (PDF, PNG o JPEG)" nome="file" errore={carica.error}>
            {(a) => <input {...a} type="file" ref={file} accept="application/pdf,image/png,image/jpeg" />}
          </Campo>
        </div>
      </div>
      <div className="form-check mb-3">
        <input id="doc-firmato" className="form-check-input" type="checkbox" checked={firmato} onChange={(e) => setFirmato(e.target.checked)} />
        <label htmlFor="doc-firmato" className="form-check-label">
          Dichiaro che il documento è firmato dalle parti che devono firmarlo
        </label>
      </div>
      <MostraErrore errore={carica.error} titolo="Documento non caricato" />
      {carica.isSuccess && (
        <p role="status" className="text-success">
          Caricato: {documento(carica.data.tipo)}, versione {carica.data.versione}.
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={carica.isPending}>
        Carica
      </button>
    </form>
  );
}

export function Documenti({ t, modificabile, errore }: { t: Tirocinio; modificabile: boolean; errore?: unknown }) {
  return (
    <section aria-labelledby="documenti" className="mt-4">
      <h2 id="documenti" className="h4">
        Documenti
      </h2>
      {modificabile && <Richiesti t={t} errore={errore} />}
      <Versioni t={t} />
      {modificabile && <Carica id={t.id} />}
    </section>
  );
}
