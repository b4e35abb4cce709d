import type { ActivityExecuteInput } from '@temporalio/worker';
import { BattitoAutomatico } from './battito';

describe('BattitoAutomatico', () => {
  const input = {} as ActivityExecuteInput;

  it('heartbeats while the activity runs, and stops when it ends', async () => {
    const heartbeat = jest.fn();
    let fine: (v: string) => void = () => undefined;
    const risultato = new BattitoAutomatico({ heartbeat }, 10).execute(input, () => new Promise((r) => (fine = r)));
    await new Promise((r) => setTimeout(r, 65));
    const durante = heartbeat.mock.calls.length;
    expect(durante).toBeGreaterThanOrEqual(3);
    fine('fatto');
    await expect(risultato).resolves.toBe('fatto');
    await new Promise((r) => setTimeout(r, 40));
    expect(heartbeat.mock.calls.length).toBe(durante);
  });

  it('stops heartbeating when the activity fails, and passes its error on', async () => {
    const heartbeat = jest.fn();
    await expect(new BattitoAutomatico({ heartbeat }, 10).execute(input, async () => Promise.reject(new Error('guasto')))).rejects.toThrow('guasto');
    await new Promise((r) => setTimeout(r, 30));
    expect(heartbeat).not.toHaveBeenCalled();
  });
});
