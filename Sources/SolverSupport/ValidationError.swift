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

extension ValidationError {
    /// Refuses a number option that is given but not finite or not `valid`:
    /// "`option` must be `expected`, got `value`".
    ///
    /// ```swift
    /// try ValidationError.check(timeStep, "--dt", "a positive finite number") { $0 > 0 }
    /// ```
    public static func check(_ value: Double?, _ option: String, _ expected: String,
                             _ valid: (Double) -> Bool) throws(ValidationError) {
        if let value, !(value.isFinite && valid(value)) {
            throw ValidationError("\(option) must be \(expected), got \(value)")
        }
    }

    /// Refuses an interval option (`--every K`) that is given without the option naming where its output
    /// goes (`pathOption`, whose value is `path`), or that is below 1.
    public static func check(interval: Int?, _ option: String, requires path: String?,
                             _ pathOption: String) throws(ValidationError) {
        guard let interval else { return }
        guard path != nil else { throw ValidationError("\(option) needs \(pathOption)") }
        guard interval >= 1 else { throw ValidationError("\(option) must be at least 1, got \(interval)") }
    }
}
