import { Actor } from '@app/domain';
import { VerifiedTokenCache } from './token-verifier';

const actor: Actor = { sub: 'mario.rossi', roles: ['operatore'], office: 'CPI-FI' };
const now = 1_800_000_000_000;

describe('VerifiedTokenCache', () => {
  it('returns a verified token until it expires', () => {
    const c = new VerifiedTokenCache();
    c.set('t', actor, now / 1000 + 60, now);
    expect(c.get('t', now + 59_000)).toEqual(actor);
    expect(c.get('t', now + 60_000)).toBeUndefined();
  });

  it('keeps an entry at most five minutes, even for a long-lived token', () => {
    const c = new VerifiedTokenCache();
    c.set('t', actor, now / 1000 + 3600, now);
    expect(c.get('t', now + 299_000)).toEqual(actor);
    expect(c.get('t', now + 300_000)).toBeUndefined();
  });

  it('does not keep tokens without expiry or already expired', () => {
    const c = new VerifiedTokenCache();
    c.set('a', actor, undefined, now);
    c.set('b', actor, now / 1000 - 1, now);
    expect([c.get('a', now), c.get('b', now)]).toEqual([undefined, undefined]);
  });

  it('drops the oldest entry when full', () => {
    const c = new VerifiedTokenCache(2);
    for (const t of ['a', 'b', 'c']) c.set(t, actor, now / 1000 + 60, now);
    expect([c.get('a', now), c.get('b', now), c.get('c', now)]).toEqual([undefined, actor, actor]);
  });
});
