import { checkContent } from './content-type';

describe('checkContent', () => {
  it('accepts a PDF named .pdf, or with no extension', () => {
    expect(checkContent('application/pdf', 'istanza.PDF')).toEqual({ ok: true, contentType: 'application/pdf' });
    expect(checkContent('application/pdf', 'istanza')).toEqual({ ok: true, contentType: 'application/pdf' });
  });
  it('refuses a PNG named .pdf', () => {
    expect(checkContent('image/png', 'istanza.pdf')).toMatchObject({ ok: false, rule: 'estensione-non-corrispondente', found: 'pdf' });
  });
  it('refuses bytes of no accepted type, whatever the name says', () => {
    expect(checkContent(undefined, 'istanza.pdf')).toMatchObject({ ok: false, rule: 'tipo-non-ammesso', found: 'sconosciuto' });
    expect(checkContent('application/zip', 'istanza.pdf')).toMatchObject({ ok: false, rule: 'tipo-non-ammesso' });
  });
});
