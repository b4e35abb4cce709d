import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

jest.setTimeout(120_000);

const dir = join(__dirname, '../replay/histories');
const histories = readdirSync(dir).filter((f) => f.endsWith('.json'));
// Histories are stored in Temporal's JSON form (as `temporal workflow show --output json` prints them).
const load = (f: string): unknown => JSON.parse(readFileSync(join(dir, f), 'utf8'));

describe('replay of recorded histories', () => {
  it('has histories to replay', () => {
    expect(histories.length).toBeGreaterThan(0);
  });

  it.each(histories)("today's workflow code replays %s", async (file) => {
    await expect(Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows') }, load(file))).resolves.toBeUndefined();
  });

  it('catches a change that would break running workflows', async () => {
    // The fixture persists the decision before the receipt in the opposite order: a non-deterministic change.
    await expect(Worker.runReplayHistory({ workflowsPath: join(__dirname, 'fixtures/changed') }, load('pratica-approvata.json'))).rejects.toMatchObject({
      name: 'DeterminismViolationError',
    });
  });
});
