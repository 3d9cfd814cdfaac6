/// A JSON document built in code and written as text, with object keys in the order they were given.
///
/// Solvers write run summaries with it. Literals build values directly:
///
/// ```swift
/// let summary: JSONValue = ["ranks": 2, "wall_seconds": 1.25, "phases": ["forces", "io"]]
/// print(summary.serialized())
/// ```
///
/// Doubles are written in the shortest form that reads back to the same value; NaN and infinities,
/// which JSON cannot express, are written as `null`.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in the order they are written; keys should be unique.
    case object([(key: String, value: JSONValue)])

    /// The value as JSON text, indented by `indent` spaces per level, or on one line when `indent` is 0.
    public func serialized(indent: Int = 2) -> String {
        var text = ""
        write(to: &text, indent: indent, depth: 0)
        return text
    }

    private func write(to text: inout String, indent: Int, depth: Int) {
        let newline = indent > 0 ? "\n" : ""
        let padding = { (depth: Int) in String(repeating: " ", count: indent * depth) }
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .integer(let value): text += String(value)
        case .number(let value): text += value.isFinite ? String(value) : "null"
        case .string(let value): JSONValue.writeString(value, to: &text)
        case .array(let elements):
            guard !elements.isEmpty else { text += "[]"; return }
            text += "[" + newline
            for (index, element) in elements.enumerated() {
                text += padding(depth + 1)
                element.write(to: &text, indent: indent, depth: depth + 1)
                text += (index + 1 < elements.count ? "," : "") + newline
            }
            text += padding(depth) + "]"
        case .object(let members):
            guard !members.isEmpty else { text += "{}"; return }
            text += "{" + newline
            for (index, member) in members.enumerated() {
                text += padding(depth + 1)
                JSONValue.writeString(member.key, to: &text)
                text += indent > 0 ? ": " : ":"
                member.value.write(to: &text, indent: indent, depth: depth + 1)
                text += (index + 1 < members.count ? "," : "") + newline
            }
            text += padding(depth) + "}"
        }
    }

    /// Writes a string literal, escaping quotes, backslashes and control characters.
    private static func writeString(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}

// Literals build documents directly: `["ranks": 2, "phases": ["forces"]]`.
extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral members: (String, JSONValue)...) {
        self = .object(members.map { (key: $0.0, value: $0.1) })
    }
}
