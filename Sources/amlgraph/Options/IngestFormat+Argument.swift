// Lets `--format native|ibm` parse straight into the library's enum.
public import ArgumentParser
public import Ingest

extension IngestFormat: ExpressibleByArgument {}
