using System.Text;
using GrainPipeline.Stores.Redis.Resp;

namespace GrainPipeline.Stores.Tests.Resp;

public class RespReaderTests
{
    /// <summary>A stream that hands out at most <c>chunk</c> bytes per read, like a slow socket.</summary>
    private sealed class TricklingStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Replies_split_across_reads_at_any_boundary_arrive_whole_and_in_order(int chunk)
    {
        var big = new string('z', 10_000);
        var wire = $"+OK\r\n*3\r\n$3\r\nabc\r\n$-1\r\n:9\r\n${big.Length}\r\n{big}\r\n-ERR boom\r\n";
        var reader = new RespReader(new TricklingStream(Encoding.UTF8.GetBytes(wire), chunk), initialBytes: 16, maxReplyBytes: 1 << 20);

        (await reader.ReadAsync(default)).IsOk.Should().BeTrue();
        var array = (await reader.ReadAsync(default)).Items;
        array[0].AsString().Should().Be("abc");
        array[1].IsNull.Should().BeTrue();
        array[2].AsInt64().Should().Be(9);
        (await reader.ReadAsync(default)).AsString().Should().Be(big);
        (await reader.ReadAsync(default)).ErrorMessage.Should().Be("ERR boom");
        reader.Buffered.Should().Be(0);
    }

    [Fact]
    public async Task A_reply_larger_than_the_bound_is_a_protocol_error()
    {
        var wire = $"$100000\r\n{new string('a', 100_000)}\r\n";
        var reader = new RespReader(new MemoryStream(Encoding.ASCII.GetBytes(wire)), initialBytes: 1024, maxReplyBytes: 64 * 1024);
        var act = async () => await reader.ReadAsync(default);
        await act.Should().ThrowAsync<RedisProtocolException>().WithMessage("*MaxReplyBytes*");
    }

    [Fact]
    public async Task A_closed_stream_mid_reply_is_end_of_stream()
    {
        var reader = new RespReader(new MemoryStream("$10\r\nabc"u8.ToArray()), 64, 1024);
        var act = async () => await reader.ReadAsync(default);
        await act.Should().ThrowAsync<EndOfStreamException>();
    }
}
