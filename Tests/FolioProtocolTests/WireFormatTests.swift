import FolioModel
import FolioProtocol
import Foundation
import Testing

@Suite struct WireFormatTests {
    /// Field names and encodings on the wire are stable: a change here breaks other clients.
    @Test func recordEncoding() throws {
        let replica = ReplicaID(rawValue: 0x1F)
        let record = RecordState(
            id: UUID(uuidString: "11111111-2222-3333-4444-555555555555")!, kind: .article, vector: VersionVector([replica: 2]),
            registers: [Register(field: "title", value: .string("T"), dot: Dot(replica: replica, counter: 2), stamp: HLCStamp(wall: 1, logical: 2))])
        let json = String(decoding: try JSONCoding.encoder.encode(record), as: UTF8.self)
        #expect(json == #"{"id":"11111111-2222-3333-4444-555555555555","kind":"article","registers":[{"dot":{"counter":2,"replica":"000000000000001f"},"field":"title","stamp":65538,"value":"T"}],"vector":{"000000000000001f":2}}"#)
        #expect(try JSONCoding.decoder.decode(RecordState.self, from: Data(json.utf8)) == record)
    }

    @Test func errorBodyShape() throws {
        let json = String(decoding: try JSONCoding.encoder.encode(ErrorResponse(code: .payloadTooLarge, message: "too big")), as: UTF8.self)
        #expect(json == #"{"error":{"code":"payload_too_large","message":"too big"}}"#)
        #expect(ErrorCode.payloadTooLarge.httpStatus == 413)
        #expect(ErrorCode.allCases.allSatisfy { (400...599).contains($0.httpStatus) })
    }

    @Test func datesAreRFC3339WithMilliseconds() throws {
        let date = Date(timeIntervalSince1970: 1_764_140_452.123)
        #expect(JSONCoding.formatDate(date) == "2025-11-26T07:00:52.123Z")
        #expect(JSONCoding.parseDate("2025-11-26T07:00:52Z") == Date(timeIntervalSince1970: 1_764_140_452))
        let offset = try #require(JSONCoding.parseDate("2025-11-26T08:00:52.123+01:00"))
        #expect(abs(offset.timeIntervalSince1970 - 1_764_140_452.123) < 0.000_5)
        #expect(JSONCoding.formatDate(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        #expect(JSONCoding.parseDate("yesterday") == nil)
    }

    @Test func malformedMessagesAreRejected() {
        #expect(throws: DecodingError.self) { try JSONCoding.decoder.decode(PullRequest.self, from: Data(#"{"knowledge":{"zz":1}}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONCoding.decoder.decode(PushRequest.self, from: Data(#"{"records":[{"id":"x"}]}"#.utf8)) }
    }
}
