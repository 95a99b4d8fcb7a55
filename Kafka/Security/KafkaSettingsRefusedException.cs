namespace GrainPipeline.Kafka.Security;

/// <summary>
/// librdkafka checks some settings only when a client is made: it reads the TLS files then, and
/// rejects values it cannot use. <see cref="Guard{T}"/> turns that refusal into a start-up error
/// that names the section, instead of an unhandled exception with a native stack.
/// </summary>
public sealed class KafkaSettingsRefusedException(string message, Exception inner) : Exception(message, inner)
{
    public static T Guard<T>(Func<T> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        try
        {
            return build();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new KafkaSettingsRefusedException($"{KafkaSecurityOptions.Section}: the Kafka client refused its settings: {e.Message}", e);
        }
    }
}
