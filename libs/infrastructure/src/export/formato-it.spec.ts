import { dataIt, numeroIt, percentualeIt, spiegazioneIt } from './formato-it';

describe('formato-it', () => {
  it('prints calendar days gg/mm/aaaa and anything else as it came', () => {
    expect(dataIt('2020-03-20')).toBe('20/03/2020');
    expect(dataIt('2020-02-30')).toBe('2020-02-30');
    expect(dataIt(undefined)).toBe('');
  });

  it('groups thousands from 1.000 on, with a decimal comma and the decimals asked for', () => {
    expect([numeroIt(1234), numeroIt(59908), numeroIt(-1234.5), numeroIt(0.1)]).toEqual(['1.234', '59.908', '-1.234,5', '0,1']);
    expect([numeroIt(40, 2), numeroIt(33.333333333333336, 2), numeroIt(1234567.891, 2)]).toEqual(['40,00', '33,33', '1.234.567,89']);
    expect([numeroIt(-0), numeroIt(-0.001, 2)]).toEqual(['0', '0,00']);
  });

  it('prints a percentage as the number it is, followed by %', () => {
    expect([percentualeIt(74.59, 2), percentualeIt(100, 2), percentualeIt(95.5, 1), percentualeIt(70)]).toEqual(['74,59%', '100,00%', '95,5%', '70%']);
  });

  it('rewrites the machine dates and decimals of an explanation', () => {
    expect(spiegazioneIt('fine 2020-03-20, 91 / 122 = 74.59%; 2020-02-30')).toBe('fine 20/03/2020, 91 / 122 = 74,59%; 2020-02-30');
  });
});
