import ArgumentParser
@testable import folio
import FolioModel
import FolioStore
import Testing

/// `folio search` takes its query unquoted, as a person types it (issue 14).
@Suite struct SearchParsingTests {
    func search(_ arguments: String...) throws -> Folio.Search {
        try #require(try Folio.parseAsRoot(["search"] + arguments) as? Folio.Search)
    }

    /// Regression: `folio search trump -impeachment` printed the help (the `h` of the word was
    /// read as `-h`) and `folio search trump -economy` said "Unknown option"; words starting
    /// with a dash are exclusions, and the command's own options still work, in any position.
    @Test func dashWordsAreExclusionsAndOptionsStillWork() throws {
        let command = try search("trump", "-impeachment", "--limit", "5", "-economy", "-tag:old", "--json", "-is:archived")
        #expect(command.words == ["trump", "-impeachment", "-economy", "-tag:old", "-is:archived"])
        #expect(command.limit == 5 && command.output.json)
        let query = try command.query
        #expect(query.terms == [[#""trump""#]])
        #expect(query.excludedTerms == [#""impeachment""#, #""economy""#])
        #expect(query.excludedTags == ["old"] && query.excludedStates == [.archived])
    }

    /// `OR` joins the words beside it; a double-quoted phrase is one term; a whole query in one
    /// argument reads as the same words; `--` is not a word.
    @Test func orPhrasesAndTerminator() throws {
        let query = try search("rust", "OR", "go", #""structured concurrency""#, "--", "-history").query
        #expect(query.terms == [[#""rust""#, #""go""#], [#""structured concurrency""#]])
        #expect(query.excludedTerms == [#""history""#])
        #expect(try search("spring tides tag:sea").query == search("spring", "tides", "tag:sea").query)
    }

    /// `--help` still shows the help; `-h` would be a word (an exclusion).
    @Test func helpIsLongOnly() throws {
        #expect(String(describing: type(of: try Folio.parseAsRoot(["search", "--help"]))) == "HelpCommand")
        #expect(try search("swift", "-h").query.excludedTerms == [#""h""#])
    }

    /// A query that cannot run is a usage error (exit 64) that names the word at fault; an
    /// unknown operator also lists the operators there are.
    @Test(arguments: [
        (["trump", "is:bogus"], "is:bogus"),
        (["tag:"], "tag:"),
        (["foo:bar"], "foo:bar"),
        (["swift", "OR"], "OR"),
        (["OR", "swift"], "OR"),
        (["swift", "--frobnicate"], "--frobnicate"),
        ([String](), "give words"),
    ])
    func badQueriesAreUsageErrors(arguments: [String], named: String) {
        let error = #expect(throws: (any Error).self) { try Folio.parseAsRoot(["search"] + arguments) }
        #expect(error.map { Folio.exitCode(for: $0) == .validationFailure } == true)
        #expect(error.map { Folio.fullMessage(for: $0).contains(named) } == true, "\(error.map { Folio.fullMessage(for: $0) } ?? "")")
    }

    /// The message of an unknown state lists every state word.
    @Test func unknownStateListsTheStates() {
        let error = #expect(throws: (any Error).self) { try Folio.parseAsRoot(["search", "is:bogus"]) }
        let message = error.map { Folio.fullMessage(for: $0) } ?? ""
        for state in ["is:unread", "is:reading", "is:read", "is:inbox", "is:archived", "is:favorite", "is:trashed", "tag:NAME", "site:DOMAIN"] {
            #expect(message.contains(state), "\(state) missing from: \(message)")
        }
    }
}
