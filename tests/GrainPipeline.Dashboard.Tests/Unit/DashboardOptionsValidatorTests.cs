using GrainPipeline.Dashboard.Configuration;

namespace GrainPipeline.Dashboard.Tests.Unit;

public class DashboardOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        DashboardOptionsValidator.Check(new DashboardOptions()).Should().BeEmpty();
        new DashboardOptions().Port.Should().Be(8080);
    }

    [Fact]
    public void Each_bad_value_is_named_as_an_operator_writes_it()
    {
        var options = new DashboardOptions
        {
            Port = 70_000, ListenAddress = "everywhere", HistoryPoints = 1, SampleInterval = TimeSpan.Zero, User = "ops", Token = "short",
        };

        var failures = DashboardOptionsValidator.Check(options).ToList();

        failures.Should().Contain(f => f.StartsWith("Dashboard:Port ", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Dashboard:ListenAddress ", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Dashboard:HistoryPoints ", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Dashboard:SampleInterval ", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Dashboard:User and Dashboard:Password", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Dashboard:Token ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_silo_configuration_binds_the_dashboard_section_and_rejects_a_bad_port()
    {
        var options = Silo.Hosting.SiloConfiguration.Load(new Dictionary<string, string?>
        {
            ["Ingest:Bootstrap"] = "127.0.0.1:9092", ["Dashboard:Port"] = "9191", ["Dashboard:Token"] = "0123456789abcdef0123",
        });
        options.Dashboard.Port.Should().Be(9191);
        options.Dashboard.RequiresAuthentication.Should().BeTrue();

        var bad = () => Silo.Hosting.SiloConfiguration.Load(new Dictionary<string, string?> { ["Ingest:Bootstrap"] = "x:1", ["Dashboard:Port"] = "-3" });
        bad.Should().Throw<Runtime.Configuration.OptionsValidationException>().WithMessage("*Dashboard:Port*");
    }
}
