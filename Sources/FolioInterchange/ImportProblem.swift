import FolioModel

/// One row or item of an import file that was skipped, with where it is and why.
public struct ImportProblem: Hashable, Sendable, CustomStringConvertible {
    /// Where a skipped record is in its file.
    public enum Position: Hashable, Sendable, CustomStringConvertible {
        /// A 1-based line of a text file (CSV, HTML): where the record starts.
        case line(Int)
        /// A 1-based position in a JSON array.
        case item(Int)

        /// The line number, or 0 for an item.
        var line: Int { if case .line(let number) = self { number } else { 0 } }

        /// `line 12` or `item 3`.
        public var description: String {
            switch self {
            case .line(let number): "line \(number)"
            case .item(let number): "item \(number)"
            }
        }
    }

    /// Where the skipped record is.
    public var position: Position
    /// Why it was skipped, for the user.
    public var reason: String

    /// A problem at `position`.
    public init(_ position: Position, _ reason: String) {
        self.position = position
        self.reason = reason
    }

    /// `line 12: no URL`, on one line: the reason may quote the file, so its control
    /// characters and line breaks are dropped.
    public var description: String { "\(position): \(reason.terminalSafe)" }
}
