using GrainPipeline.Runtime.Configuration;
using GrainPipeline.Silo.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainPipeline.Integration.Tests;

/// <summary>Invariant 1: the sum of memory budgets is checked against the container limit before start.</summary>
public class MemoryBudgetTests
{
    private static PipelineSiloOptions Options(long limit) => new()
    {
        MemoryLimitBytes = limit,
        Ingest = { Bootstrap = "127.0.0.1:1" },
    };

    [Fact]
    public void The_silo_refuses_to_start_when_its_budgets_do_not_fit_and_names_the_settings()
    {
        var tooSmall = Options(limit: 128L * 1024 * 1024);
        var start = () => new PipelineSilo(tooSmall, StoreSet.InMemory(), NullLoggerFactory.Instance);

        var refusal = start.Should().Throw<OptionsValidationException>().Which;
        refusal.Message.Should().Contain("container limit");
        refusal.Failures.Should().Contain(f => f.Contains("Runtime:MaxActivations", StringComparison.Ordinal));
        refusal.Failures.Should().Contain(f => f.Contains("Ingest:MaxInFlightBytes", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_budget_fits_a_one_gibibyte_pod()
    {
        var budget = MemoryBudget.For(Options(limit: 1L << 30));
        budget.Check(1L << 30, 0.75).Should().BeEmpty(budget.ToString());
        budget.TotalBytes.Should().BeGreaterThan(100L * 1024 * 1024, "the defaults hold 32 MiB in flight twice and 100k activations");
    }

    [Theory]
    [InlineData("0x1000000", 16L * 1024 * 1024)]
    [InlineData("1000000", 16L * 1024 * 1024)]
    [InlineData(null, MemoryBudget.DefaultGen0Bytes)]
    [InlineData("sixteen", MemoryBudget.DefaultGen0Bytes)]
    public void The_gen0_budget_is_read_as_the_runtime_reads_DOTNET_GCgen0size(string? variable, long expected) =>
        MemoryBudget.Gen0Bytes(variable).Should().Be(expected);

    [Fact]
    public void The_gen0_budget_is_a_term_of_the_sum()
    {
        var small = MemoryBudget.For(Options(0), MemoryBudget.DefaultGen0Bytes);
        var large = MemoryBudget.For(Options(0), 16L * 1024 * 1024);
        (large.TotalBytes - small.TotalBytes).Should().Be(10L * 1024 * 1024);
        large.Terms.Should().Contain(t => t.Setting.StartsWith("DOTNET_GCgen0size", StringComparison.Ordinal));
    }

    [Fact]
    public void No_limit_means_no_refusal() => MemoryBudget.For(Options(0)).Check(null, 0.75).Should().BeEmpty();
}
