import { dataOra } from '../comune/formato';
import type { Tirocinio } from './dati';
import { CAUSE_SOSPENSIONE, documento, passo } from './testi';

/** A few words about what a step changed, where the step says it in its own record. */
function dettaglio(cosa: string, dopo: Record<string, unknown> | null): string | undefined {
  if (!dopo) return undefined;
  if (cosa === 'documento-caricato' && typeof dopo.tipo === 'string')
    return `${documento(dopo.tipo)}${dopo.versione ? `, versione ${String(dopo.versione)}` : ''}`;
  if (cosa === 'decisione' && typeof dopo.esito === 'string') return `Esito: ${dopo.esito === 'integrazioni' ? 'integrazioni richieste' : dopo.esito}`;
  if (cosa === 'sospensione' && typeof dopo.causa === 'string') return CAUSE_SOSPENSIONE[dopo.causa] ?? dopo.causa;
  if (typeof dopo.stato === 'string') return undefined;
  return undefined;
}

/** The practice's timeline (its steps and document uploads): who, with which roles, when, what and why. */
export function CronologiaTirocinio({ t }: { t: Tirocinio }) {
  return (
    <section aria-labelledby="cronologia" className="mt-4">
      <h2 id="cronologia" className="h4">
        Cronologia
      </h2>
      {t.timeline.length === 0 ? (
        <p>Nessuna operazione registrata.</p>
      ) : (
        <ol className="list-unstyled border-start ps-3" data-testid="cronologia">
          {t.timeline.map((v, i) => {
            const d = dettaglio(v.cosa, v.dopo);
            return (
              <li key={i} className="mb-2">
                <span className="fw-semibold">{passo(v.cosa)}</span>
                {d ? ` (${d})` : ''} — {v.chi}
                {v.ruoli ? ` (${v.ruoli})` : ''}, {dataOra(v.il)}
                {v.perche && <div className="small">Motivazione: {v.perche}</div>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
