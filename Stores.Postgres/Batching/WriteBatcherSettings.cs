namespace GrainPipeline.Stores.Postgres.Batching;

/// <summary>How a <see cref="WriteBatcher{TItem, TResult}"/> forms and writes batches.</summary>
/// <param name="MaxBatchSize">Rows per statement at most.</param>
/// <param name="Linger">After the first row, wait up to this long for more (zero = write what is there).</param>
/// <param name="QueueCapacity">Rows waiting at most; a caller beyond waits (with its token) for room.</param>
/// <param name="Concurrency">Statements in flight at once.</param>
/// <param name="StatementTimeout">Each batched statement fails after this.</param>
/// <param name="DrainTimeout">On dispose, queued rows are written for up to this long; the rest fail.</param>
public sealed record WriteBatcherSettings(int MaxBatchSize, TimeSpan Linger, int QueueCapacity, int Concurrency, TimeSpan StatementTimeout, TimeSpan DrainTimeout);
