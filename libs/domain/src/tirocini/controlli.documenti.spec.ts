import { controlla, doc, documentiCompleti, regole } from './__fixtures__/controlli';
import { CONTENT_TYPE_LEGGIBILI, DOCUMENTI_DA_FIRMARE, REQUIRED_DOCUMENTS } from './controlli';
import type { ContestoControlli } from './tirocini.types';

describe('controlliPrimoLivello', () => {
  describe('documents', () => {
    it.each(REQUIRED_DOCUMENTS.map((t) => [t]))('reports the missing %s', (tipo) => {
      expect(controlla({ documenti: documentiCompleti().filter((d) => d.tipo !== tipo) })).toEqual([
        expect.objectContaining({ rule: 'documento-mancante', field: `documenti.${tipo}`, limit: tipo }),
      ]);
    });

    it('reports every missing document when none is attached', () => {
      expect(controlla({ documenti: [] }).map((v) => v.field)).toEqual(REQUIRED_DOCUMENTS.map((t) => `documenti.${t}`));
    });

    it('accepts PDF, PNG and JPEG by detected type (parameters and case ignored) and refuses anything else', () => {
      for (const ct of [...CONTENT_TYPE_LEGGIBILI, 'application/pdf; charset=binary', 'IMAGE/JPEG']) {
        expect([ct, controlla({ documenti: [...documentiCompleti().slice(1), doc('convenzione', { contentType: ct })] })]).toEqual([ct, []]);
      }
      for (const ct of ['text/plain', 'image/gif', 'application/zip', 'application/octet-stream', '']) {
        expect([ct, controlla({ documenti: [...documentiCompleti().slice(1), doc('convenzione', { contentType: ct })] })]).toEqual([
          ct,
          [expect.objectContaining({ rule: 'documento-illeggibile', field: 'documenti.convenzione', found: ct })],
        ]);
      }
    });

    it('checks readability of optional documents too', () => {
      expect(regole({ documenti: [...documentiCompleti(), doc('registro-presenze', { contentType: 'text/html' })] })).toEqual(['documento-illeggibile']);
    });

    it.each(DOCUMENTI_DA_FIRMARE.map((t) => [t]))('requires %s signed', (tipo) => {
      const documenti = documentiCompleti().map((d) => (d.tipo === tipo ? { ...d, firmato: false } : d));
      expect(controlla({ documenti })).toEqual([
        expect.objectContaining({ rule: 'documento-non-firmato', field: `documenti.${tipo}`, found: false, limit: true }),
      ]);
    });

    it('does not require a signature on the identity document or the selection declaration', () => {
      const documenti = documentiCompleti().map((d) =>
        d.tipo === 'documento-identita' || d.tipo === 'dichiarazione-selezione' ? { ...d, firmato: false } : d,
      );
      expect(controlla({ documenti })).toEqual([]);
    });

    it('judges the latest version of each document', () => {
      const base = documentiCompleti().filter((d) => d.tipo !== 'progetto-formativo');
      const v1 = doc('progetto-formativo', { versione: 1, firmato: false, contentType: 'text/plain' });
      const v2 = doc('progetto-formativo', { versione: 2 });
      expect(controlla({ documenti: [...base, v2, v1] })).toEqual([]);
      expect(regole({ documenti: [...base, { ...v1, versione: 3 }, v2] })).toEqual(['documento-illeggibile', 'documento-non-firmato']);
    });
  });

  describe('convenzione', () => {
    const senzaConvenzione = () => documentiCompleti().filter((d) => d.tipo !== 'convenzione');
    const conv = (o: Partial<NonNullable<ContestoControlli['convenzione']>> = {}) => ({
      id: 'conv-1',
      promotoreId: 'prom-1',
      ospitanteId: 'osp-1',
      validaDal: '2026-04-01',
      validaAl: '2026-09-30',
      ...o,
    });

    it('an existing convenzione covering both parties and exactly the whole period replaces the document', () => {
      expect(controlla({ documenti: senzaConvenzione(), contesto: { convenzione: conv() } })).toEqual([]);
      expect(controlla({ documenti: senzaConvenzione(), progetto: { convenzioneId: 'conv-1' }, contesto: { convenzione: conv() } })).toEqual([]);
    });

    it('refuses a convenzione ending the day before the end or starting the day after the start', () => {
      for (const c of [conv({ validaAl: '2026-09-29' }), conv({ validaDal: '2026-04-02' })]) {
        expect(controlla({ documenti: senzaConvenzione(), contesto: { convenzione: c } })).toEqual([
          expect.objectContaining({
            rule: 'convenzione-non-valida',
            field: 'progetto.convenzioneId',
            found: { validaDal: c.validaDal, validaAl: c.validaAl },
            limit: { dataInizio: '2026-04-01', dataFine: '2026-09-30' },
          }),
        ]);
      }
    });

    it('refuses a convenzione between other parties', () => {
      expect(
        controlla({ documenti: senzaConvenzione(), progetto: { convenzioneId: 'conv-1' }, contesto: { convenzione: conv({ ospitanteId: 'osp-2' }) } }),
      ).toEqual([
        expect.objectContaining({
          rule: 'convenzione-non-valida',
          found: { promotoreId: 'prom-1', ospitanteId: 'osp-2' },
          limit: { promotoreId: 'prom-1', ospitanteId: 'osp-1' },
        }),
      ]);
      expect(regole({ documenti: senzaConvenzione(), contesto: { convenzione: conv({ promotoreId: 'prom-9', validaAl: '2026-06-30' }) } })).toEqual([
        'convenzione-non-valida',
        'convenzione-non-valida',
      ]);
    });

    it('refuses a reference to a convenzione that is not found, even with the document attached', () => {
      expect(controlla({ progetto: { convenzioneId: 'conv-9' } })).toEqual([
        expect.objectContaining({ rule: 'convenzione-non-valida', found: 'conv-9', limit: null }),
      ]);
      expect(regole({ progetto: { convenzioneId: 'conv-9' }, contesto: { convenzione: conv() } })).toEqual(['convenzione-non-valida']);
    });

    it('an attached document makes an unreferenced context convenzione irrelevant', () => {
      expect(controlla({ contesto: { convenzione: conv({ validaAl: '2026-05-01' }) } })).toEqual([]);
    });

    it('with neither document nor convenzione the document is missing', () => {
      expect(regole({ documenti: senzaConvenzione() })).toEqual(['documento-mancante']);
    });
  });
});
