using System.Text.Json;
using GrainPipeline.Kafka.Contract;
using GrainPipeline.Workload.Model;
using GrainPipeline.Workload.Poison;
using GrainPipeline.Workload.Tests.Support;

namespace GrainPipeline.Workload.Tests.Poison;

/// <summary>Each poison kind is bad in exactly the way its name says, and only in that way.</summary>
public sealed class PoisonTests
{
    private static IReadOnlyList<GeneratedRecord> Poison => Workloads.MediumRun.Where(r => r.IsPoison).ToList();

    [Fact]
    public void Kinds_rotate_so_every_kind_is_represented_equally()
    {
        Poison.Select(r => r.PoisonKind).Should().Equal(
            Enumerable.Range(0, Poison.Count).Select(i => PoisonKinds.All[i % PoisonKinds.All.Count]));
        PoisonKinds.All.Should().BeEquivalentTo(
            [PoisonKinds.InvalidJson, PoisonKinds.MissingKey, PoisonKinds.MissingEventId, PoisonKinds.UnknownEventName, PoisonKinds.Oversized, PoisonKinds.WrongFieldTypes]);
        PoisonKinds.All.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Poison_carries_no_meaning_but_keeps_real_headers()
    {
        foreach (var record in Poison)
        {
            record.ProductEffects.Should().BeEmpty();
            record.EventId.Should().BeNull();
            record.EventName.Should().BeNull();
            record.UserIndex.Should().Be(-1);
            record.Headers.Should().Contain(new KeyValuePair<string, string>(RecordHeaders.Source, RecordHeaders.SourcePixel));
            record.Headers.Should().Contain(new KeyValuePair<string, string>(RecordHeaders.Shop, record.Shop!));
            if (record.PoisonKind != PoisonKinds.MissingKey) record.Key.Should().Be($"{record.Shop}:{ClientIdOf(record)}");
        }
    }

    [Fact]
    public void Invalid_json_does_not_parse()
    {
        foreach (var record in OfKind(PoisonKinds.InvalidJson))
        {
            var parse = () => JsonDocument.Parse(record.Value).Dispose();
            parse.Should().Throw<JsonException>();
            record.Value.Length.Should().BeGreaterThan(10, "a cut-off body, not an empty one");
        }
    }

    [Fact]
    public void Missing_key_is_a_valid_event_without_a_key()
    {
        foreach (var record in OfKind(PoisonKinds.MissingKey))
        {
            record.Key.Should().BeNull();
            using var json = PixelJson.Parse(record.Value);
            json.RootElement.GetProperty("id").GetString().Should().StartWith("sh-");
            json.RootElement.GetProperty("name").GetString().Should().Be(PixelEventNames.PageViewed);
        }
    }

    [Fact]
    public void Missing_event_id_lacks_only_the_id()
    {
        foreach (var record in OfKind(PoisonKinds.MissingEventId))
        {
            using var json = PixelJson.Parse(record.Value);
            json.RootElement.TryGetProperty("id", out _).Should().BeFalse();
            json.RootElement.GetProperty("name").GetString().Should().Be(PixelEventNames.PageViewed);
            json.RootElement.GetProperty("timestamp").ValueKind.Should().Be(JsonValueKind.String);
        }
    }

    [Fact]
    public void Unknown_event_name_is_not_a_standard_event()
    {
        foreach (var record in OfKind(PoisonKinds.UnknownEventName))
        {
            using var json = PixelJson.Parse(record.Value);
            var name = json.RootElement.GetProperty("name").GetString();
            PixelEventNames.All.Should().NotContain(name);
            json.RootElement.GetProperty("type").GetString().Should().Be("standard");
        }
    }

    [Fact]
    public void Oversized_is_valid_json_over_one_mebibyte()
    {
        foreach (var record in OfKind(PoisonKinds.Oversized))
        {
            record.Value.Length.Should().BeGreaterThan(1024 * 1024).And.BeLessThan(1300 * 1024);
            using var json = PixelJson.Parse(record.Value);
            json.RootElement.GetProperty("id").GetString().Should().StartWith("sh-");
        }
    }

    [Fact]
    public void Wrong_field_types_swap_a_string_for_a_number_or_a_boolean()
    {
        var defects = new List<string>();
        foreach (var record in OfKind(PoisonKinds.WrongFieldTypes))
        {
            using var json = PixelJson.Parse(record.Value);
            var id = json.RootElement.GetProperty("id").ValueKind;
            var timestamp = json.RootElement.GetProperty("timestamp").ValueKind;
            (id == JsonValueKind.Number ^ timestamp is JsonValueKind.True or JsonValueKind.False).Should().BeTrue("exactly one field has the wrong type");
            defects.Add(id == JsonValueKind.Number ? "numeric id" : "boolean timestamp");
        }
        defects.Should().Contain("numeric id").And.Contain("boolean timestamp");
    }

    private static IEnumerable<GeneratedRecord> OfKind(string kind)
    {
        var records = Poison.Where(r => r.PoisonKind == kind).ToList();
        records.Should().NotBeEmpty("the medium run has ten of each kind");
        return records;
    }

    private static string? ClientIdOf(GeneratedRecord record)
    {
        if (record.PoisonKind == PoisonKinds.InvalidJson) return record.Key![(record.Key!.IndexOf(':', StringComparison.Ordinal) + 1)..];
        using var json = PixelJson.Parse(record.Value);
        return json.RootElement.GetProperty("clientId").GetString();
    }
}
