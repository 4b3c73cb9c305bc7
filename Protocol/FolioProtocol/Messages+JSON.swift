import FolioModel

// The server's answers to info, pull and push, written directly (keys in sorted order): the
// same JSON `JSONCoding.encoder` makes of them, at a fraction of the cost.

extension ServerInfo: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) {
        output.appendJSONObject { object in
            object.add("epoch", epoch)
            object.add("knowledge", knowledge)
            object.add("protocolVersion", protocolVersion)
            object.add("replica", replica)
            object.add("serverTime", serverTime)
            object.add("supportedVersions", supportedVersions)
        }
    }
}

extension PullResponse: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) {
        output.appendJSONObject { object in
            object.add("conflictSeq", conflictSeq)
            object.add("conflicts", conflicts)
            object.add("cursor", ifPresent: cursor)
            object.add("epoch", epoch)
            object.add("knowledge", knowledge)
            object.add("records", records)
            object.add("serverTime", serverTime)
        }
    }
}

extension PushResponse: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) {
        output.appendJSONObject { object in
            object.add("changed", changed)
            object.add("conflicts", conflicts)
            object.add("epoch", epoch)
            object.add("knowledge", knowledge)
            object.add("serverTime", serverTime)
        }
    }
}

extension PullRequest: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) {
        output.appendJSONObject { object in
            object.add("conflictsAfter", ifPresent: conflictsAfter)
            object.add("cursor", ifPresent: cursor)
            object.add("knowledge", knowledge)
            object.add("limit", ifPresent: limit)
        }
    }
}

extension PushRequest: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) {
        output.appendJSONObject { object in
            object.add("base", ifPresent: base)
            object.add("epoch", ifPresent: epoch)
            object.add("knowledge", ifPresent: knowledge)
            object.add("records", records)
        }
    }
}
