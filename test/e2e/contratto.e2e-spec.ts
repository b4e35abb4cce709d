import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testoDocumento } from '../../apps/api/src/common/openapi';
import { Stack } from '../support/stack';

jest.setTimeout(120_000);

const stack = new Stack();
beforeAll(() => stack.start());
afterAll(() => stack.stop());

/** The first line where two texts differ, with a few around it in each. */
function primaDifferenza(atteso: string, trovato: string): string {
  const [a, b] = [atteso.split('\n'), trovato.split('\n')];
  const i = a.findIndex((riga, n) => riga !== b[n]);
  const n = i < 0 ? Math.min(a.length, b.length) : i;
  const intorno = (righe: string[]) =>
    righe
      .slice(Math.max(0, n - 3), n + 4)
      .map((r, k) => `${Math.max(0, n - 3) + k + 1}: ${r}`)
      .join('\n');
  return `line ${n + 1}\n--- openapi.json\n${intorno(a)}\n--- served by the API\n${intorno(b)}`;
}

describe('the API contract', () => {
  it('is served at /api/docs-json exactly as openapi.json holds it', async () => {
    const res = await fetch(`${stack.baseUrl}/api/docs-json`);
    expect(res.status).toBe(200);
    const servito = testoDocumento((await res.json()) as Parameters<typeof testoDocumento>[0]);
    const committato = readFileSync(join(__dirname, '../../openapi.json'), 'utf8');
    if (servito !== committato) {
      throw new Error(
        `openapi.json is not the document the API serves: run \`npm run openapi\` and commit openapi.json (then \`npm run client\`).\nFirst difference at ${primaDifferenza(committato, servito)}`,
      );
    }
  });
});
