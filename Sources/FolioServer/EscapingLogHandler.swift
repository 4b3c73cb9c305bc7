import FolioModel
import Logging

/// A log handler that writes control characters in messages and metadata as visible `\u{…}`
/// escapes, so text from a request (a user or device name, a path) can neither start a forged
/// log line nor send escape sequences to the terminal reading the log.
public struct EscapingLogHandler<Wrapped: LogHandler>: LogHandler {
    private var wrapped: Wrapped
    /// Kept here, not in `wrapped`, so values are escaped only when a line is written.
    public var metadata: Logger.Metadata = [:]

    /// Escapes everything before `wrapped` writes it.
    public init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = Logger.Message(stringLiteral: event.message.description.escapingControls)
        event.metadata = metadata.merging(event.metadata ?? [:]) { $1 }.mapValues(Self.escaped)
        wrapped.log(event: event)
    }

    /// A metadata value with every string in it escaped.
    static func escaped(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(text.escapingControls)
        case .stringConvertible(let item): .string(item.description.escapingControls)
        case .array(let items): .array(items.map(escaped))
        case .dictionary(let entries): .dictionary(entries.mapValues(escaped))
        }
    }
}
