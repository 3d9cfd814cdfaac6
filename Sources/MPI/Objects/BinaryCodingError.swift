/// The single error type thrown by ``BinaryEncoder`` and ``BinaryDecoder``.
///
/// Errors thrown by the encoded types themselves (for example a `DecodingError` from a
/// `RawRepresentable` enum that meets an unknown raw value) are wrapped; the original error stays
/// available as ``underlyingError``.
public struct BinaryCodingError: Error, CustomStringConvertible {
    /// Whether the error happened while encoding or while decoding.
    public enum Operation: Sendable {
        /// ``BinaryEncoder/encode(_:)`` failed: a value could not be written.
        case encoding
        /// ``BinaryDecoder`` failed: the bytes did not describe a value of the requested type.
        case decoding
    }

    /// Whether the error happened while encoding or while decoding.
    public let operation: Operation

    /// What went wrong, without the location (for example `"key 'id' not found"`).
    public let reason: String

    /// The error thrown by an `Encodable`/`Decodable` implementation, if this error wraps one.
    public let underlyingError: (any Error)?

    /// Keys and unkeyed indices leading to the failing value, innermost first (the error picks them
    /// up while it propagates outwards, so appending is the cheap direction).
    private var reversedPath: [String] = []

    /// Keys (`CodingKey.stringValue`) and unkeyed indices leading to the failing value, outermost first.
    public var codingPath: [String] { reversedPath.reversed() }

    /// A one-line explanation, e.g. `binary decoding failed at items[2].name: unexpected end of data
    /// at byte 17 while reading String (expected 5 bytes, 3 left)`.
    public var description: String {
        let verb = operation == .encoding ? "encoding" : "decoding"
        let location = reversedPath.isEmpty ? "" : " at " + Self.render(codingPath)
        return "binary \(verb) failed\(location): \(reason)"
    }

    init(_ operation: Operation, _ reason: String, underlying: (any Error)? = nil) {
        self.operation = operation
        self.reason = reason
        self.underlyingError = underlying
    }

    /// Converts any error raised below a container into a `BinaryCodingError` and records `component`
    /// (a key or `[index]`) as the next-outer step of its path.
    static func wrap(_ error: any Error, _ operation: Operation, in component: String) -> BinaryCodingError {
        var wrapped = wrap(error, operation)
        wrapped.reversedPath.append(component)
        return wrapped
    }

    /// Converts any error to a `BinaryCodingError`, keeping ours unchanged.
    static func wrap(_ error: any Error, _ operation: Operation) -> BinaryCodingError {
        if let error = error as? BinaryCodingError { return error }
        return BinaryCodingError(operation, reason(for: error), underlying: error)
    }

    private static func reason(for error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(let type, let context):
            return "type mismatch for \(type): \(context.debugDescription)"
        case DecodingError.valueNotFound(let type, let context):
            return "value of type \(type) not found: \(context.debugDescription)"
        case DecodingError.keyNotFound(let key, let context):
            return "key '\(key.stringValue)' not found: \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return context.debugDescription
        case EncodingError.invalidValue(let value, let context):
            return "invalid value \(value): \(context.debugDescription)"
        default:
            return String(describing: error)
        }
    }

    /// Renders `["items", "[2]", "name"]` as `items[2].name`.
    private static func render(_ path: [String]) -> String {
        var text = ""
        for component in path {
            if !text.isEmpty && !component.hasPrefix("[") { text += "." }
            text += component
        }
        return text
    }
}
