import { data } from '../comune/formato';

const PRIMA_DELLA_ROSA = ['richiesta', 'pubblicata', 'chiusa-adesioni', 'graduatoria-pubblicata'];

/** The 5-working-day clock for the rosa, in words: how long is left, or that it lapsed. */
export function Termine({ stato, scadenza, violata }: { stato: string; scadenza?: string | null; violata?: boolean }) {
  if (!scadenza) return <span>—</span>;
  if (!PRIMA_DELLA_ROSA.includes(stato)) {
    if (!['rosa-inviata', 'conclusa'].includes(stato)) return <span>—</span>;
    return <span>{violata ? `Rosa inviata oltre il termine del ${data(scadenza)}` : `Rosa inviata entro il termine del ${data(scadenza)}`}</span>;
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
