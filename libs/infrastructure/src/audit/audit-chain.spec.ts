import { AuditFields, GENESIS_HASH, auditHash, canonicalJson, verifyChain } from './audit-chain';

const fields = (azione: string, dopo: Record<string, unknown> | null = null): AuditFields => ({
  registratoIl: new Date('2026-01-05T09:00:00.123Z'),
  attore: 'mario.rossi',
  ruoli: 'operatore',
  ufficio: 'CPI-FI',
  procedura: 'pratica',
  entita: 'pratica',
  entitaId: 'p1',
  azione,
  motivazione: null,
  prima: null,
  dopo,
  requestId: 'r1',
  idempotencyKey: null,
});

function chain(...f: AuditFields[]) {
  let prev = GENESIS_HASH;
  return f.map((x, i) => {
    const hash = auditHash(prev, x);
    const row = { ...x, id: i + 1, prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

describe('audit chain', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });

  it('accepts an untouched chain', () => {
    expect(verifyChain(chain(fields('creata'), fields('invio', { stato: 'inviata' }), fields('decisione')))).toEqual({ valid: true, checked: 3 });
  });

  it('detects an edited row', () => {
    const rows = chain(fields('creata'), fields('invio', { stato: 'inviata' }), fields('decisione'));
    rows[1].dopo = { stato: 'approvata' };
    expect(verifyChain(rows)).toMatchObject({ valid: false, firstBrokenId: 2 });
  });

  it('detects a removed row', () => {
    const rows = chain(fields('creata'), fields('invio'), fields('decisione'));
    rows.splice(1, 1);
    expect(verifyChain(rows)).toMatchObject({ valid: false, firstBrokenId: 3 });
  });

  it('detects a re-hashed row whose successor still points at the old hash', () => {
    const rows = chain(fields('creata'), fields('invio'), fields('decisione'));
    rows[1].azione = 'annullata';
    rows[1].hash = auditHash(rows[1].prevHash, rows[1]);
    expect(verifyChain(rows)).toMatchObject({ valid: false, firstBrokenId: 3 });
  });
});
