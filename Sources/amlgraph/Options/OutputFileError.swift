// A file a command was told to write could not be written.
/// The SVG could not be written; names the file and the option.
struct OutputFileError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "--out: cannot write \(path): \(reason)" }
}
