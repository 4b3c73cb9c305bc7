/// A command failure that is not a usage mistake: printed as `Error: <message>` without the usage text.
struct CommandError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
