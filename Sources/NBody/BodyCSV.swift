public import SolverSupport

/// The CSV format for bodies: a header line `mass,x,y,z,vx,vy,vz`, then one body per line with seven
/// finite numbers, the mass positive.
///
/// Written with `%.17g`, so that reading a file back gives the same doubles bit for bit.
public enum BodyCSV {
    /// The header line, without its line break.
    public static let header = "mass,x,y,z,vx,vy,vz"

    /// Parses a whole file, refusing anything that is not exactly the format; errors name the line.
    ///
    /// - Parameters:
    ///   - bytes: The file's contents.
    ///   - source: The name to put in messages, usually the path.
    ///   - maximumCount: The most bodies to accept; a longer file is refused before anything is allocated.
    public static func parse(_ bytes: [UInt8], source: String, maximumCount: Int) throws(ValidationError) -> Bodies {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }  // the final line break
        guard let first = lines.first else { throw ValidationError("\(source): the file is empty; expected the header \(header)") }
        guard text(first) == header else {
            throw ValidationError("\(source):1: expected the header \(header), found '\(text(first).prefix(80))'")
        }
        let count = lines.count - 1
        guard count > 0 else { throw ValidationError("\(source): no bodies after the header") }
        guard count <= maximumCount else {
            throw ValidationError("\(source): \(count) bodies exceed the limit of \(maximumCount)")
        }
        var bodies = Bodies(count: count)
        for (index, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            let location = "\(source):\(index + 2)"
            guard fields.count == 7 else {
                throw ValidationError("\(location): expected 7 fields (\(header)), found \(fields.count)")
            }
            var values = [Double]()
            for (column, field) in fields.enumerated() {
                let name = columnNames[column]
                guard let value = Double(text(field).trimmingSpaces()) else {
                    throw ValidationError("\(location): \(name) '\(text(field).prefix(40))' is not a number")
                }
                guard value.isFinite else { throw ValidationError("\(location): \(name) \(value) is not finite") }
                values.append(value)
            }
            guard values[0] > 0 else { throw ValidationError("\(location): mass \(values[0]) is not positive") }
            bodies.mass[index] = values[0]
            bodies.x[index] = values[1]
            bodies.y[index] = values[2]
            bodies.z[index] = values[3]
            bodies.vx[index] = values[4]
            bodies.vy[index] = values[5]
            bodies.vz[index] = values[6]
        }
        return bodies
    }

    /// The bodies as CSV text, the header first, every number with 17 significant digits.
    public static func format(_ bodies: Bodies) -> [UInt8] {
        var output = Array((header + "\n").utf8)
        output.reserveCapacity(bodies.count * 7 * 25)
        let columns = bodies.columns
        for body in 0..<bodies.count {
            for column in 0..<7 {
                output.append(contentsOf: formatted(columns[column][body], "%.17g").utf8)
                output.append(column < 6 ? UInt8(ascii: ",") : UInt8(ascii: "\n"))
            }
        }
        return output
    }

    private static let columnNames = header.split(separator: ",").map(String.init)

    /// A line or field as text, without a carriage return from a Windows line break.
    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes, as: UTF8.self)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate func trimmingSpaces() -> Substring {
        let isSpace = { (character: Character) in character == " " || character == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        return self[start...lastIndex(where: { !isSpace($0) })!]
    }
}
