import { TemporalStore, parsePrometheus, sumOf } from './temporal-store';

describe('parsePrometheus', () => {
  const text = [
    '# HELP persistence_latency Persistence latency',
    '# TYPE persistence_latency histogram',
    'persistence_latency_bucket{operation="UpdateWorkflowExecution",le="0.005"} 10',
    'persistence_latency_count{operation="UpdateWorkflowExecution",service_name="history"} 40',
    'persistence_latency_sum{operation="UpdateWorkflowExecution",service_name="history"} 0.2',
    'persistence_latency_count{operation="CreateWorkflowExecution",service_name="history"} 10',
    'persistence_latency_sum{operation="CreateWorkflowExecution",service_name="history"} 0.1',
    'persistence_latency_count{operation="GetWorkflowExecution",service_name="history"} 99',
    'weird_label{a="x\\"y,z"} 3',
    'no_labels 1.5e3',
  ].join('\n');

  it('reads names, labels (escapes included) and values, and skips comments', () => {
    const samples = parsePrometheus(text);
    expect(samples).toHaveLength(8);
    expect(samples.find((s) => s.name === 'weird_label')).toEqual({ name: 'weird_label', labels: { a: 'x"y,z' }, value: 3 });
    expect(samples.find((s) => s.name === 'no_labels')?.value).toBe(1500);
  });

  it('sums a metric over the label values asked for', () => {
    const samples = parsePrometheus(text);
    const where = { operation: ['UpdateWorkflowExecution', 'CreateWorkflowExecution'] };
    expect(sumOf(samples, 'persistence_latency_count', where)).toBe(50);
    expect(sumOf(samples, 'persistence_latency_sum', where)).toBeCloseTo(0.3);
    expect(sumOf(samples, 'persistence_latency_count')).toBe(149);
  });
});

describe('TemporalStore arithmetic', () => {
  it('writes per operation and their mean latency between two readings', () => {
    expect(TemporalStore.writesPer({ count: 100, latencyMs: 500 }, { count: 340, latencyMs: 1700 }, 20)).toEqual({ perOp: 12, meanMs: 5 });
    expect(TemporalStore.writesPer(undefined, { count: 1, latencyMs: 1 }, 1)).toBeUndefined();
    expect(TemporalStore.writesPer({ count: 5, latencyMs: 1 }, { count: 5, latencyMs: 1 }, 1)).toBeUndefined();
  });

  it('growth per execution, and what one shard can carry at the measured latency', () => {
    const u = TemporalStore.usage(
      { at: 0, bytes: 10_000_000, executions: 100, writes: { count: 0, latencyMs: 0 } },
      { at: 10_000, bytes: 12_000_000, executions: 300, writes: { count: 4000, latencyMs: 8000 } },
      4,
    );
    expect(u.bytesPerExecution).toBe(10_000);
    expect(u.persistence).toEqual({ shardWrites: 4000, meanWriteMs: 2, writesPerSecondPerShardCeiling: 500, writesPerSecondPerShardMeasured: 100 });
  });
});
