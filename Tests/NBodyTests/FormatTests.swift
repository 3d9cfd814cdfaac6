import Foundation
import SolverSupport
import Testing
import NBody

@Suite struct BodyCSVTests {
    @Test func roundTripIsBitwise() throws {
        var bodies = plummerSphere(count: 50, seed: 2)
        bodies.x[0] = 0.1
        bodies.vy[3] = -Double.leastNormalMagnitude / 3  // subnormal
        let text = BodyCSV.format(bodies)
        #expect(try BodyCSV.parse(text, source: "t", maximumCount: 100) == bodies)
        #expect(String(decoding: text, as: UTF8.self).hasPrefix("mass,x,y,z,vx,vy,vz\n0.02,"))
    }

    @Test(arguments: [
        ("", "the file is empty"),
        ("m,x,y,z,vx,vy,vz\n1,0,0,0,0,0,0\n", "t.csv:1: expected the header"),
        ("mass,x,y,z,vx,vy,vz\n", "no bodies"),
        ("mass,x,y,z,vx,vy,vz\n1,0,0,0,0,0,0\n1,0,0,0,0,0\n", "t.csv:3: expected 7 fields"),
        ("mass,x,y,z,vx,vy,vz\n1,0,0,0,0,0,0,0\n", "t.csv:2: expected 7 fields"),
        ("mass,x,y,z,vx,vy,vz\n1,0,zero,0,0,0,0\n", "t.csv:2: y 'zero' is not a number"),
        ("mass,x,y,z,vx,vy,vz\n1,0,0,0,nan,0,0\n", "t.csv:2: vx nan is not finite"),
        ("mass,x,y,z,vx,vy,vz\n1,0,0,0,0,1e999,0\n", "t.csv:2: vy inf is not finite"),
        ("mass,x,y,z,vx,vy,vz\n1,0,0,0,0,0,0\n-1,0,0,0,0,0,0\n", "t.csv:3: mass -1.0 is not positive"),
        ("mass,x,y,z,vx,vy,vz\n0,0,0,0,0,0,0\n", "t.csv:2: mass 0.0 is not positive"),
        ("mass,x,y,z,vx,vy,vz\n1,0,0,0,0,0,0\n\n", "t.csv:3: expected 7 fields"),
        ("mass,x,y,z,vx,vy,vz\n1,0,0,0,0,0,0\n1,0,0,0,0,0,0\n1,0,0,0,0,0,0\n", "3 bodies exceed the limit of 2"),
    ])
    func refusals(text: String, message: String) {
        #expect {
            try BodyCSV.parse(Array(text.utf8), source: "t.csv", maximumCount: 2)
        } throws: { error in
            String(describing: error).contains(message) && !String(describing: error).contains("\n")
        }
    }

    @Test func windowsLineBreaksAndSpacesAreAccepted() throws {
        let bodies = try BodyCSV.parse(Array("mass,x,y,z,vx,vy,vz\r\n 2 , 1,0,0,0,0,0\r\n".utf8), source: "t", maximumCount: 5)
        #expect(bodies.mass == [2] && bodies.x == [1])
    }
}

@Suite struct CheckpointTests {
    let checkpoint = Checkpoint(
        step: 42, time: 0.042, parameters: Parameters(timeStep: 0.001, softening: 0.01, gravitationalConstant: 1),
        bodies: plummerSphere(count: 20, seed: 5))

    @Test func roundTrip() throws {
        let bytes = checkpoint.encoded()
        #expect(bytes.count == 64 + 56 * 20 + 32)
        #expect(try Checkpoint(decoding: bytes, source: "c", maximumCount: 100) == checkpoint)
    }

    @Test func truncatedCorruptAndForeignFilesAreRefused() {
        let bytes = checkpoint.encoded()
        var corrupt = bytes
        corrupt[200] ^= 1
        let cases: [([UInt8], String)] = [
            (Array(bytes.dropLast(1)), "c: truncated checkpoint"),
            (Array(bytes.prefix(50)), "c: truncated checkpoint"),
            (corrupt, "c: corrupt checkpoint"),
            (Array("mass,x,y,z,vx,vy,vz\n".utf8) + bytes, "c: not an N-body checkpoint"),
            (bytes + [0], "expected \(bytes.count)"),
        ]
        for (input, message) in cases {
            #expect {
                try Checkpoint(decoding: input, source: "c", maximumCount: 100)
            } throws: { error in
                String(describing: error).contains(message)
            }
        }
        #expect(throws: ValidationError.self) { try Checkpoint(decoding: bytes, source: "c", maximumCount: 19) }
    }
}
