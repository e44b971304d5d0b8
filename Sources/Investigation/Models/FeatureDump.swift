// Writes a feature matrix, labels and split as NumPy files, so peers (LightGBM, notebooks)
// train on exactly the rows and columns amlgraph trains on.
import Foundation
import RiskModels

enum FeatureDump {
    /// `features.npy` (float32, rows × columns), `labels.npy` (uint8), `split.npy` (uint8:
    /// 0 train, 1 validation, 2 test), `columns.json` (names and the tabular column count).
    static func write(_ m: FeatureMatrix, labels: [UInt8], split: [UInt8], to dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var features = npyHeader(dtype: "<f4", shape: [m.rows, m.columns])
        m.values.withUnsafeBytes { features.append(contentsOf: $0) }
        try features.write(to: URL(fileURLWithPath: dir + "/features.npy"))
        try (npyHeader(dtype: "|u1", shape: [labels.count]) + Data(labels)).write(to: URL(fileURLWithPath: dir + "/labels.npy"))
        try (npyHeader(dtype: "|u1", shape: [split.count]) + Data(split)).write(to: URL(fileURLWithPath: dir + "/split.npy"))
        let columns: [String: Any] = ["names": m.names, "tabular": FeatureSchema.tabularCount]
        try JSONSerialization.data(withJSONObject: columns, options: [.sortedKeys]).write(to: URL(fileURLWithPath: dir + "/columns.json"))
    }

    /// NPY format 1.0: magic, version, header length, a Python dict literal padded to 64 bytes.
    static func npyHeader(dtype: String, shape: [Int]) -> Data {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '\(dtype)', 'fortran_order': False, 'shape': \(dims), }"
        let unpadded = 10 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var d = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let len = UInt16(dict.utf8.count)
        d.append(contentsOf: [UInt8(len & 0xFF), UInt8(len >> 8)])
        d.append(contentsOf: Array(dict.utf8))
        return d
    }
}
