using GrainPipeline.Kafka.Contract;

namespace GrainPipeline.Workload.Generation;

/// <summary>The generator's part of the record contract's headers: a pixel event from one shop.</summary>
internal static class PixelHeaders
{
    public static IReadOnlyList<KeyValuePair<string, string>> For(string shop) =>
    [
        new(RecordHeaders.Source, RecordHeaders.SourcePixel),
        new(RecordHeaders.Shop, shop),
    ];
}
