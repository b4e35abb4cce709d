import { Actor } from '../auth/roles';
import { decidePratica, initialPraticaState } from './pratica.machine';
import { PraticaState } from './pratica.state';

const now = new Date('2026-03-02T10:00:00Z');
const operatore: Actor = { sub: 'mario.rossi', roles: ['operatore'], office: 'CPI-FI' };
const responsabile: Actor = { sub: 'anna.bianchi', roles: ['responsabile'], office: 'CPI-FI' };
const doc = { documentoId: 'd1', tipo: 'istanza', sha256: 'a'.repeat(64), versione: 1 };

function submitted(): PraticaState {
  let s = initialPraticaState({ praticaId: 'p1', ufficio: 'CPI-FI', creataDa: operatore.sub });
  const up = decidePratica(s, { type: 'documentoCaricato', actor: operatore, documento: doc }, now);
  if (!up.ok) throw new Error('upload refused');
  s = up.value.state;
  const sent = decidePratica(s, { type: 'invio', actor: operatore }, now);
  if (!sent.ok) throw new Error('submit refused');
  return sent.value.state;
}

const rules = (d: ReturnType<typeof decidePratica>) => (d.ok ? [] : d.violations.map((v) => v.rule).sort());

describe('decidePratica', () => {
  it('submits a case with documents and records the transition', () => {
    const s = submitted();
    expect(s.stato).toBe('inviata');
    expect(s.documenti).toEqual([doc]);
  });

  it('refuses to submit a case without documents', () => {
    const s = initialPraticaState({ praticaId: 'p1', ufficio: 'CPI-FI', creataDa: operatore.sub });
    expect(rules(decidePratica(s, { type: 'invio', actor: operatore }, now))).toEqual(['documenti-richiesti']);
  });

  it('approves a submitted case and records who, when and why', () => {
    const d = decidePratica(submitted(), { type: 'decisione', actor: responsabile, esito: 'approvata', motivazione: 'requisiti verificati' }, now);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value.state.stato).toBe('approvata');
    expect(d.value.transition).toEqual({
      azione: 'decisione',
      from: 'inviata',
      to: 'approvata',
      actor: responsabile,
      motivazione: 'requisiti verificati',
      at: now.toISOString(),
    });
  });

  it('bars whoever submitted the case from deciding it, even with the responsabile role', () => {
    const both: Actor = { ...operatore, roles: ['operatore', 'responsabile'] };
    const d = decidePratica(submitted(), { type: 'decisione', actor: both, esito: 'approvata', motivazione: 'requisiti verificati' }, now);
    expect(rules(d)).toEqual(['separazione-compiti']);
  });

  it('refuses a decision before submission, from another office, without reason or with an unknown outcome, all at once', () => {
    const s = initialPraticaState({ praticaId: 'p1', ufficio: 'CPI-FI', creataDa: operatore.sub });
    const other: Actor = { ...responsabile, office: 'CPI-PI' };
    const d = decidePratica(s, { type: 'decisione', actor: other, esito: 'forse' as never, motivazione: 'ok' }, now);
    expect(rules(d)).toEqual(['esito-ammesso', 'motivazione-minima', 'non-inviata', 'ufficio-competente']);
  });

  it('accepts a reason of exactly the minimum length and refuses one shorter', () => {
    const ok = decidePratica(submitted(), { type: 'decisione', actor: responsabile, esito: 'respinta', motivazione: '0123456789' }, now);
    const ko = decidePratica(submitted(), { type: 'decisione', actor: responsabile, esito: 'respinta', motivazione: ' 012345678 ' }, now);
    expect(ok.ok).toBe(true);
    expect(rules(ko)).toEqual(['motivazione-minima']);
  });

  it('refuses any change once the case is decided', () => {
    const d = decidePratica(submitted(), { type: 'decisione', actor: responsabile, esito: 'respinta', motivazione: 'documentazione incompleta' }, now);
    if (!d.ok) throw new Error('decision refused');
    const again = decidePratica(d.value.state, { type: 'decisione', actor: responsabile, esito: 'approvata', motivazione: 'ripensamento tardivo' }, now);
    expect(rules(again)).toEqual(['pratica-chiusa']);
    const upload = decidePratica(d.value.state, { type: 'documentoCaricato', actor: operatore, documento: doc }, now);
    expect(rules(upload)).toEqual(['pratica-chiusa']);
  });

  it('replaces a re-sent document reference instead of listing it twice', () => {
    const s = initialPraticaState({ praticaId: 'p1', ufficio: 'CPI-FI', creataDa: operatore.sub });
    const once = decidePratica(s, { type: 'documentoCaricato', actor: operatore, documento: doc }, now);
    if (!once.ok) throw new Error();
    const twice = decidePratica(once.value.state, { type: 'documentoCaricato', actor: operatore, documento: doc }, now);
    expect(twice.ok && twice.value.state.documenti).toEqual([doc]);
  });
});
