import { ReactNode, useId } from 'react';
import { ErroreApi } from './api';

interface Props {
  etichetta: string;
  /** The field's path in the API's body: the errors the API names it by are shown beside it. */
  nome: string;
  errore?: unknown;
  aiuto?: ReactNode;
  /** A <select>: bootstrap-italia draws it with form-select, not form-control. */
  selezione?: boolean;
  children: (p: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; className: string; name: string }) => ReactNode;
}

/** A labelled form field with its help and the API's messages about it, linked for screen readers. */
export function Campo({ etichetta, nome, errore, aiuto, selezione, children }: Props) {
  const id = useId();
  const messaggi = errore instanceof ErroreApi ? errore.campo(nome) : [];
  const descritto = [aiuto ? `${id}-aiuto` : '', messaggi.length ? `${id}-errore` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="mb-3">
      <label htmlFor={id} className="form-label fw-semibold">
        {etichetta}
      </label>
      {children({
        id,
        name: nome,
        'aria-describedby': descritto,
        'aria-invalid': messaggi.length ? true : undefined,
        className: `${selezione ? 'form-select' : 'form-control'}${messaggi.length ? ' is-invalid' : ''}`,
      })}
      {aiuto && (
        <div id={`${id}-aiuto`} className="form-text">
          {aiuto}
        </div>
      )}
      {messaggi.length > 0 && (
        <div id={`${id}-errore`} className="invalid-feedback d-block" data-campo={nome}>
          {messaggi.join(' ')}
        </div>
      )}
    </div>
  );
}
