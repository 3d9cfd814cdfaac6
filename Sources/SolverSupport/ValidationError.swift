/// Input a solver refuses: a bad option, a malformed file, an impossible request.
///
/// Its ``description`` is always one line, so that a program can print it as its whole diagnostic
/// (`nbody: error: <message>`) and a launcher or test can rely on exactly one line per failure.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message, without line breaks.
    public let message: String

    /// Creates an error; line breaks in `message` become spaces.
    public init(_ message: String) {
        self.message = String(message.map { $0.isNewline ? " " : $0 })
    }

    /// The same error with `context` in front, such as the file and line it concerns.
    public func prefixed(_ context: String) -> ValidationError {
        ValidationError("\(context): \(message)")
    }

    public var description: String { message }
}
