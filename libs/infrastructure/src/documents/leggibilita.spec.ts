import { PDFDocument } from 'pdf-lib';
import { verificaLeggibilita } from './leggibilita';

async function pdfDiPagine(n: number, opzioni: { password?: boolean } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < n; i++) doc.addPage([595, 842]);
  const bytes = Buffer.from(await doc.save({ useObjectStreams: false, addDefaultPage: false }));
  if (!opzioni.password) return bytes;
  // pdf-lib cannot encrypt: an /Encrypt entry in the trailer is what makes a reader ask for a password.
  const testo = bytes.toString('latin1').replace(/trailer\s*<</, 'trailer\n<<\n/Encrypt << /Filter /Standard /V 2 /R 3 >>\n');
  return Buffer.from(testo, 'latin1');
}

const PNG_1x1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a80000000049454e44ae426082',
  'hex',
);
const JPEG_1x1 = Buffer.from(
  'ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9',
  'hex',
);

describe('verificaLeggibilita', () => {
  it('reads a PDF that opens and counts its pages', async () => {
    expect(await verificaLeggibilita('application/pdf', await pdfDiPagine(3))).toEqual({ leggibile: true, pagine: 3 });
  });

  it('refuses a PDF that is only a header, one cut short, one without pages and one with a password', async () => {
    expect(await verificaLeggibilita('application/pdf', Buffer.from('%PDF-'))).toMatchObject({ leggibile: false, motivo: 'danneggiato' });
    // A catalog with no page tree: what the first-bytes check let through.
    const senzaAlbero = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
    expect(await verificaLeggibilita('application/pdf', senzaAlbero)).toMatchObject({ leggibile: false, motivo: 'danneggiato' });
    const intero = await pdfDiPagine(2);
    expect(await verificaLeggibilita('application/pdf', intero.subarray(0, Math.floor(intero.length / 3)))).toMatchObject({ leggibile: false });
    expect(await verificaLeggibilita('application/pdf', await pdfDiPagine(0))).toMatchObject({ leggibile: false, motivo: 'senza-pagine' });
    expect(await verificaLeggibilita('application/pdf', await pdfDiPagine(1, { password: true }))).toMatchObject({
      leggibile: false,
      motivo: 'cifrato',
      dettaglio: expect.stringContaining('password'),
    });
  });

  it('reads images by header and size, and refuses a truncated one', async () => {
    expect(await verificaLeggibilita('image/png', PNG_1x1)).toEqual({ leggibile: true, larghezza: 1, altezza: 1 });
    expect(await verificaLeggibilita('image/jpeg', JPEG_1x1)).toEqual({ leggibile: true, larghezza: 1, altezza: 1 });
    expect(await verificaLeggibilita('image/png', PNG_1x1.subarray(0, PNG_1x1.length - 12))).toMatchObject({ leggibile: false, motivo: 'troncato' });
    expect(await verificaLeggibilita('image/jpeg', JPEG_1x1.subarray(0, JPEG_1x1.length - 2))).toMatchObject({ leggibile: false, motivo: 'troncato' });
    expect(await verificaLeggibilita('image/png', PNG_1x1.subarray(0, 20))).toMatchObject({ leggibile: false });
  });
});
