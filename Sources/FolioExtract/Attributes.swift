/// The attributes of an element: a short list searched linearly, which for the handful of
/// attributes an element has is faster than hashing (attribute lookups are frequent).
struct Attributes: ExpressibleByDictionaryLiteral {
    private var names: [String] = []
    private var values: [String] = []

    init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { self[name] = value }
    }

    /// The value of the attribute `name` (lower case), if present; setting nil removes it.
    subscript(name: String) -> String? {
        get {
            guard let index = names.firstIndex(of: name) else { return nil }
            return values[index]
        }
        set {
            if let index = names.firstIndex(of: name) {
                if let newValue {
                    values[index] = newValue
                } else {
                    names.remove(at: index)
                    values.remove(at: index)
                }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }

    /// Adds an attribute known not to be present yet (the first occurrence of a name wins in HTML).
    mutating func appendIfAbsent(_ name: String, _ value: String) {
        guard !names.contains(name) else { return }
        names.append(name)
        values.append(value)
    }
}
