import { comeModulo } from './index';

describe('comeModulo', () => {
  it('sends the fields first and the files last, whatever the order of the body, and leaves out absent values', () => {
    const file = new File([new Uint8Array([37, 80, 68, 70])], 'istanza.pdf');
    const form = comeModulo({ file, tipo: 'istanza', nota: undefined, firmato: null, versione: 2 });
    expect([...form.keys()]).toEqual(['tipo', 'versione', 'file']);
    expect(form.get('versione')).toBe('2');
    expect((form.get('file') as File).name).toBe('istanza.pdf');
  });
});
