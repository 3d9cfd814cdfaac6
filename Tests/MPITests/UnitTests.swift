import MPI
import Testing

/// Value types of the MPI module that need no running MPI.
@Suite struct UnitTests {
    @Test func threadLevelsAreOrdered() {
        #expect(ThreadLevel.single < .funneled)
        #expect(ThreadLevel.funneled < .serialized)
        #expect(ThreadLevel.serialized < .multiple)
        #expect([ThreadLevel.multiple, .single, .serialized, .funneled].sorted() == [.single, .funneled, .serialized, .multiple])
        #expect(ThreadLevel.multiple.rawValue > ThreadLevel.single.rawValue, "the order must follow MPI's constants")
    }

    @Test func threadLevelDescriptions() {
        #expect([ThreadLevel.single, .funneled, .serialized, .multiple].map(\.description) == ["single", "funneled", "serialized", "multiple"])
        #expect(ThreadLevel(rawValue: 99).description == "level 99")
    }

    /// Every class MPI names, under the name this library gives it.
    static let namedErrorClasses: [(name: String, errorClass: ErrorClass)] = [
        ("buffer", .buffer), ("count", .count), ("type", .type), ("tag", .tag), ("communicator", .communicator),
        ("rank", .rank), ("request", .request), ("root", .root), ("group", .group), ("operation", .operation),
        ("topology", .topology), ("dimensions", .dimensions), ("argument", .argument), ("unknown", .unknown),
        ("truncate", .truncate), ("other", .other), ("internal", .internal), ("inStatus", .inStatus),
        ("pending", .pending), ("keyValue", .keyValue), ("noMemory", .noMemory), ("base", .base), ("info", .info),
        ("file", .file), ("noSuchFile", .noSuchFile), ("fileExists", .fileExists), ("access", .access),
        ("noSpace", .noSpace), ("badFile", .badFile), ("accessMode", .accessMode), ("io", .io),
        ("readOnly", .readOnly), ("window", .window), ("rmaConflict", .rmaConflict), ("rmaSync", .rmaSync),
        ("rmaRange", .rmaRange), ("unsupportedOperation", .unsupportedOperation),
    ]

    @Test func errorClassesAreDistinct() {
        let values = Self.namedErrorClasses.map(\.errorClass.rawValue)
        #expect(Set(values).count == values.count, "two named error classes share a value: \(values)")
    }

    /// A named class describes itself by name; the numeric fallback is for classes this library does not know.
    @Test(arguments: namedErrorClasses.map(\.name))
    func namedErrorClassHasDescription(_ name: String) throws {
        let errorClass = try #require(Self.namedErrorClasses.first { $0.name == name }).errorClass
        #expect(!errorClass.description.hasPrefix("class "), "ErrorClass.\(name) describes itself as \"\(errorClass)\"")
    }

    @Test func unnamedErrorClassDescribesItsValue() {
        #expect(ErrorClass(rawValue: 9_999).description == "class 9999")
    }

    @Test func errorDescriptionNamesClassAndMessage() {
        let error = MPIError(.rank, "invalid rank 9")
        #expect(error.errorClass == .rank)
        #expect(error.code == ErrorClass.rank.rawValue, "an error raised by the Swift layer carries its class as code")
        #expect(error.description == "MPI error (rank): invalid rank 9")
    }
}
