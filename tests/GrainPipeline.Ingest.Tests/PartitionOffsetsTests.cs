using GrainPipeline.Ingest.Offsets;

namespace GrainPipeline.Ingest.Tests;

public class PartitionOffsetsTests
{
    [Fact]
    public void Commits_only_past_the_contiguous_run_of_completed_offsets()
    {
        var offsets = new PartitionOffsets(3, -1);
        var first = offsets.Begin(10);
        var second = offsets.Begin(11);
        var third = offsets.Begin(12);

        offsets.Complete(third);
        offsets.Complete(second);
        offsets.TakeCommittable().Should().Be(10, "offset 10 is still running, so 10 is the next to read");

        offsets.Complete(first);
        offsets.TakeCommittable().Should().Be(13);
    }

    [Fact]
    public async Task A_released_partition_cuts_its_events_off_and_never_commits_again()
    {
        var offsets = new PartitionOffsets(2, -1);
        var cutOff = offsets.Begin(7);
        var signalled = new TaskCompletionSource();
        using var registration = offsets.CutOff.Register(signalled.SetResult);

        offsets.Release();
        await signalled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        offsets.CutOff.IsCancellationRequested.Should().BeTrue();

        // The cut-off event completes after the last commit: committing it would skip it for the next owner.
        offsets.Complete(cutOff);
        offsets.TakeCommittable().Should().BeNull("the partition's last commit here was made before its release");
        offsets.Release(); // a second release (the consumer's revoke after the pump's own) is harmless
    }

    [Fact]
    public void Offsets_never_move_backwards_after_a_commit()
    {
        var offsets = new PartitionOffsets(0, -1);
        offsets.Complete(offsets.Begin(5));
        offsets.TakeCommittable().Should().Be(6);
        offsets.Committed(6);
        offsets.Committed(3);
        offsets.LastCommitted.Should().Be(6);
        offsets.TakeCommittable().Should().BeNull("nothing moved since the last commit");
    }

    [Fact]
    public void Gaps_between_offsets_do_not_block_the_commit()
    {
        var offsets = new PartitionOffsets(0, -1);
        offsets.Complete(offsets.Begin(100));
        offsets.Complete(offsets.Begin(250));
        offsets.TakeCommittable().Should().Be(251);
    }

    [Fact]
    public async Task Drained_completes_when_the_last_in_flight_offset_completes()
    {
        var offsets = new PartitionOffsets(0, -1);
        var a = offsets.Begin(1);
        var b = offsets.Begin(2);
        var drained = offsets.WhenDrained();
        offsets.Complete(b);
        drained.IsCompleted.Should().BeFalse();
        offsets.Complete(a);
        await drained.WaitAsync(TimeSpan.FromSeconds(5));
        offsets.InFlight.Should().Be(0);
    }

    [Fact]
    public void Completing_twice_or_after_the_run_moved_on_is_harmless()
    {
        var offsets = new PartitionOffsets(0, -1);
        var a = offsets.Begin(1);
        offsets.Complete(a);
        offsets.Complete(a);
        offsets.TakeCommittable().Should().Be(2);
    }

    [Fact]
    public void Random_completion_orders_always_commit_a_prefix_of_completed_offsets()
    {
        var random = new Random(42);
        for (var round = 0; round < 200; round++)
        {
            var offsets = new PartitionOffsets(0, -1);
            var count = random.Next(1, 40);
            var tokens = Enumerable.Range(0, count).Select(i => (Offset: (long)i, Token: offsets.Begin(i))).ToList();
            var done = new HashSet<long>();
            foreach (var (offset, token) in tokens.OrderBy(_ => random.Next()))
            {
                offsets.Complete(token);
                done.Add(offset);
                var committable = offsets.TakeCommittable() ?? 0;
                for (var o = 0L; o < committable; o++) done.Should().Contain(o, "a commit must never pass an unfinished offset");
            }
            offsets.TakeCommittable().Should().Be(count);
        }
    }
}
