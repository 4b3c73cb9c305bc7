import FolioModel
import Foundation

// The server's answers to info, pull and push, written directly (keys in sorted order): the
// same JSON `JSONCoding.encoder` makes of them, at a fraction of the cost.

extension ServerInfo: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) {
        output.appendJSONObject { object in
            object.add("epoch", epoch)
            object.add("holds", ifPresent: holds)
            object.add("knowledge", knowledge)
            object.add("protocolVersion", protocolVersion)
            object.add("replica", replica)
            object.add("replicas", ifPresent: replicas)
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
            object.add("replicas", ifPresent: replicas)
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
            object.add("holds", ifPresent: holds)
            object.add("knowledge", knowledge)
            object.add("pull", ifPresent: pull)
            object.add("replicas", ifPresent: replicas)
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
            object.add("pull", ifPresent: pull)
            object.add("records", records)
            object.add("replica", ifPresent: replica)
        }
    }
}

extension PullOptions: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) {
        output.appendJSONObject { object in
            object.add("conflictsAfter", ifPresent: conflictsAfter)
            object.add("limit", ifPresent: limit)
        }
    }
}

// The same messages read directly (`JSONCoding.decode(_:from:)`): push and pull requests on the
// server, the answers on clients. Absent and null optional members are both nil, as with `Codable`.

extension JSONReader {
    mutating func readDate() throws -> Date {
        guard let date = JSONCoding.parseDate(try readString()) else { throw Mismatch() }
        return date
    }

    /// A value that may be null, read by `read` when it is not.
    mutating func readOptional<T>(_ read: (inout JSONReader) throws -> T) throws -> T? {
        try readNull() ? nil : read(&self)
    }
}

extension PushRequest: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var base: VersionVector?, epoch: String?, knowledge: VersionVector?, records: [RecordState]?, replica: ReplicaID?, pull: PullOptions?
        try reader.readObject { reader, key in
            switch key {
            case "base": base = try reader.readOptional { try VersionVector(reading: &$0) }
            case "epoch": epoch = try reader.readOptional { try $0.readString() }
            case "knowledge": knowledge = try reader.readOptional { try VersionVector(reading: &$0) }
            case "pull": pull = try reader.readOptional { try PullOptions(reading: &$0) }
            case "records": records = try reader.readArray(of: RecordState.self)
            case "replica": replica = try reader.readOptional { try ReplicaID(reading: &$0) }
            default: _ = try reader.readValue()
            }
        }
        guard let records else { throw JSONReader.Mismatch() }
        self.init(epoch: epoch, records: records, knowledge: knowledge, base: base, replica: replica, pull: pull)
    }
}

extension PullOptions: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var conflictsAfter: Int?, limit: Int?
        try reader.readObject { reader, key in
            switch key {
            case "conflictsAfter": conflictsAfter = try reader.readOptional { try $0.readInt() }
            case "limit": limit = try reader.readOptional { try $0.readInt() }
            default: _ = try reader.readValue()
            }
        }
        self.init(limit: limit, conflictsAfter: conflictsAfter)
    }
}

extension PullRequest: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var conflictsAfter: Int?, cursor: String?, knowledge: VersionVector?, limit: Int?
        try reader.readObject { reader, key in
            switch key {
            case "conflictsAfter": conflictsAfter = try reader.readOptional { try $0.readInt() }
            case "cursor": cursor = try reader.readOptional { try $0.readString() }
            case "knowledge": knowledge = try VersionVector(reading: &reader)
            case "limit": limit = try reader.readOptional { try $0.readInt() }
            default: _ = try reader.readValue()
            }
        }
        guard let knowledge else { throw JSONReader.Mismatch() }
        self.init(knowledge: knowledge, cursor: cursor, limit: limit, conflictsAfter: conflictsAfter)
    }
}

