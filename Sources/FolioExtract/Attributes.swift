/// The attributes of an element: a short list searched linearly, which for the handful of
/// attributes an element has is faster than hashing (attribute lookups are frequent).
///
/// Names and values live in one array, so an element costs at most one allocation for them.
struct Attributes: ExpressibleByDictionaryLiteral {
    private var pairs: [(name: String, value: String)] = []

    init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { self[name] = value }
    }

    /// The value of the attribute `name` (lower case), if present; setting nil removes it.
    subscript(name: String) -> String? {
        get {
            for pair in pairs where pair.name == name { return pair.value }
            return nil
        }
        set {
            if let index = pairs.firstIndex(where: { $0.name == name }) {
                if let newValue {
                    pairs[index].value = newValue
                } else {
                    pairs.remove(at: index)
                }
            } else if let newValue {
                pairs.append((name, newValue))
            }
        }
    }

    /// Adds an attribute unless one of that name is already present (the first occurrence wins in HTML).
    mutating func appendIfAbsent(_ name: String, _ value: String) {
        guard !pairs.contains(where: { $0.name == name }) else { return }
        pairs.append((name, value))
    }
}
