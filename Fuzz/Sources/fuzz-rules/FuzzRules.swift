/// Fuzz target `fuzz-rules`: records as received (pull pages, bundles, pushes) through the
/// rulebook, and everything done with a record the rules accept: merging, the article and
/// highlight views, deltas. Input: one `RecordState` as JSON, optionally a NUL byte and a
/// second record, merged with the first (under its id). The rules may refuse anything; a
/// record they accept must not crash what follows.
import CLibFuzzer
import FolioModel
import FolioProtocol
import Foundation

/// The receiving replica: a device at counter 5.
private let receiver = Dot(replica: ReplicaID(rawValue: 0x00C0_FFEE_0000_0001), counter: 5)

@main enum FuzzRules {
    static func main() { exit(folio_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv)) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
    let rules = RecordRules(receiver: receiver, now: Date())
    guard let first = accepted(parts[0], rules) else { return 0 }
    exercise(RecordMerge.merge(local: nil, incoming: first).state, knowledge: VersionVector())
    exercise(RecordMerge.merge(local: first, incoming: first).state, knowledge: first.vector)
    guard parts.count > 1, var second = accepted(parts[1], rules) else { return 0 }
    second.id = first.id
    guard (try? RecordRules.checkMergeable(local: first, incoming: second)) != nil else { return 0 }
    exercise(RecordMerge.merge(local: first, incoming: second).state, knowledge: second.vector)
    exercise(RecordMerge.merge(local: second, incoming: first).state, knowledge: first.vector)
    return 0
}

/// The record in `bytes`, if it decodes and the rules accept it.
private func accepted(_ bytes: ArraySlice<UInt8>, _ rules: RecordRules) -> RecordState? {
    guard let record = try? JSONCoding.decode(RecordState.self, from: Array(bytes)),
          (try? rules.check(record)) != nil else { return nil }
    return record
}

/// What readers do with a merged record: its model view, its tags, deltas against `knowledge`.
private func exercise(_ record: RecordState, knowledge: VersionVector) {
    switch record.kind {
    case .article: _ = Article(state: record)
    case .highlight: _ = Highlight(state: record)
    }
    _ = record.tags
    _ = record.delta(notCoveredBy: knowledge)
    _ = record.delta(notCoveredBy: VersionVector())
}
