// Lets `--scale`, `--format` (generate), `--format` (ingest), `--direction` (render) and others parse into the library's enums.
public import ArgumentParser
public import Ingest
public import GraphAlgorithms
public import Investigation
public import RiskModels

extension DataScale: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
extension IngestFormat: ExpressibleByArgument {}
extension TransferWeighting: ExpressibleByArgument {}
extension AlgorithmName: ExpressibleByArgument {}
extension KHopOptions.Direction: ExpressibleByArgument {}
extension ModelKind: ExpressibleByArgument {}
extension FeatureSet: ExpressibleByArgument {}
extension CalibrationMethod: ExpressibleByArgument {}
extension GeneratorRealism: ExpressibleByArgument {}
