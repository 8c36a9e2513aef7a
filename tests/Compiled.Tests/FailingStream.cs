namespace Compiled.Tests;

/// <summary>Passes writes through until a byte budget is spent, then fails as a full disk does.</summary>
internal sealed class FailingStream(Stream inner, long budget) : Stream
{
    private long _written;

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void SetLength(long value) => inner.SetLength(value);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_written + buffer.Length > budget)
        {
            int allowed = (int)(budget - _written);
            inner.Write(buffer[..allowed]);
            _written = budget;
            throw new IOException("No space left on device");
        }
        inner.Write(buffer);
        _written += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);
}
