import { useEffect, useState } from 'react';
import { MostraErrore } from '../comune/Problema';

/**
 * A download the API serves only with the bearer token: fetched through the client, then handed to the browser as a
 * file (and kept as a link, in case the browser asked where to save it and the user closed the dialog).
 */
export function Scarica({ etichetta, nomeFile, scarica }: { etichetta: string; nomeFile: string; scarica: () => Promise<Blob> }) {
  const [url, setUrl] = useState<string>();
  const [errore, setErrore] = useState<unknown>();
  const [inCorso, setInCorso] = useState(false);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);

  async function avvia() {
    setErrore(undefined);
    setInCorso(true);
    try {
      const nuovo = URL.createObjectURL(await scarica());
      setUrl(nuovo);
      const a = document.createElement('a');
      a.href = nuovo;
      a.download = nomeFile;
      document.body.appendChild(a);
      a.click();
      a.remove();
    } catch (e) {
      setErrore(e);
    } finally {
      setInCorso(false);
    }
  }

  return (
    <div className="mb-2">
      <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => void avvia()} disabled={inCorso}>
        {inCorso ? `Preparazione di ${nomeFile}…` : etichetta}
      </button>
      {url && (
        <span className="ms-2 small" role="status">
          Pronto:{' '}
          <a href={url} download={nomeFile}>
            {nomeFile}
          </a>
        </span>
      )}
      <MostraErrore errore={errore} titolo={`Impossibile scaricare ${nomeFile}`} />
    </div>
  );
}
