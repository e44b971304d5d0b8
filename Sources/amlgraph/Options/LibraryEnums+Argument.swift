// Lets `--scale`, `--format` (generate) and `--format` (ingest) parse into the library's enums.
public import ArgumentParser
public import Ingest

extension DataScale: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
extension IngestFormat: ExpressibleByArgument {}
