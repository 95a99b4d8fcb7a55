namespace GrainPipeline.Runtime;

/// <summary>
/// Calls of one grain method that were queued one behind another, run together in one turn (see
/// <see cref="GrainReference.InvokeBatched{TGrain, TArg}"/>). Call 0 is the oldest. The grain runs
/// them in order, as it would have in separate turns, and may end each one as soon as it is done;
/// those it does not end take the turn's outcome.
/// </summary>
public abstract class CallBatch<TArg>
{
    public abstract int Count { get; }

    public abstract TArg this[int index] { get; }

    /// <summary>Ends call <paramref name="index"/> now: with <paramref name="error"/>, or successfully when it is null.</summary>
    public abstract void Complete(int index, Exception? error);
}
