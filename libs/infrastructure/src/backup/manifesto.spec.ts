import { FORMATO_BACKUP, ordineRipristino, problemiManifesto, VersioneCopiata } from './manifesto';

const v = (chiave: string, modificato: string, extra: Partial<VersioneCopiata> = {}): VersioneCopiata => ({
  ruolo: 'documenti',
  chiave,
  versione: `${chiave}@${modificato}`,
  modificato,
  marcatoreCancellazione: false,
  contenuto: { file: `oggetti/documenti/${chiave}-${Date.parse(modificato)}`, byte: 1, sha256: 'x' },
  ...extra,
});

describe('ordineRipristino', () => {
  it('writes each key oldest first, so the newest version (or delete marker) ends up current', () => {
    // As S3 lists them: newest first per key.
    const elenco = [
      v('b', '2026-01-03T00:00:00Z', { marcatoreCancellazione: true, contenuto: undefined }),
      v('b', '2026-01-01T00:00:00Z'),
      v('a', '2026-01-02T00:00:00Z'),
      v('a', '2026-01-01T00:00:00Z'),
    ];
    expect(ordineRipristino(elenco).map((x) => `${x.chiave}@${x.modificato.slice(8, 10)}${x.marcatoreCancellazione ? '×' : ''}`)).toEqual([
      'a@01',
      'a@02',
      'b@01',
      'b@03×',
    ]);
  });

  it('keeps versions stored in the same millisecond in the order they were written (the listing reversed)', () => {
    const t = '2026-01-01T00:00:00.000Z';
    const elenco = [v('k', t, { versione: 'nuova' }), v('k', t, { versione: 'vecchia' })];
    expect(ordineRipristino(elenco).map((x) => x.versione)).toEqual(['vecchia', 'nuova']);
  });
});

describe('problemiManifesto', () => {
  const buono = () => ({
    formato: FORMATO_BACKUP,
    creatoIl: '2026-01-01T00:00:00Z',
    database: { nome: 'db', file: 'database.dump', byte: 1, sha256: 'x' },
    temporal: { tipo: 'sqlite', file: [{ nome: 'temporal.db', file: 'temporal.sqlite', byte: 1, sha256: 'y' }] },
    bucket: [],
    versioni: [v('a', '2026-01-01T00:00:00Z')],
  });

  it('accepts what the backup writes', () => {
    expect(problemiManifesto(buono())).toEqual([]);
  });

  it('refuses a file name that climbs out of the copy, a file listed twice, an unknown format and a version without bytes', () => {
    const m = buono();
    m.formato = 2 as typeof FORMATO_BACKUP;
    m.database.file = '../../etc/passwd';
    m.versioni.push(v('b', '2026-01-01T00:00:00Z', { contenuto: { file: 'temporal.sqlite', byte: 1, sha256: 'z' } }), v('c', 'ieri', { contenuto: undefined }));
    expect(problemiManifesto(m)).toEqual([
      'formato 2 non supportato (atteso 1)',
      'nome di file non ammesso: ../../etc/passwd',
      'file elencato due volte: temporal.sqlite',
      'documenti/c: versione senza contenuto',
      'documenti/c: data di modifica non valida',
    ]);
    expect(problemiManifesto(null)).toEqual(['il manifesto non è un oggetto JSON']);
  });
});