extension PullResponse: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var conflictSeq: Int?, conflicts: [Conflict]?, cursor: String?, epoch: String?
        var knowledge: VersionVector?, records: [RecordState]?, replicas: ReplicaNames?, serverTime: Date?
        try reader.readObject { reader, key in
            switch key {
            case "conflictSeq": conflictSeq = try reader.readInt()
            case "conflicts": conflicts = try reader.readArray(of: Conflict.self)
            case "cursor": cursor = try reader.readOptional { try $0.readString() }
            case "epoch": epoch = try reader.readString()
            case "knowledge": knowledge = try VersionVector(reading: &reader)
            case "records": records = try reader.readArray(of: RecordState.self)
            case "replicas": replicas = try reader.readOptional { try ReplicaNames(reading: &$0) }
            case "serverTime": serverTime = try reader.readDate()
            default: _ = try reader.readValue()
            }
        }
        guard let conflictSeq, let conflicts, let epoch, let knowledge, let records, let serverTime else { throw JSONReader.Mismatch() }
        self.init(epoch: epoch, knowledge: knowledge, records: records, cursor: cursor, conflicts: conflicts, conflictSeq: conflictSeq, replicas: replicas, serverTime: serverTime)
    }
}

extension PushResponse: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var changed: Int?, conflicts: [Conflict]?, epoch: String?, holds: VersionVector?, knowledge: VersionVector?
        var replicas: ReplicaNames?, pull: PullResponse?, serverTime: Date?
        try reader.readObject { reader, key in
            switch key {
            case "holds": holds = try reader.readOptional { try VersionVector(reading: &$0) }
            case "pull": pull = try reader.readOptional { try PullResponse(reading: &$0) }
            case "changed": changed = try reader.readInt()
            case "conflicts": conflicts = try reader.readArray(of: Conflict.self)
            case "epoch": epoch = try reader.readString()
            case "knowledge": knowledge = try VersionVector(reading: &reader)
            case "replicas": replicas = try reader.readOptional { try ReplicaNames(reading: &$0) }
            case "serverTime": serverTime = try reader.readDate()
            default: _ = try reader.readValue()
            }
        }
        guard let changed, let conflicts, let epoch, let knowledge, let serverTime else { throw JSONReader.Mismatch() }
        self.init(epoch: epoch, changed: changed, conflicts: conflicts, knowledge: knowledge, holds: holds, replicas: replicas, pull: pull, serverTime: serverTime)
    }
}

extension ServerInfo: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        var epoch: String?, holds: VersionVector?, knowledge: VersionVector?, protocolVersion: Int?, replica: ReplicaID?
        var replicas: ReplicaNames?, serverTime: Date?, supportedVersions: [Int]?
        try reader.readObject { reader, key in
            switch key {
            case "holds": holds = try reader.readOptional { try VersionVector(reading: &$0) }
            case "epoch": epoch = try reader.readString()
            case "knowledge": knowledge = try VersionVector(reading: &reader)
            case "protocolVersion": protocolVersion = try reader.readInt()
            case "replica": replica = try ReplicaID(reading: &reader)
            case "replicas": replicas = try reader.readOptional { try ReplicaNames(reading: &$0) }
            case "serverTime": serverTime = try reader.readDate()
            case "supportedVersions": supportedVersions = try reader.readArray { try $0.readInt() }
            default: _ = try reader.readValue()
            }
        }
        guard let epoch, let knowledge, let protocolVersion, let replica, let serverTime, let supportedVersions else { throw JSONReader.Mismatch() }
        self.init(protocolVersion: protocolVersion, supportedVersions: supportedVersions, epoch: epoch, replica: replica, knowledge: knowledge, holds: holds, replicas: replicas, serverTime: serverTime)
    }
}

extension WaitResponse: JSONWritable {
    public func writeJSON(to output: inout [UInt8]) {
        output.appendJSONObject { object in
            object.add("changed", changed)
            object.add("epoch", epoch)
            object.add("holds", ifPresent: holds)
            object.add("knowledge", knowledge)
            object.add("serverTime", serverTime)
        }
    }
}
