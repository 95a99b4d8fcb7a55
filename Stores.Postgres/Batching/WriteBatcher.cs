using System.Diagnostics;
using System.Threading.Channels;
using GrainPipeline.Stores.Abstractions;

namespace GrainPipeline.Stores.Postgres.Batching;

/// <summary>
/// Coalesces concurrent single-row writes into multi-row statements. Callers enqueue a row into a
/// bounded queue (full → they wait, with their own token) and get a task that completes only when
/// the statement holding their row has committed. <see cref="WriteBatcherSettings.Concurrency"/>
/// flush loops each take what is queued (up to the batch size, lingering briefly for more) and write
/// it as one statement, so under load batches grow by themselves while one is in flight (group commit).
/// <para>A failed statement fails every row in it with the outage, except when the error is about the
/// data: then the rows are written one by one, so only the bad row's caller sees the error.</para>
/// <para>A caller whose token fires stops waiting; its row is dropped if not yet written, otherwise
/// it may still be committed — harmless, because every batched write is idempotent.</para>
/// </summary>
public abstract class WriteBatcher<TItem, TResult> : IAsyncDisposable
{
    private readonly Channel<Entry> _queue;
    private readonly WriteBatcherSettings _settings;
    private readonly CancellationTokenSource _abort = new();
    private readonly Task[] _loops;
    private long _batches;
    private long _rows;
    private int _disposed;

    protected WriteBatcher(string name, WriteBatcherSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Name = name;
        _settings = settings;
        _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(settings.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
        _loops = Enumerable.Range(0, settings.Concurrency).Select(_ => Task.Run(FlushLoopAsync)).ToArray();
    }

    /// <summary>What is written, for messages (e.g. "events").</summary>
    public string Name { get; }

    /// <summary>Statements written (a counter).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Rows written (a counter); Rows / Batches is the mean batch size.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    /// <summary>Rows queued and not yet taken by a flush (a gauge).</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Queues the row; the task completes once its statement committed.</summary>
    public Task<TResult> EnqueueAsync(TItem item, CancellationToken cancellation)
    {
        if (Volatile.Read(ref _disposed) != 0) return Task.FromException<TResult>(new ObjectDisposedException(Name));
        if (cancellation.IsCancellationRequested) return Task.FromCanceled<TResult>(cancellation);
        var entry = new Entry(item, cancellation);
        return _queue.Writer.TryWrite(entry) ? entry.Task : EnqueueWhenRoomAsync(entry, cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.Writer.TryComplete();
        var drained = Task.WhenAll(_loops);
        if (await Task.WhenAny(drained, Task.Delay(_settings.DrainTimeout)) != drained)
        {
            await _abort.CancelAsync(); // in-flight statements stop; what is left fails fast
            await drained;
        }
        _abort.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes the rows as one statement; returns one result per row, in order.</summary>
    protected abstract Task<TResult[]> ExecuteAsync(IReadOnlyList<TItem> items, CancellationToken cancellation);

    /// <summary>True when the error means "try later" rather than "this data is wrong".</summary>
    protected abstract bool IsOutage(Exception error);

    /// <summary>The exception callers see for an error.</summary>
    protected abstract Exception Translate(Exception error);

    private async Task<TResult> EnqueueWhenRoomAsync(Entry entry, CancellationToken cancellation)
    {
        try
        {
            await _queue.Writer.WriteAsync(entry, cancellation);
        }
        catch (ChannelClosedException)
        {
            entry.Dispose();
            throw new ObjectDisposedException(Name);
        }
        catch (OperationCanceledException)
        {
            entry.Dispose();
            throw;
        }
        return await entry.Task;
    }

    private async Task FlushLoopAsync()
    {
        var batch = new List<Entry>(_settings.MaxBatchSize);
        var items = new List<TItem>(_settings.MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            await FillAsync(batch);
            batch.RemoveAll(static entry => entry.GaveUp());
            if (batch.Count == 0) continue;
            items.Clear();
            foreach (var entry in batch) items.Add(entry.Item);
            await FlushAsync(batch, items);
        }
    }

    private async Task FillAsync(List<Entry> batch)
    {
        var reader = _queue.Reader;
        var max = _settings.MaxBatchSize;
        while (batch.Count < max && reader.TryRead(out var entry)) batch.Add(entry);
        if (batch.Count == 0 || batch.Count >= max || _settings.Linger <= TimeSpan.Zero) return;
        var until = Stopwatch.GetTimestamp() + (long)(_settings.Linger.TotalSeconds * Stopwatch.Frequency);
        while (batch.Count < max)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), until);
            if (left <= TimeSpan.Zero) break;
            var more = reader.WaitToReadAsync().AsTask();
            if (await Task.WhenAny(more, Task.Delay(left)) != more || !await more) break;
            while (batch.Count < max && reader.TryRead(out var entry)) batch.Add(entry);
        }
    }

    private async Task FlushAsync(List<Entry> batch, List<TItem> items)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        deadline.CancelAfter(_settings.StatementTimeout);
        try
        {
            var results = await ExecuteAsync(items, deadline.Token);
            Count(batch.Count);
            for (var i = 0; i < batch.Count; i++) batch[i].Succeed(results[i]);
        }
        catch (Exception error) when (batch.Count > 1 && !IsOutage(error))
        {
            await FlushOneByOneAsync(batch, deadline.Token);
        }
        catch (Exception error)
        {
            var failure = Failure(error, deadline.Token);
            foreach (var entry in batch) entry.Fail(failure);
        }
    }

    /// <summary>Isolates the row(s) a data error came from: every other row is still written.</summary>
    private async Task FlushOneByOneAsync(List<Entry> batch, CancellationToken deadline)
    {
        foreach (var entry in batch)
        {
            try
            {
                var result = await ExecuteAsync([entry.Item], deadline);
                Count(1);
                entry.Succeed(result[0]);
            }
            catch (Exception error)
            {
                entry.Fail(Failure(error, deadline));
            }
        }
    }

    private Exception Failure(Exception error, CancellationToken deadline) =>
        error is OperationCanceledException && deadline.IsCancellationRequested
            ? new StoreUnavailableException(_abort.IsCancellationRequested
                ? $"Writing {Name} was abandoned at shutdown."
                : $"Writing a batch of {Name} took longer than {_settings.StatementTimeout}.", new TimeoutException(error.Message, error))
            : Translate(error);

    private void Count(int rows)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _rows, rows);
    }

    /// <summary>One queued row and its caller.</summary>
    private sealed class Entry : TaskCompletionSource<TResult>, IDisposable
    {
        private readonly CancellationTokenRegistration _registration;

        public Entry(TItem item, CancellationToken cancellation)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            Item = item;
            if (cancellation.CanBeCanceled)
                _registration = cancellation.UnsafeRegister(static (state, token) => ((Entry)state!).TrySetCanceled(token), this);
        }

        public TItem Item { get; }

        /// <summary>The caller stopped waiting before the row was written: drop it.</summary>
        public bool GaveUp()
        {
            if (!Task.IsCompleted) return false;
            Dispose();
            return true;
        }

        public void Succeed(TResult result)
        {
            TrySetResult(result);
            Dispose();
        }

        public void Fail(Exception error)
        {
            TrySetException(error);
            Dispose();
        }

        public void Dispose() => _registration.Unregister();
    }
}
