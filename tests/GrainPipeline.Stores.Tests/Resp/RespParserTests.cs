using System.Text;
using GrainPipeline.Stores.Redis.Resp;

namespace GrainPipeline.Stores.Tests.Resp;

public class RespParserTests
{
    private static (RespValue Value, int Consumed) Parse(string wire)
    {
        RespParser.TryParse(Encoding.UTF8.GetBytes(wire), out var value, out var consumed).Should().BeTrue($"'{wire}' is a whole reply");
        return (value, consumed);
    }

    [Fact]
    public void Simple_strings_errors_and_integers_parse()
    {
        Parse("+OK\r\n").Value.IsOk.Should().BeTrue();
        Parse("-ERR unknown command\r\n").Value.ErrorMessage.Should().Be("ERR unknown command");
        Parse(":-42\r\n").Value.AsInt64().Should().Be(-42);
        Parse(":9223372036854775807\r\n").Value.AsInt64().Should().Be(long.MaxValue);
    }

    [Fact]
    public void Bulk_strings_keep_binary_bytes_including_CRLF_inside()
    {
        var (value, consumed) = Parse("$6\r\na\r\nb\0c\r\n");
        value.AsBytes().Should().Equal((byte)'a', (byte)'\r', (byte)'\n', (byte)'b', 0, (byte)'c');
        consumed.Should().Be(12);
    }

    [Fact]
    public void Null_and_empty_bulk_strings_differ()
    {
        var nil = Parse("$-1\r\n").Value;
        nil.IsNull.Should().BeTrue();
        nil.AsString().Should().BeNull();
        var empty = Parse("$0\r\n\r\n").Value;
        empty.IsNull.Should().BeFalse();
        empty.AsString().Should().Be("");
    }

    [Fact]
    public void Arrays_nest_and_carry_nulls_and_errors()
    {
        var value = Parse("*4\r\n:1\r\n$-1\r\n*2\r\n+a\r\n-WRONGTYPE x\r\n*-1\r\n").Value;
        var items = value.Items;
        items.Should().HaveCount(4);
        items[0].AsInt64().Should().Be(1);
        items[1].IsNull.Should().BeTrue();
        items[2].Items[0].AsString().Should().Be("a");
        items[2].Items[1].Type.Should().Be(RespType.Error);
        items[3].IsNull.Should().BeTrue();
        items[3].Type.Should().Be(RespType.Array);
        Parse("*0\r\n").Value.Items.Should().BeEmpty();
    }

    [Fact]
    public void Several_replies_in_one_buffer_are_taken_one_at_a_time()
    {
        var bytes = Encoding.UTF8.GetBytes("+OK\r\n:5\r\n$3\r\nabc\r\n");
        var offset = 0;
        var values = new List<RespValue>();
        while (RespParser.TryParse(bytes.AsSpan(offset), out var value, out var consumed))
        {
            values.Add(value);
            offset += consumed;
        }
        offset.Should().Be(bytes.Length);
        values.Select(v => v.AsString()).Should().Equal("OK", "5", "abc");
    }

    [Theory]
    [InlineData("+OK\r\n")]
    [InlineData("$5\r\nhello\r\n")]
    [InlineData("*3\r\n$3\r\nfoo\r\n$-1\r\n*1\r\n:7\r\n")]
    [InlineData("-ERR x\r\n")]
    public void Every_proper_prefix_is_incomplete_and_consumes_nothing(string wire)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);
        for (var length = 0; length < bytes.Length; length++)
        {
            RespParser.TryParse(bytes.AsSpan(0, length), out _, out var consumed).Should().BeFalse($"{length} of {bytes.Length} bytes is not a reply yet");
            consumed.Should().Be(0);
        }
        RespParser.TryParse(bytes, out _, out var all).Should().BeTrue();
        all.Should().Be(bytes.Length);
    }

    [Theory]
    [InlineData("?what\r\n")]
    [InlineData(":12x\r\n")]
    [InlineData("$3\r\nabcd\r\n")]
    [InlineData("+OK\rX")]
    [InlineData("$-5\r\n")]
    public void Malformed_input_is_a_protocol_error(string wire)
    {
        var act = () => RespParser.TryParse(Encoding.UTF8.GetBytes(wire), out _, out _);
        act.Should().Throw<RedisProtocolException>();
    }

    [Fact]
    public void Nesting_deeper_than_the_bound_is_refused()
    {
        var wire = string.Concat(Enumerable.Repeat("*1\r\n", RespParser.MaxDepth + 1)) + ":1\r\n";
        var act = () => RespParser.TryParse(Encoding.UTF8.GetBytes(wire), out _, out _);
        act.Should().Throw<RedisProtocolException>().WithMessage("*nested*");
    }

    [Fact]
    public void A_huge_announced_array_does_not_allocate_before_its_items_arrive()
    {
        RespParser.TryParse("*2000000000\r\n:1\r\n"u8, out _, out var consumed).Should().BeFalse();
        consumed.Should().Be(0);
    }
}
