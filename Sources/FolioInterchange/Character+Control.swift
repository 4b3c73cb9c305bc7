extension Character {
    /// A C0 or C1 control character other than tab (line breaks are handled by the callers).
    var isControlCharacter: Bool {
        guard self != "\t", let scalar = unicodeScalars.first, unicodeScalars.count == 1 else { return false }
        return scalar.properties.generalCategory == .control
    }
}
