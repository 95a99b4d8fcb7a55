using GrainPipeline.Kafka.Contract;
using GrainPipeline.Workload.Generation;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Tests.Support;

namespace GrainPipeline.Workload.Tests.Generation;

/// <summary>Counts, identities, keys and ordering: what the pipeline's invariants rely on.</summary>
public sealed class StreamStructureTests
{
    private static readonly string UuidPattern = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(1_000, 0)]
    [InlineData(1_001, 17)]
    [InlineData(4_999, 120)]
    public void Emits_exactly_the_requested_records_poison_included(long events, long poison)
    {
        var records = WorkloadGenerator.Generate(new WorkloadSpec { Events = events, Users = 50, Shops = 5, Poison = poison }).ToList();

        records.Should().HaveCount((int)events);
        records.Count(r => r.IsPoison).Should().Be((int)poison);
    }

    [Fact]
    public void Poison_is_spread_evenly_through_the_stream()
    {
        var positions = Workloads.MediumRun.Select((r, i) => (r, i)).Where(x => x.r.IsPoison).Select(x => x.i).ToList();

        var stride = Workloads.Medium.Events / Workloads.Medium.Poison;
        positions.Should().HaveCount((int)Workloads.Medium.Poison);
        positions[0].Should().BeCloseTo((int)(stride / 2), 1);
        positions.Zip(positions.Skip(1), (a, b) => b - a).Should().OnlyContain(gap => Math.Abs(gap - stride) <= 1);
    }

    [Fact]
    public void Event_ids_are_unique_across_all_records()
    {
        var ids = Workloads.MediumRun.Select(r => r.IsPoison ? PoisonId(r) : r.EventId).Where(id => id is not null).ToList();

        ids.Should().OnlyHaveUniqueItems();
        ids.Count.Should().BeGreaterThan((int)Workloads.Medium.ValidEvents);
        Workloads.MediumRun.Valid().Should().OnlyContain(r => r.EventId!.StartsWith("sh-", StringComparison.Ordinal));
    }

    [Fact]
    public void Per_user_timestamps_strictly_increase()
    {
        foreach (var user in Workloads.MediumRun.Valid().GroupBy(r => r.UserIndex))
        {
            var times = user.Select(r => r.Timestamp).ToList();
            for (var i = 1; i < times.Count; i++)
                times[i].Should().BeAfter(times[i - 1], "user {0}'s events must be in time order", user.Key);
        }
    }

    [Fact]
    public void Keys_headers_and_identities_follow_the_record_contract()
    {
        // Plain checks collected into one assertion: FluentAssertions per record would take most of a minute.
        var uuid = new System.Text.RegularExpressions.Regex(UuidPattern);
        var shopDomain = new System.Text.RegularExpressions.Regex(@"^shop-\d{4,}\.myshopify\.com$");
        var clientsByUser = new Dictionary<int, string>();
        var problems = new List<string>();
        foreach (var record in Workloads.MediumRun.Valid())
        {
            if (record.Key != $"{record.Shop}:{record.ClientId}") problems.Add($"key {record.Key}");
            if (!shopDomain.IsMatch(record.Shop!)) problems.Add($"shop {record.Shop}");
            if (!uuid.IsMatch(record.ClientId!)) problems.Add($"client id {record.ClientId}");
            var headers = record.Headers.ToDictionary(h => h.Key, h => h.Value);
            if (headers.Count != 2 || headers[RecordHeaders.Source] != RecordHeaders.SourcePixel || headers[RecordHeaders.Shop] != record.Shop)
                problems.Add($"headers of {record.EventId}: {string.Join(", ", headers)}");
            if (!PixelEventNames.All.Contains(record.EventName)) problems.Add($"name {record.EventName}");
            if (!clientsByUser.TryAdd(record.UserIndex, record.ClientId!) && clientsByUser[record.UserIndex] != record.ClientId)
                problems.Add($"user {record.UserIndex} has two client ids");
        }

        problems.Should().BeEmpty();
        clientsByUser.Values.Should().OnlyHaveUniqueItems();
        Workloads.MediumRun.Valid().Select(r => r.Shop).Distinct().Should().HaveCount(Workloads.Medium.Shops);
    }

    [Fact]
    public void Each_user_belongs_to_one_shop()
    {
        Workloads.MediumRun.Valid().GroupBy(r => r.UserIndex).Should().OnlyContain(g => g.Select(r => r.Shop).Distinct().Count() == 1);
    }

    private static string? PoisonId(GeneratedRecord record)
    {
        try
        {
            using var json = PixelJson.Parse(record.Value);
            return json.RootElement.TryGetProperty("id", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String ? id.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
