import { execFileSync } from 'node:child_process';

/**
 * The text of a PDF as a reader's tool extracts it (poppler's pdftotext, installed by `npm test`): one array of
 * lines per page. What it prints is what a user copying from the document gets, so a "?" here is a "?" for them.
 */
export function testoPdf(pdf: Buffer, opzioni: { layout?: boolean } = {}): string[][] {
  const out = execFileSync('pdftotext', ['-enc', 'UTF-8', ...(opzioni.layout ? ['-layout'] : []), '-', '-'], { input: pdf, maxBuffer: 64 << 20 }).toString(
    'utf8',
  );
  const pagine = out.split('\f');
  if (pagine.at(-1)?.trim() === '') pagine.pop();
  return pagine.map((p) =>
    p
      .split('\n')
      .map((r) => r.trim())
      .filter((r) => r !== ''),
  );
}
