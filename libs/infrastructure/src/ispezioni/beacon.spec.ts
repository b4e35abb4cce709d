import { loadConfig } from '../config/app-config';
import { BeaconClient } from './beacon';

describe('BeaconClient.roundDopo', () => {
  const client = new BeaconClient(
    loadConfig({ SORTEGGIO_BEACON_URL: 'https://beacon.example', SORTEGGIO_BEACON_GENESIS: '1000', SORTEGGIO_BEACON_PERIODO: '30' }),
  );

  it('takes the first round strictly after the instant', () => {
    // Round 1 at t=1000, round 2 at 1030, round 3 at 1060.
    expect(client.roundDopo(new Date(1000_000))).toBe(2);
    expect(client.roundDopo(new Date(1029_999))).toBe(2);
    expect(client.roundDopo(new Date(1030_000))).toBe(3);
    expect(client.roundDopo(new Date(0))).toBe(2);
  });

  it('requires the genesis when a beacon is configured', () => {
    expect(() => loadConfig({ SORTEGGIO_BEACON_URL: 'https://beacon.example' })).toThrow(/SORTEGGIO_BEACON_GENESIS/);
  });
});
