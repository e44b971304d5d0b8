// Environment lookups in one place, so tests and the CLI read them the same way.
import Foundation

enum ProcessEnvironment {
    static func value(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name]
    }

    /// `host:pid:random`: tells two server processes apart, even on one host after a pid reuse.
    static var ownerTag: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UInt32.random(in: 0...UInt32.max))"
    }
}
