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
/// <para>A caller may also queue several rows as one group (<see cref="EnqueueAllAsync"/>): they go
/// into one statement, in the order given, and succeed or fail together.</para>
/// </summary>
public abstract class WriteBatcher<TItem, TResult> : IAsyncDisposable
{
    private readonly Channel<IEntry> _queue;
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
        _queue = Channel.CreateBounded<IEntry>(new BoundedChannelOptions(settings.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
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
        var entry = new RowEntry(item, cancellation);
        return _queue.Writer.TryWrite(entry) ? entry.Task : EnqueueWhenRoomAsync(entry, entry.Task, cancellation);
    }

    /// <summary>
    /// Queues the rows as one group: never split between statements, written in this order, and
    /// committed or failed together. A statement may hold one group beyond the batch size. One
    /// result per row, in order.
    /// </summary>
    public Task<TResult[]> EnqueueAllAsync(IReadOnlyList<TItem> items, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (Volatile.Read(ref _disposed) != 0) return Task.FromException<TResult[]>(new ObjectDisposedException(Name));
        if (cancellation.IsCancellationRequested) return Task.FromCanceled<TResult[]>(cancellation);
        if (items.Count == 0) return Task.FromResult(Array.Empty<TResult>());
        var entry = new GroupEntry(items, cancellation);
        return _queue.Writer.TryWrite(entry) ? entry.Task : EnqueueWhenRoomAsync(entry, entry.Task, cancellation);
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

    private async Task<T> EnqueueWhenRoomAsync<T>(IEntry entry, Task<T> written, CancellationToken cancellation)
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
        return await written;
    }

    private async Task FlushLoopAsync()
    {
        var batch = new List<IEntry>(_settings.MaxBatchSize);
        var items = new List<TItem>(_settings.MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            await FillAsync(batch);
            batch.RemoveAll(static entry => entry.GaveUp());
            if (batch.Count == 0) continue;
            items.Clear();
            foreach (var entry in batch) entry.AddItemsTo(items);
            await FlushAsync(batch, items);
        }
    }

    /// <summary>Takes what is queued, up to the batch size in rows (a group may take it past).</summary>
    private async Task FillAsync(List<IEntry> batch)
    {
        var reader = _queue.Reader;
        var max = _settings.MaxBatchSize;
        var rows = 0;
        while (rows < max && reader.TryRead(out var entry)) rows += Take(batch, entry);
        if (batch.Count == 0 || rows >= max || _settings.Linger <= TimeSpan.Zero) return;
        var until = Stopwatch.GetTimestamp() + (long)(_settings.Linger.TotalSeconds * Stopwatch.Frequency);
        while (rows < max)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), until);
            if (left <= TimeSpan.Zero) break;
            var more = reader.WaitToReadAsync().AsTask();
            if (await Task.WhenAny(more, Task.Delay(left)) != more || !await more) break;
            while (rows < max && reader.TryRead(out var entry)) rows += Take(batch, entry);
        }
    }

    private static int Take(List<IEntry> batch, IEntry entry)
    {
        batch.Add(entry);
        return entry.Rows;
    }

    private async Task FlushAsync(List<IEntry> batch, List<TItem> items)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        deadline.CancelAfter(_settings.StatementTimeout);
        try
        {
            var results = await ExecuteAsync(items, deadline.Token);
            Count(items.Count);
            var next = 0;
            foreach (var entry in batch) next = entry.Succeed(results, next);
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

    /// <summary>Isolates the row (or group) a data error came from: every other one is still written.</summary>
    private async Task FlushOneByOneAsync(List<IEntry> batch, CancellationToken deadline)
    {
        var items = new List<TItem>();
        foreach (var entry in batch)
        {
            try
            {
                items.Clear();
                entry.AddItemsTo(items);
                var results = await ExecuteAsync(items, deadline);
                Count(items.Count);
                entry.Succeed(results, 0);
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

    /// <summary>What a caller queued (a row, or a group of rows) and how it is told the outcome.</summary>
    private interface IEntry
    {
        int Rows { get; }

        void AddItemsTo(List<TItem> items);

        /// <summary>Takes this entry's results from <paramref name="first"/> on; returns where the next entry's begin.</summary>
        int Succeed(TResult[] results, int first);

        void Fail(Exception error);

        /// <summary>The caller stopped waiting before the rows were written: drop them.</summary>
        bool GaveUp();

        void Dispose();
    }

    /// <summary>The caller's task, completed by the flush; the caller's token can end the wait first.</summary>
    private abstract class Entry<T> : TaskCompletionSource<T>, IEntry
    {
        private readonly CancellationTokenRegistration _registration;

        protected Entry(CancellationToken cancellation)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            if (cancellation.CanBeCanceled)
                _registration = cancellation.UnsafeRegister(static (state, token) => ((Entry<T>)state!).TrySetCanceled(token), this);
        }

        public abstract int Rows { get; }

        public abstract void AddItemsTo(List<TItem> items);

        public abstract int Succeed(TResult[] results, int first);

        public bool GaveUp()
        {
            if (!Task.IsCompleted) return false;
            Dispose();
            return true;
        }

        protected void Succeed(T result)
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

    private sealed class RowEntry(TItem item, CancellationToken cancellation) : Entry<TResult>(cancellation)
    {
        public override int Rows => 1;

        public override void AddItemsTo(List<TItem> items) => items.Add(item);

        public override int Succeed(TResult[] results, int first)
        {
            Succeed(results[first]);
            return first + 1;
        }
    }

    private sealed class GroupEntry(IReadOnlyList<TItem> group, CancellationToken cancellation) : Entry<TResult[]>(cancellation)
    {
        public override int Rows => group.Count;

        public override void AddItemsTo(List<TItem> items)
        {
            for (var i = 0; i < group.Count; i++) items.Add(group[i]);
        }

        public override int Succeed(TResult[] results, int first)
        {
            Succeed(results.AsSpan(first, group.Count).ToArray());
            return first + group.Count;
        }
    }
}
