import { data } from '../comune/formato';

const PRIMA_DELLA_ROSA = ['richiesta', 'pubblicata', 'chiusa-adesioni', 'graduatoria-pubblicata'];

/** The 5-working-day clock for the rosa, in words: how long is left, or that it lapsed. */
export function Termine({ stato, scadenza, violata }: { stato: string; scadenza?: string | null; violata?: boolean }) {
  if (!scadenza) return <span>—</span>;
  if (!PRIMA_DELLA_ROSA.includes(stato)) {
    return <span>{violata ? `Rosa inviata dopo il termine (${data(scadenza)})` : `Termine del ${data(scadenza)} rispettato o non più in corso`}</span>;
  }
  if (violata) return <span className="badge bg-danger">Termine superato il {data(scadenza)}</span>;
  const oggi = new Date().toISOString().slice(0, 10);
  const giorni = Math.round((Date.parse(`${scadenza}T00:00:00Z`) - Date.parse(`${oggi}T00:00:00Z`)) / 86_400_000);
  const quando = giorni <= 0 ? 'scade oggi' : giorni === 1 ? 'scade domani' : `tra ${giorni} giorni`;
  return (
    <span>
      Rosa entro il {data(scadenza)} <span className={`badge ${giorni <= 1 ? 'bg-warning text-dark' : 'bg-light text-dark'}`}>{quando}</span>
    </span>
  );
}
