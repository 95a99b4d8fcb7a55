namespace GrainPipeline.Stores.Redis.Resp;

/// <summary>
/// Reads whole replies off a stream through one reusable buffer. The buffer grows for a large reply
/// up to <c>maxReplyBytes</c> (a bound, not a hope) and shrinks back once that reply is consumed.
/// </summary>
internal sealed class RespReader(Stream stream, int initialBytes, int maxReplyBytes)
{
    private byte[] _buffer = new byte[initialBytes];
    private int _start;
    private int _end;

    /// <summary>Bytes received and not yet parsed (for tests).</summary>
    public int Buffered => _end - _start;

    public async ValueTask<RespValue> ReadAsync(CancellationToken cancellation)
    {
        while (true)
        {
            if (_end > _start && RespParser.TryParse(_buffer.AsSpan(_start, _end - _start), out var value, out var consumed))
            {
                _start += consumed;
                if (_start == _end)
                {
                    _start = _end = 0;
                    if (_buffer.Length > initialBytes) _buffer = new byte[initialBytes];
                }
                return value;
            }
            MakeRoom();
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellation);
            if (read == 0) throw new EndOfStreamException("Redis closed the connection.");
            _end += read;
        }
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end < _buffer.Length) return;
        if (_buffer.Length >= maxReplyBytes)
            throw new RedisProtocolException($"A reply exceeded {maxReplyBytes} bytes (Redis:MaxReplyBytes).");
        var grown = new byte[(int)Math.Min((long)_buffer.Length * 2, maxReplyBytes)];
        _buffer.AsSpan(0, _end).CopyTo(grown);
        _buffer = grown;
    }
}
