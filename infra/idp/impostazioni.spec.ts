import { join } from 'node:path';
import { emittenteSviluppo, impostazioniIdp } from './impostazioni';

describe('development identity provider settings', () => {
  it('default to the embedded stack', () => {
    expect(impostazioniIdp({}, '/repo')).toEqual({
      host: '127.0.0.1',
      porta: 3100,
      emittente: 'http://127.0.0.1:3100',
      console: ['http://127.0.0.1:3000/console/', 'http://localhost:3000/console/'],
      ttlAccessToken: 600,
      audience: 'workflow-engine',
      risorsa: 'urn:workflow-engine',
      cartellaChiavi: join('/repo', '.data/dev-keys'),
    });
  });

  it('give the token CLI the same issuer: IDP_ISSUER, else from IDP_PORT', () => {
    expect(emittenteSviluppo({})).toBe('http://127.0.0.1:3100');
    expect(emittenteSviluppo({ IDP_PORT: '4100' })).toBe('http://127.0.0.1:4100');
    expect(emittenteSviluppo({ IDP_PORT: '4100', IDP_ISSUER: 'https://idp.example.it/' })).toBe('https://idp.example.it');
  });

  it('take console URLs with or without the final slash, and an audience that is already a URI as the resource', () => {
    const imp = impostazioniIdp({ IDP_CONSOLE_URLS: ' http://a.test/console ,http://b.test/c/', AUTH_AUDIENCE: 'https://api.example.it' });
    expect(imp.console).toEqual(['http://a.test/console/', 'http://b.test/c/']);
    expect(imp.risorsa).toBe('https://api.example.it');
  });

  it('refuse bad values naming the variable', () => {
    expect(() => impostazioniIdp({ IDP_PORT: 'x' })).toThrow(/^IDP_PORT=/);
    expect(() => impostazioniIdp({ IDP_ISSUER: 'ftp://x' })).toThrow(/^IDP_ISSUER=/);
    expect(() => impostazioniIdp({ IDP_CONSOLE_URLS: 'non un url' })).toThrow(/^IDP_CONSOLE_URLS=/);
    expect(() => impostazioniIdp({ IDP_ACCESS_TOKEN_TTL: String(13 * 3600) })).toThrow(/^IDP_ACCESS_TOKEN_TTL=/);
  });
});
