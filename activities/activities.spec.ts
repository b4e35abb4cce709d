import { activitiesOf } from './activities';

class Sample {
  constructor(private readonly prefix: string) {}
  async greet(name: unknown) {
    return `${this.prefix} ${name}`;
  }
}

describe('activitiesOf', () => {
  it('exposes each method bound to its instance, and nothing else', async () => {
    const acts = activitiesOf(new Sample('ciao'));
    expect(Object.keys(acts)).toEqual(['greet']);
    await expect(acts.greet('Mario')).resolves.toBe('ciao Mario');
  });
});
