import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, of } from 'rxjs';
import type { AppConfig, ChiaviIdempotenza } from '@app/infrastructure';
import { IdempotenzaInterceptor } from './idempotenza.interceptor';

/** A request with an Idempotency-Key through the interceptor, with the store of keys in the test's hands. */
function prova(completa: () => Promise<void>) {
  const chiamate: unknown[][] = [];
  const chiavi = {
    reclama: async () => null,
    completa: (...a: unknown[]) => {
      chiamate.push(a);
      return completa();
    },
    rilascia: async () => undefined,
  } as unknown as ChiaviIdempotenza;
  const interceptor = new IdempotenzaInterceptor(chiavi, { TEMPORAL_UPDATE_TIMEOUT_MS: 1000 } as AppConfig);
  const req = { method: 'POST', headers: { 'idempotency-key': 'chiave-1' }, user: { office: 'CPI-TO', sub: 'mario' }, originalUrl: '/api/v1/x', body: {} };
  const res = { statusCode: 201, getHeader: (h: string) => (h === 'location' ? '/api/v1/x/1' : undefined), setHeader: () => undefined, once: () => undefined };
  const ctx = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ExecutionContext;
  const next: CallHandler = { handle: () => of({ id: '1' }) };
  return { chiamate, risposta: async () => firstValueFrom(await interceptor.intercept(ctx, next)) };
}

describe('IdempotenzaInterceptor', () => {
  it('lets the answer go only once it is kept: a retry as soon as the client has it finds it, not a request in corso', async () => {
    let salva!: () => void;
    const { chiamate, risposta } = prova(() => new Promise<void>((r) => (salva = r)));
    let inviata = false;
    const attesa = risposta().then((corpo) => {
      inviata = true;
      return corpo;
    });
    await new Promise((r) => setImmediate(r));
    expect(chiamate).toEqual([['CPI-TO:mario', 'chiave-1', 201, '/api/v1/x/1', { id: '1' }]]);
    expect(inviata).toBe(false);
    salva();
    expect(await attesa).toEqual({ id: '1' });
  });

  it('still answers when the answer cannot be kept (the retry then runs again)', async () => {
    const { risposta } = prova(() => Promise.reject(new Error('database giù')));
    expect(await risposta()).toEqual({ id: '1' });
  });
});
