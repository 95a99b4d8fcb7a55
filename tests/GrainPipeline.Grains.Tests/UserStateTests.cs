using GrainPipeline.Grains.User;

namespace GrainPipeline.Grains.Tests;

public class UserStateTests
{
    [Fact]
    public void The_dedup_hash_is_stable_across_processes_because_it_is_persisted() =>
        UserState.StableHash("sh-0001-abc").Should().Be(-2201088799260016273L, "FNV-1a of the UTF-16 code units, computed independently");

    [Fact]
    public void Remembers_only_the_most_recent_ids()
    {
        var state = new UserState();
        for (var i = 0; i < UserState.RecentEventIdLimit + 5; i++) state.Remember($"sh-{i}");

        state.RecentEventIds.Should().HaveCount(UserState.RecentEventIdLimit);
        state.HasSeen($"sh-{UserState.RecentEventIdLimit + 4}").Should().BeTrue();
        state.HasSeen("sh-0").Should().BeFalse("the oldest ids fall out; the event store's idempotent insert catches those");
    }
}
