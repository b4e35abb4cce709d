import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { join } from 'node:path';

jest.setTimeout(120_000);

const quiet = { logger: new DefaultLogger('ERROR', () => undefined) };

describe('workflow bundle', () => {
  it('bundles every workflow with no Node or Nest code in it', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), ...quiet });
    expect(code).toContain('praticaWorkflow');
    expect(code).not.toMatch(/@nestjs\/|typeorm|require\("pg"\)|minio/);
  });

  it('fails when a workflow imports a Node built-in', async () => {
    await expect(bundleWorkflowCode({ workflowsPath: join(__dirname, 'fixtures/bad-node'), ...quiet })).rejects.toThrow(/fs/);
  });

  it('fails when a workflow imports Nest code', async () => {
    await expect(bundleWorkflowCode({ workflowsPath: join(__dirname, 'fixtures/bad-nest'), ...quiet })).rejects.toThrow();
  });
});
