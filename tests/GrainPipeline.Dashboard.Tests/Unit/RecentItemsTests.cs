using GrainPipeline.Ingest.Membership;
using GrainPipeline.Observability.Collections;

namespace GrainPipeline.Dashboard.Tests.Unit;

public class RecentItemsTests
{
    [Fact]
    public void Keeps_the_last_n_newest_first()
    {
        var recent = new RecentItems<int>(3);
        for (var i = 1; i <= 7; i++) recent.Add(i);

        recent.NewestFirst().Should().Equal(7, 6, 5);
        recent.Added.Should().Be(7);
    }

    [Fact]
    public void Fewer_than_capacity_are_all_kept()
    {
        var recent = new RecentItems<string>(10);
        recent.Add("a");
        recent.Add("b");

        recent.NewestFirst().Should().Equal("b", "a");
    }

    [Fact]
    public void A_consumer_protocol_assignment_yields_its_partitions_and_garbage_yields_none()
    {
        // version 0; one topic "events" with partitions 3 and 1; empty user data.
        byte[] assignment = [0, 0, 0, 0, 0, 1, 0, 6, .. "events"u8, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0];

        MemberAssignmentReader.Partitions(assignment).Should().Equal(1, 3);
        MemberAssignmentReader.Partitions([1, 2, 3]).Should().BeEmpty();
        MemberAssignmentReader.Partitions(null).Should().BeEmpty();
        MemberAssignmentReader.Partitions([0, 0, 0, 0, 0, 1, 0, 6, .. "events"u8, 0, 0, 0, 9, 0, 0, 0, 4]).Should().Equal(4);
    }
}
