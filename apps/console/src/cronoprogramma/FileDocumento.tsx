import { ChangeEvent, useId, useState } from 'react';
import { ErroreApi } from '../comune/api';
import { ProblemiDocumento } from './ProblemiDocumento';
import type { Documento } from './parole';

interface Props {
  etichetta: string;
  documento?: Documento;
  onDocumento: (d: Documento | undefined) => void;
  /** The API's answer to the last submission: its errors are listed under the field. */
  errore?: unknown;
}

/** A plan document chosen as a JSON file: read in the browser, summarised, and its problems listed beside it. */
export function FileDocumento({ etichetta, documento, onDocumento, errore }: Props) {
  const id = useId();
  const [illeggibile, setIlleggibile] = useState<string>();
  const problemi = errore instanceof ErroreApi && (errore.problema.errors?.length ?? 0) > 0;
  const descritto = [`${id}-aiuto`, illeggibile ? `${id}-illeggibile` : '', problemi ? `${id}-problemi` : ''].filter(Boolean).join(' ');

  async function scelto(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setIlleggibile(undefined);
    if (!file) return onDocumento(undefined);
    try {
      const letto: unknown = JSON.parse(await file.text());
      if (!letto || typeof letto !== 'object' || Array.isArray(letto)) throw new Error('il file non contiene un oggetto JSON');
      onDocumento(letto as Documento);
    } catch (err) {
      setIlleggibile(`Il file «${file.name}» non è un documento JSON leggibile: ${(err as Error).message}`);
      onDocumento(undefined);
    }
  }

  return (
    <div className="mb-3">
      <label htmlFor={id} className="form-label fw-semibold">
        {etichetta}
      </label>
      <input
        id={id}
        type="file"
        name="documento"
        accept="application/json,.json"
        className={`form-control${illeggibile || problemi ? ' is-invalid' : ''}`}
        aria-describedby={descritto}
        aria-invalid={illeggibile || problemi ? true : undefined}
        onChange={(e) => void scelto(e)}
      />
      <div id={`${id}-aiuto`} className="form-text">
        Il documento JSON del piano (schema PianoDocumentoDto): aree, obiettivi, indicatori e fasi con i loro pesi, che a ogni livello sommano 100.
      </div>
      {illeggibile && (
        <div id={`${id}-illeggibile`} className="invalid-feedback d-block">
          {illeggibile}
        </div>
      )}
      {documento && !illeggibile && (
        <p className="mt-2 mb-0" data-testid="anteprima-documento">
          Documento letto: «{documento.titolo}», ufficio {documento.ufficio}, anno {documento.anno},{' '}
          {documento.aree?.flatMap((a) => a.obiettivi ?? []).length ?? 0} obiettivi.
        </p>
      )}
      <ProblemiDocumento id={`${id}-problemi`} errore={errore} documento={documento} />
    </div>
  );
}
