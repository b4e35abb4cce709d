import type { Actor } from '../auth/roles';
import { guardiaMotivo, guardiaRuolo, guardiaStato, guardiaUfficio } from './guardie';

const operatore: Actor = { sub: 'mario.rossi', roles: ['operatore'], office: 'CPI-FI' };

describe('guardiaStato', () => {
  it('passes a step in an allowed state', () => {
    expect(guardiaStato('aperta', ['aperta', 'inviata'], 'x')).toEqual([]);
  });

  it('refuses any other state, with the allowed states as the limit and the message as given', () => {
    expect(guardiaStato<string>('chiusa', ['aperta', 'inviata'], "l'invio: ammesso solo in stato aperta o inviata")).toEqual([
      { rule: 'stato-non-ammesso', field: 'stato', message: "l'invio: ammesso solo in stato aperta o inviata", found: 'chiusa', limit: ['aperta', 'inviata'] },
    ]);
  });
});

describe('guardiaRuolo', () => {
  it('passes an actor holding any of the roles', () => {
    expect(guardiaRuolo({ roles: ['operatore', 'ispettore'] }, ['responsabile', 'ispettore'], 'x')).toEqual([]);
  });

  it('refuses an actor holding none, with its roles found and the allowed ones as the limit', () => {
    expect(guardiaRuolo(operatore, ['responsabile'], 'solo responsabile')).toEqual([
      { rule: 'ruolo-non-ammesso', field: 'roles', message: 'solo responsabile', found: ['operatore'], limit: ['responsabile'] },
    ]);
  });
});

describe('guardiaUfficio', () => {
  it("passes an actor of the case's office", () => {
    expect(guardiaUfficio(operatore, 'CPI-FI', 'x')).toEqual([]);
  });

  it('refuses another office on the field `office` unless told another', () => {
    expect(guardiaUfficio(operatore, 'CPI-PO', "dell'ufficio CPI-PO")).toEqual([
      { rule: 'ufficio-competente', field: 'office', message: "dell'ufficio CPI-PO", found: 'CPI-FI', limit: 'CPI-PO' },
    ]);
    expect(guardiaUfficio(operatore, 'CPI-PO', 'x', 'ufficio')[0].field).toBe('ufficio');
  });
});

describe('guardiaMotivo', () => {
  it('returns the trimmed reason, with no violation at the minimum length', () => {
    expect(guardiaMotivo('  0123456789  ', 'motivo', 10)).toEqual({ motivo: '0123456789', violations: [] });
  });

  it('counts the trimmed length, and treats a missing reason as empty', () => {
    expect(guardiaMotivo('  breve  ', 'esito.motivo', 10)).toEqual({
      motivo: 'breve',
      violations: [{ rule: 'motivazione-minima', field: 'esito.motivo', message: 'serve una motivazione di almeno 10 caratteri', found: 5, limit: 10 }],
    });
    expect(guardiaMotivo(undefined, 'motivo', 20).violations).toEqual([expect.objectContaining({ found: 0, limit: 20 })]);
  });
});
