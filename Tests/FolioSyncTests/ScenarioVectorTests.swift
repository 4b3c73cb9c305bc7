import FolioModel
import FolioStore
import Foundation
import Testing

/// Replays the scenario vectors of Protocol/vectors on real SQLite replicas.
@Suite struct ScenarioVectorTests {
    struct Scenario: Decodable {
        struct Write: Decodable { var replica: Int; var record: UUID; var fields: [String: JSONValue]; var wall: UInt64 }
        struct SyncStep: Decodable { var from: Int; var to: Int; var pageSize: Int? }
        struct Step: Decodable { var write: Write?; var sync: SyncStep? }
        var name: String
        var replicas: Int
        var steps: [Step]
        var expected: [String: [String: JSONValue]]
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Protocol/vectors")

    @Test func scenarios() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.directory, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("scenario-") }
        #expect(files.count >= 3)
        for file in files {
            let scenario = try JSONCoding.decoder.decode(Scenario.self, from: Data(contentsOf: file))
            let replicas = try Replicas(count: scenario.replicas)
            for step in scenario.steps {
                if let write = step.write {
                    try replicas[write.replica].change(write.record, kind: .article, now: Date(timeIntervalSince1970: Double(write.wall) / 1000)) { _ in
                        write.fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                    }
                }
                if let sync = step.sync { try Exchange.send(from: replicas[sync.from], to: replicas[sync.to], pageSize: sync.pageSize ?? 500) }
            }
            for database in replicas.databases {
                for (id, fields) in scenario.expected {
                    let recordID = try #require(UUID(uuidString: id))
                    let state = try #require(try database.record(recordID), "\(scenario.name)")
                    for (field, value) in fields where field != "tags" {
                        #expect(state.value(of: field) == value, "\(scenario.name): \(field)")
                    }
                    let tags = state.registers.filter { Field.isTag($0.field) && !$0.value.isNull }.map { String($0.field.dropFirst(Field.tagPrefix.count)) }
                    #expect(Set(tags) == Set(fields["tags"]?.arrayStrings ?? []), "\(scenario.name): tags")
                }
            }
        }
    }
}

extension JSONValue {
    var arrayStrings: [String] {
        if case .array(let items) = self { return items.compactMap(\.stringValue) }
        return []
    }
}
