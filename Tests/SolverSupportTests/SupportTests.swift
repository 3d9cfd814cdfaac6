import Foundation
import SolverSupport
import Testing

@Suite struct JSONValueTests {
    @Test func keysKeepTheirOrderAndValuesTheirForm() {
        let value: JSONValue = ["b": 1, "a": [true, nil, 0.5], "c": "x\"y\\\n\u{1}"]
        #expect(value.serialized(indent: 0) == #"{"b":1,"a":[true,null,0.5],"c":"x\"y\\\n\u0001"}"#)
    }

    @Test func nonFiniteNumbersBecomeNull() {
        let value: JSONValue = [.number(.nan), .number(.infinity), .number(-1e-300)]
        #expect(value.serialized(indent: 0) == "[null,null,-1e-300]")
    }

    @Test func indentation() {
        let value: JSONValue = ["list": [1, 2], "empty": [:]]
        #expect(value.serialized() == "{\n  \"list\": [\n    1,\n    2\n  ],\n  \"empty\": {}\n}")
    }
}

@Suite struct TextTableTests {
    @Test func columnsAlign() {
        let table = TextTable(header: ["phase", "s"], rows: [["forces", "12.5"], ["io", "0.1"]])
        #expect(table.rendered() == """
            phase      s
            ------  ----
            forces  12.5
            io       0.1
            """)
    }

    @Test func phaseStatisticsImbalance() {
        let phase = PhaseStatistics(name: "forces", minimum: 1, average: 2, maximum: 3)
        #expect(phase.imbalance == 1.5)
        #expect(PhaseStatistics(name: "idle", minimum: 0, average: 0, maximum: 0).imbalance == 1)
        #expect(PhaseStatistics.table([phase]).contains("1.500"))
    }

    @Test func numberFormats() {
        #expect(fixed(2.0 / 3, 3) == "0.667")
        #expect(formatted(0.1, "%.17g") == "0.10000000000000001")
        #expect(fixed(1e100, 1).count == 103)
    }
}

@Suite struct BinaryEncodingTests {
    @Test func roundTrip() throws {
        var writer = LittleEndianWriter()
        writer.write(UInt32(0x0102_0304))
        writer.write(-0.0)
        writer.write([1.5, .pi])
        #expect(Array(writer.bytes.prefix(4)) == [4, 3, 2, 1])
        var reader = LittleEndianReader(writer.bytes)
        #expect(try reader.read(UInt32.self) == 0x0102_0304)
        #expect(try reader.read(Double.self).bitPattern == (-0.0).bitPattern)
        #expect(try reader.read(Double.self) == 1.5)
        #expect(try reader.read(Double.self) == .pi)
        #expect(reader.remaining == 0)
        #expect(throws: ValidationError.self) { try reader.read(UInt8.self) }
    }
}

@Suite struct ValidationErrorTests {
    @Test func messageIsOneLine() {
        let error = ValidationError("first\nsecond\r\nthird").prefixed("file.csv:3")
        #expect(error.description == "file.csv:3: first second third")
        #expect(!error.description.contains { $0.isNewline })
    }
}

@Suite struct FileSystemTests {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("solver-support-\(UUID().uuidString)").path

    @Test func atomicWriteReplacesTheFileAndLeavesNoTemporary() throws {
        try FileSystem.createDirectory(directory + "/nested/deeper")
        let path = directory + "/nested/deeper/state.bin"
        try FileSystem.writeAtomically([1, 2, 3], to: path)
        try FileSystem.writeAtomically([4, 5], to: path)
        #expect(try FileSystem.read(path) == [4, 5])
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func failuresAreOneLineAndNameThePath() {
        let missing = directory + "/absent/file"
        #expect {
            try FileSystem.read(missing)
        } throws: { error in
            let text = String(describing: error)
            return text.contains(missing) && text.contains("No such file") && !text.contains("\n")
        }
        #expect(throws: ValidationError.self) { try FileSystem.writeAtomically([0], to: missing) }
    }
}
