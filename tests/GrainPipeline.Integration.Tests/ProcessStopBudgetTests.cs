using GrainPipeline.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace GrainPipeline.Integration.Tests;

public sealed class ProcessStopBudgetTests
{
    private static TimeSpan Budget(params (string Key, string Value)[] settings) =>
        ProcessStopBudget.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void The_defaults_give_the_three_stop_bounds_plus_the_store_close()
    {
        Budget().Should().Be(TimeSpan.FromSeconds(30 + 20 + 10 + 15));
    }

    [Fact]
    public void A_longer_drain_lengthens_the_budget_so_the_stop_is_not_cut_short()
    {
        Budget(("Ingest:DrainTimeout", "00:02:00"), ("Flusher:HandOverTimeout", "00:00:30"))
            .Should().Be(TimeSpan.FromSeconds(120 + 20 + 30 + 15));
    }

    [Fact]
    public void Short_bounds_or_a_value_that_does_not_parse_keep_the_minimum()
    {
        Budget(("Ingest:DrainTimeout", "00:00:05"), ("Runtime:BulkDeactivationTimeout", "00:00:05"), ("Flusher:HandOverTimeout", "00:00:05"))
            .Should().Be(ProcessStopBudget.Minimum);
        Budget(("Ingest:DrainTimeout", "soon")).Should().Be(ProcessStopBudget.Minimum);
    }
}
