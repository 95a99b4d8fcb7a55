namespace GrainPipeline.Grains.Stages;

/// <summary>
/// A background item shared by several events ended differently for each: <see cref="Errors"/>[i]
/// is the error of the item's event i, or null where that event's work succeeded. The
/// <see cref="BackgroundStagePool"/> hands each event its own outcome.
/// </summary>
public sealed class SplitOutcomeException(IReadOnlyList<Exception?> errors)
    : Exception(Describe(errors), errors.FirstOrDefault(e => e is not null))
{
    public IReadOnlyList<Exception?> Errors { get; } = errors;

    /// <summary>The error of event <paramref name="index"/>: its own when the outcome was split, else <paramref name="error"/>.</summary>
    public static Exception? Of(Exception? error, int index) => error is SplitOutcomeException split ? split.Errors[index] : error;

    private static string Describe(IReadOnlyList<Exception?> errors) =>
        $"{errors.Count(e => e is not null)} of the {errors.Count} events sharing a background item failed.";
}
