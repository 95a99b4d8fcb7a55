using GrainPipeline.Stores.Abstractions;
using GrainPipeline.Stores.Model;
using GrainPipeline.Workload.Expectations;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;

namespace GrainPipeline.Silo.Verification;

/// <summary>
/// Checks the stores against the generator's ground truth by generating the same events again
/// (same spec, same bytes) instead of holding them in memory during the run:
/// lost = valid events neither stored nor dead-lettered; orderViolations = users with an event
/// stored before one produced earlier; statsMismatches = product_stats cells that differ.
/// </summary>
public sealed class PipelineVerifier(IEventStore events, IProductStatsStore productStats)
{
    private const int LookupBatch = 1000;
    private const int SampleLimit = 10;

    public async Task<VerificationResult> VerifyAsync(WorkloadSpec spec, DeadLetterSnapshot deadLetters, CancellationToken cancellation)
    {
        var expected = new ExpectedProductStats();
        var lastSequence = new long[spec.Users];
        var violated = new bool[spec.Users];
        var samples = new List<string>();
        long valid = 0, poison = 0, stored = 0, lost = 0, violations = 0;
        var batch = new List<GeneratedRecord>(LookupBatch);

        async Task CheckBatch()
        {
            var found = await events.FindWriteSequencesAsync(batch.Select(r => r.EventId!).ToList(), cancellation);
            foreach (var record in batch)
            {
                if (found.TryGetValue(record.EventId!, out var sequence))
                {
                    stored++;
                    var user = record.UserIndex;
                    if (sequence < lastSequence[user] && !violated[user])
                    {
                        violated[user] = true;
                        violations++;
                        Sample(samples, $"order: user {record.Shop}:{record.ClientId} stored {record.EventId} after a later event");
                    }
                    lastSequence[user] = Math.Max(lastSequence[user], sequence);
                }
                else if (!deadLetters.EventIds.Contains(record.EventId!))
                {
                    lost++;
                    Sample(samples, $"lost: {record.EventId} ({record.EventName}) of {record.Shop}:{record.ClientId}");
                }
            }
            batch.Clear();
        }

        foreach (var record in WorkloadGenerator.Generate(spec))
        {
            if (record.IsPoison)
            {
                poison++;
                continue;
            }
            valid++;
            expected.Add(record);
            batch.Add(record);
            if (batch.Count == LookupBatch) await CheckBatch();
        }
        if (batch.Count > 0) await CheckBatch();

        var (mismatches, overCounted, cells) = await CompareStatsAsync(expected, samples, cancellation);
        return new VerificationResult(valid, poison, stored, lost, violations, mismatches, cells, deadLetters.Total,
            deadLetters.CountsByReason, samples) { StatsOverCounted = overCounted };
    }

    private async Task<(long Mismatches, long OverCounted, long Cells)> CompareStatsAsync(ExpectedProductStats expected, List<string> samples, CancellationToken cancellation)
    {
        var actual = new Dictionary<ProductStatsKey, ProductStatDelta>();
        await foreach (var cell in productStats.ReadAllAsync(cancellation))
            actual[new ProductStatsKey(cell.Key.Shop, cell.Key.ProductId, cell.Key.Day)] = cell;
        long mismatches = 0, overCounted = 0;
        foreach (var (key, want) in expected.Rows)
        {
            var found = actual.Remove(key, out var got);
            if (found && got.Views == want.Views && got.AddsToCart == want.AddsToCart && got.Purchases == want.Purchases && got.Revenue == want.Revenue)
                continue;
            mismatches++;
            if (found && (got.Views > want.Views || got.AddsToCart > want.AddsToCart || got.Purchases > want.Purchases || got.Revenue > want.Revenue))
                overCounted++;
            Sample(samples, $"stats: {key.Shop}/{key.ProductId}/{key.Day:yyyy-MM-dd} expected {want} got {(got.Key.Shop is null ? "nothing" : got.ToString())}");
        }
        foreach (var extra in actual.Keys)
        {
            mismatches++;
            overCounted++;
            Sample(samples, $"stats: unexpected cell {extra.Shop}/{extra.ProductId}/{extra.Day:yyyy-MM-dd}");
        }
        return (mismatches, overCounted, expected.Count);
    }

    private static void Sample(List<string> samples, string line)
    {
        if (samples.Count < SampleLimit) samples.Add(line);
    }
}
