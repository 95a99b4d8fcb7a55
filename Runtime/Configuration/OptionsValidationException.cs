namespace GrainPipeline.Runtime.Configuration;

/// <summary>Raised before start when settings are invalid; the message lists each bad setting by name.</summary>
public sealed class OptionsValidationException(IReadOnlyList<string> failures)
    : Exception("Invalid settings:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", failures))
{
    public IReadOnlyList<string> Failures => failures;

    public static void ThrowIfAny(IEnumerable<string> failures)
    {
        var list = failures.ToList();
        if (list.Count > 0) throw new OptionsValidationException(list);
    }
}
