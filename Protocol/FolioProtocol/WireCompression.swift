/// How the device and the server gzip request and response bodies.
public enum WireCompression {
    /// zlib's fastest level. On article JSON it compresses 2.7 times as fast as zlib's default
    /// (level 6) for about a fifth more bytes, and a server sending a whole library to a new
    /// device spends that time on the cores the device's database work also needs.
    public static let gzipLevel: Int32 = 1
}
