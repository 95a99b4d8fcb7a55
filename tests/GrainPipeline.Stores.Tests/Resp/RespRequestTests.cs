using System.Text;
using GrainPipeline.Stores.Redis.Resp;

namespace GrainPipeline.Stores.Tests.Resp;

public class RespRequestTests
{
    [Fact]
    public void A_command_is_an_array_of_bulk_strings()
    {
        var request = RespRequest.Create("HINCRBY", "gp:k", "v", -12);
        Encoding.UTF8.GetString(request.Bytes).Should().Be("*4\r\n$7\r\nHINCRBY\r\n$4\r\ngp:k\r\n$1\r\nv\r\n$3\r\n-12\r\n");
    }

    [Fact]
    public void Text_is_counted_in_UTF8_bytes_and_binary_is_sent_as_is()
    {
        var request = RespRequest.Create("SET", "clé", new byte[] { 0, 13, 10, 255 });
        request.Bytes.Should().Equal([.. "*3\r\n$3\r\nSET\r\n$4\r\ncl"u8, 0xC3, 0xA9, .. "\r\n$4\r\n"u8, 0, 13, 10, 255, .. "\r\n"u8]);
    }

    [Fact]
    public void No_arguments_and_extreme_integers_encode()
    {
        Encoding.ASCII.GetString(RespRequest.Create("PING").Bytes).Should().Be("*1\r\n$4\r\nPING\r\n");
        Encoding.ASCII.GetString(RespRequest.Create("X", long.MinValue, 0).Bytes)
            .Should().Be("*3\r\n$1\r\nX\r\n$20\r\n-9223372036854775808\r\n$1\r\n0\r\n");
    }

    [Fact]
    public void What_the_writer_sends_the_parser_reads_back()
    {
        var args = Enumerable.Range(0, 200).Select(i => (RespArg)new string('x', i)).ToArray();
        var request = RespRequest.Create("RPUSH", args);
        RespParser.TryParse(request.Bytes, out var value, out var consumed).Should().BeTrue();
        consumed.Should().Be(request.Bytes.Length);
        value.Items.Select(v => v.AsString()).Should().Equal(["RPUSH", .. Enumerable.Range(0, 200).Select(i => new string('x', i))]);
    }
}
