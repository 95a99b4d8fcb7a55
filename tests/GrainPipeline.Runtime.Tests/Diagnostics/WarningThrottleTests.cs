using GrainPipeline.Runtime.Diagnostics;
using GrainPipeline.Runtime.Testing;

namespace GrainPipeline.Runtime.Tests.Diagnostics;

public sealed class WarningThrottleTests
{
    [Fact]
    public void Lets_one_warning_through_per_interval_and_counts_the_ones_held_back()
    {
        var clock = new ManualTimeProvider();
        var throttle = new WarningThrottle(TimeSpan.FromSeconds(10), clock);

        throttle.TryPass(out var first).Should().BeTrue("the first warning always goes out");
        first.Should().Be(0);
        for (var i = 0; i < 5; i++) throttle.TryPass(out _).Should().BeFalse("within the interval");

        clock.Advance(TimeSpan.FromSeconds(10));
        throttle.TryPass(out var heldBack).Should().BeTrue("the interval has passed");
        heldBack.Should().Be(5, "the warning says how many were held back since the last one");
        throttle.TryPass(out _).Should().BeFalse("a new interval starts");
    }
}
