using System.Diagnostics;
using System.Threading.Channels;
using GrainPipeline.Collector.Client;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Producing;

namespace GrainPipeline.Silo.Demo;

/// <summary>
/// Sends generated pixel events through the collector over HTTP, as storefronts would. Records are
/// spread over a fixed number of lanes by key, and within a lane gathered per shop (the shop is in
/// the URL); each lane sends its batches one after another and waits out 503/429 before the next,
/// so one visitor's events always arrive in order. Lanes are bounded channels and batches have a
/// fixed size, so memory is bounded by lanes × shops × batch, whatever the run length.
/// </summary>
internal sealed class CollectorSender(CollectorClient client, IBacklogProbe backlog, long maxLag, int lanes = CollectorSender.DefaultLanes, int batchSize = CollectorSender.DefaultBatchSize)
{
    public const int DefaultLanes = 8;
    public const int DefaultBatchSize = 100;
    private static readonly TimeSpan LagRecheckInterval = TimeSpan.FromMilliseconds(20);

    private long _acknowledged;
    private long _failed;
    private long _refusals;
    private long _pausedTicks;

    /// <summary>Events the collector answered 202 for (so the broker acknowledged them).</summary>
    public long Produced => Interlocked.Read(ref _acknowledged);

    /// <summary>Answers of 503 or 429 that were waited out and retried.</summary>
    public long Refusals => Interlocked.Read(ref _refusals);

    public async Task<ProduceReport> RunAsync(IEnumerable<GeneratedRecord> records, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var channels = Enumerable.Range(0, lanes).Select(_ => Channel.CreateBounded<Batch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true })).ToArray();
        var workers = channels.Select(channel => Task.Run(() => DrainAsync(channel.Reader, cancellation), CancellationToken.None)).ToArray();
        var failures = new Dictionary<string, long>();
        long attempted = 0;
        try
        {
            var pending = new Dictionary<(int Lane, string Shop), List<ReadOnlyMemory<byte>>>();
            foreach (var record in records)
            {
                cancellation.ThrowIfCancellationRequested();
                attempted++;
                if (record.IsPoison || record.Key is null || record.Shop is null)
                    throw new InvalidOperationException("Poison records cannot travel through the collector: it refuses bad input at the door (400). Run --via-collector with --poison 0.");
                var lane = (record.Key.GetHashCode(StringComparison.Ordinal) & int.MaxValue) % lanes;
                var slot = (lane, record.Shop);
                if (!pending.TryGetValue(slot, out var batch)) pending[slot] = batch = new List<ReadOnlyMemory<byte>>(batchSize);
                batch.Add(record.Value);
                if (batch.Count < batchSize) continue;
                pending.Remove(slot);
                await WaitForBacklogAsync(cancellation);
                await channels[lane].Writer.WriteAsync(new Batch(record.Shop, batch), cancellation);
            }

            foreach (var ((lane, shop), batch) in pending)
                await channels[lane].Writer.WriteAsync(new Batch(shop, batch), cancellation);
        }
        finally
        {
            foreach (var channel in channels) channel.Writer.TryComplete();
            foreach (var reasons in await Task.WhenAll(workers))
                foreach (var (reason, count) in reasons) failures[reason] = failures.GetValueOrDefault(reason) + count;
        }

        return new ProduceReport(Produced, Produced, 0, Interlocked.Read(ref _failed), clock.Elapsed)
        {
            Attempted = attempted,
            PausedForLag = TimeSpan.FromTicks(Interlocked.Read(ref _pausedTicks)),
            FailureReasons = failures,
        };
    }

    private async Task<Dictionary<string, long>> DrainAsync(ChannelReader<Batch> reader, CancellationToken cancellation)
    {
        var failures = new Dictionary<string, long>();
        await foreach (var batch in reader.ReadAllAsync(cancellation))
        {
            try
            {
                var result = await client.SendPixelBatchAsync(batch.Shop, batch.Events, cancellation);
                Interlocked.Add(ref _acknowledged, result.Events);
                Interlocked.Add(ref _refusals, result.Refusals);
            }
            catch (CollectorRejectedException e)
            {
                // Counted, not thrown: the run goes on and the summary says what did not get in.
                Interlocked.Add(ref _failed, batch.Events.Count);
                var reason = $"http-{e.Status}";
                failures[reason] = failures.GetValueOrDefault(reason) + batch.Events.Count;
            }
        }
        return failures;
    }

    /// <summary>The embedded broker drops the oldest records past ~5 MiB a partition: keep the backlog small.</summary>
    private async Task WaitForBacklogAsync(CancellationToken cancellation)
    {
        if (maxLag <= 0 || backlog.HighestPartitionBacklog() <= maxLag) return;
        var since = Stopwatch.GetTimestamp();
        while (backlog.HighestPartitionBacklog() > maxLag) await Task.Delay(LagRecheckInterval, cancellation);
        Interlocked.Add(ref _pausedTicks, Stopwatch.GetElapsedTime(since).Ticks);
    }

    private sealed record Batch(string Shop, List<ReadOnlyMemory<byte>> Events);
}
