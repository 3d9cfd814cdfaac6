#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Formats `value` with `digits` digits after the decimal point, like C's `%.*f`.
public func fixed(_ value: Double, _ digits: Int) -> String {
    formatted(value, "%.\(digits)f")
}

/// Formats `value` with a C `printf` format for one double, such as `%.17g` or `%.3e`.
public func formatted(_ value: Double, _ format: String) -> String {
    var capacity = 64
    while true {
        let (count, text) = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            let count = withVaList([value]) { arguments in
                buffer.withMemoryRebound(to: CChar.self) { vsnprintf($0.baseAddress, capacity, format, arguments) }
            }
            return (Int(count), String(decoding: buffer.prefix(max(0, min(Int(count), capacity - 1))), as: UTF8.self))
        }
        // `%f` of a large number can need hundreds of characters: retry with room for all of them.
        guard count >= capacity else { return text }
        capacity = count + 1
    }
}
